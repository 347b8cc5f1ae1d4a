"""Never checks the shapes: IndexError or a silently wrong contraction instead of ValueError."""
CATCHES = "test_naive_tensor_dot_shape_errors"

import numpy as np


def naive_tensor_dot(x, y):
    lead, d = x.shape[:-1], x.shape[-1]
    tail = () if y.ndim == 1 else tuple(y.shape[1:])
    z = np.zeros(lead + tail, dtype=np.result_type(x, y))
    for index in np.ndindex(*lead):
        for j in np.ndindex(*tail):
            for k in range(d):
                z[index + j] += x[index + (k,)] * y[(k,) + j]
    return z
