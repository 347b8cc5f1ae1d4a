# Half done: the element-wise exercises, honestly, nothing else yet.
def naive_relu(x):
    if x.ndim != 2:
        raise ValueError(f"x must be 2D, got {x.shape}")
    z = x.copy()
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            z[i, j] = max(z[i, j], 0)
    return z


def naive_add(x, y):
    if x.ndim != 2 or x.shape != y.shape:
        raise ValueError(f"shapes {x.shape} and {y.shape}")
    z = np.zeros(x.shape, dtype=np.result_type(x, y))
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            z[i, j] = x[i, j] + y[i, j]
    return z


def naive_transpose(x):
    if x.ndim != 2:
        raise ValueError(f"x must be 2D, got {x.shape}")
    z = np.zeros((x.shape[1], x.shape[0]), dtype=x.dtype)
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            z[j, i] = x[i, j]
    return z
