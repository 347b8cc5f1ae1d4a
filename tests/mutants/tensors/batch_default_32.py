"""Defaults to batch_size=32 (Keras fit's default) instead of the book's 128."""
CATCHES = "test_get_batch_default_batch_size"


def get_batch(x, n, batch_size=32):
    if n < 0 or n * batch_size >= len(x):
        raise IndexError(f"batch {n} out of range")
    return x[n * batch_size : (n + 1) * batch_size]
