# Partial marks: two classic slips.
def naive_matrix_dot(x, y):
    if x.ndim != 2 or y.ndim != 2 or x.shape[1] != y.shape[0]:
        raise ValueError(f"incompatible shapes {x.shape} and {y.shape}")
    z = np.zeros((x.shape[0], y.shape[1]), dtype=np.result_type(x, y))
    for i in range(x.shape[0]):
        for j in range(y.shape[1]):
            for k in range(x.shape[1] - 1):  # off by one: forgets the last term
                z[i, j] += x[i, k] * y[k, j]
    return z


def naive_relu(x):
    if x.ndim != 2:
        raise ValueError(f"x must be 2D, got {x.shape}")
    for i in range(x.shape[0]):  # forgets the book's x = x.copy()
        for j in range(x.shape[1]):
            x[i, j] = max(x[i, j], 0)
    return x
