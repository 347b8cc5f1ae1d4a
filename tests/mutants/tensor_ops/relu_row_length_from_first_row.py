"""Reads the row length with len(x[0]): fails on an empty (0, n) matrix."""
CATCHES = "test_naive_relu_edges"


def naive_relu(x):
    if x.ndim != 2:
        raise ValueError(f"x must be 2D, got shape {x.shape}")
    z = x.copy()
    n_cols = len(x[0])
    for i in range(len(x)):
        for j in range(n_cols):
            z[i, j] = max(x[i, j], 0)
    return z
