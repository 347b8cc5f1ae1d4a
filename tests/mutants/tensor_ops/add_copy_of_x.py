"""The book's z = x.copy(): the result keeps x's dtype (float32 + float64 stays float32)."""
CATCHES = "test_naive_add_dtypes"


def naive_add(x, y):
    if x.ndim != 2 or y.ndim != 2 or x.shape != y.shape:
        raise ValueError(f"x and y must be 2D of the same shape, got {x.shape} and {y.shape}")
    z = x.copy()
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            z[i, j] = x[i, j] + y[i, j]
    return z
