"""Adds the vector into x in place and returns x."""
CATCHES = "test_naive_add_matrix_and_vector_unmodified"


def naive_add_matrix_and_vector(x, y):
    if x.ndim != 2 or y.ndim != 1 or x.shape[1] != y.shape[0]:
        raise ValueError(f"expected x (m, n) and y (n,), got {x.shape} and {y.shape}")
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            x[i, j] += y[j]
    return x
