"""Hard-codes three nested loops: handles x of rank <= 3 only."""
CATCHES = "test_naive_tensor_dot_book_shapes"

import numpy as np


def naive_tensor_dot(x, y):
    if x.ndim < 1 or y.ndim not in (1, 2) or x.shape[-1] != y.shape[0]:
        raise ValueError(f"cannot take the dot product of shapes {x.shape} and {y.shape}")
    if x.ndim > 3:
        raise ValueError(f"x must have at most 3 axes, got {x.shape}")
    x3 = x[(None,) * (3 - x.ndim)] if x.ndim < 3 else x
    y2 = y[:, None] if y.ndim == 1 else y
    a, b, d = x3.shape
    e = y2.shape[1]
    z = np.zeros((a, b, e), dtype=np.result_type(x, y))
    for i in range(a):
        for j in range(b):
            for c in range(e):
                for k in range(d):
                    z[i, j, c] += x3[i, j, k] * y2[k, c]
    shape = x.shape[:-1] + (() if y.ndim == 1 else (e,))
    out = np.zeros(shape, dtype=z.dtype)
    for index, value in zip(np.ndindex(*shape), (z[ijc] for ijc in np.ndindex(*z.shape))):
        out[index] = value
    return out
