"""Forgets the book's x = x.copy(): clamps the input in place and returns it."""
CATCHES = "test_naive_relu_unmodified"


def naive_relu(x):
    if x.ndim != 2:
        raise ValueError(f"x must be 2D, got shape {x.shape}")
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            x[i, j] = max(x[i, j], 0)
    return x
