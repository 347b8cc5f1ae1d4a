"""Uses min instead of max: keeps the negative part instead of the positive one."""
CATCHES = "test_naive_relu_values"


def naive_relu(x):
    if x.ndim != 2:
        raise ValueError(f"x must be 2D, got shape {x.shape}")
    z = x.copy()
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            z[i, j] = min(x[i, j], 0)
    return z
