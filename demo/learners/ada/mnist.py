# Ada's MNIST: the book's network, exactly as section 2.1 writes it (nothing to add).
