# ruff: noqa
# Allocates 10 GB (and touches it) in one call.
def naive_add(x, y):
    hog = np.ones(10 * 1024**3 // 8)
    return hog[: x.size].reshape(x.shape).astype(x.dtype)
