"""The book's x = x.copy() as the result: keeps x's dtype (int32 + float64 stays int32)."""
CATCHES = "test_naive_add_matrix_and_vector_dtypes"


def naive_add_matrix_and_vector(x, y):
    if x.ndim != 2 or y.ndim != 1 or x.shape[1] != y.shape[0]:
        raise ValueError(f"expected x (m, n) and y (n,), got {x.shape} and {y.shape}")
    z = x.copy()
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            z[i, j] = x[i, j] + y[j]
    return z
