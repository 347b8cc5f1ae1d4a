"""Starts from z = x[0] * y[0]: fails on empty vectors."""
CATCHES = "test_naive_vector_dot_edges"


def naive_vector_dot(x, y):
    if x.ndim != 1 or y.ndim != 1 or x.shape[0] != y.shape[0]:
        raise ValueError(f"x and y must be 1D of the same length, got {x.shape} and {y.shape}")
    z = x[0] * y[0]
    for i in range(1, x.shape[0]):
        z += x[i] * y[i]
    return z
