# An infinite loop: the while condition never changes.
def naive_add(x, y):
    z = np.zeros(x.shape, dtype=np.result_type(x, y))
    i = 0
    while i < x.shape[0]:
        for j in range(x.shape[1]):
            z[i, j] = x[i, j] + y[i, j]
    return z
