"""Accumulates into x (x[i, j] += y[i, j]) and returns x."""
CATCHES = "test_naive_add_unmodified"


def naive_add(x, y):
    if x.ndim != 2 or y.ndim != 2 or x.shape != y.shape:
        raise ValueError(f"x and y must be 2D of the same shape, got {x.shape} and {y.shape}")
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            x[i, j] += y[i, j]
    return x
