"""naive_broadcast_to: reads x at index[k], forgetting the leading axes it added; a maximum built on it keeps full marks."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103

import numpy as np

CATCHES = "test_naive_broadcast_to_values"
CALLERS = ("naive_maximum",)


def naive_broadcast_to(x, shape):
    shape = tuple(shape)
    padded = (1,) * (len(shape) - x.ndim) + x.shape
    if len(shape) < x.ndim or any(p not in (1, s) for p, s in zip(padded, shape)):
        raise ValueError(f"cannot broadcast {x.shape} to {shape}")
    z = np.empty(shape, dtype=x.dtype)
    for index in np.ndindex(*shape):
        source = []
        for k in range(x.ndim):
            source.append(0 if x.shape[k] == 1 else min(index[k], x.shape[k] - 1))
        z[index] = x[tuple(source)]
    return z


def naive_maximum(x, y):
    ndim = max(x.ndim, y.ndim)
    xs = [1] * (ndim - x.ndim) + list(x.shape)
    ys = [1] * (ndim - y.ndim) + list(y.shape)
    shape = []
    for a, b in zip(xs, ys):
        if a == b or b == 1:
            shape.append(a)
        elif a == 1:
            shape.append(b)
        else:
            raise ValueError(f"cannot broadcast {x.shape} with {y.shape}")
    xb = naive_broadcast_to(x, shape)
    yb = naive_broadcast_to(y, shape)
    z = np.zeros(shape, dtype=np.result_type(x, y))
    for index in np.ndindex(*shape):
        z[index] = max(xb[index], yb[index])
    return z
