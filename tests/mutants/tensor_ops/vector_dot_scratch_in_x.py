"""Stores the products in x (x[i] *= y[i]) before summing them."""
CATCHES = "test_naive_vector_dot_unmodified"


def naive_vector_dot(x, y):
    if x.ndim != 1 or y.ndim != 1 or x.shape[0] != y.shape[0]:
        raise ValueError(f"x and y must be 1D of the same length, got {x.shape} and {y.shape}")
    for i in range(x.shape[0]):
        x[i] *= y[i]
    z = 0
    for i in range(x.shape[0]):
        z += x[i]
    return z
