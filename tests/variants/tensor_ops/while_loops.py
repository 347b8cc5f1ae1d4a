"""Different loop structures: while loops, flat indices with divmod, nditer, reversed loop orders.

dense_forward uses np.einsum, a tanh-based sigmoid and a log-sum-exp softmax.
"""
import numpy as np


def _unravel(flat, shape):
    """Row-major multi-index of a flat position, by repeated divmod."""
    index = []
    for size in reversed(shape):
        flat, r = divmod(flat, size)
        index.append(r)
    return tuple(reversed(index))


def _size(shape):
    n = 1
    for d in shape:
        n *= d
    return n


def naive_relu(x):
    if x.ndim != 2:
        raise ValueError(f"naive_relu needs a 2D tensor, got {x.shape}")
    z = np.empty_like(x)
    i = x.shape[0] - 1
    while i >= 0:
        j = x.shape[1] - 1
        while j >= 0:
            v = x[i][j]
            z[i][j] = v if v > 0 else 0
            j -= 1
        i -= 1
    return z


def naive_add(x, y):
    if x.ndim != 2 or x.shape != y.shape:
        raise ValueError(f"shapes differ or are not 2D: {x.shape} vs {y.shape}")
    z = np.empty(x.shape, dtype=np.result_type(x, y))
    for i, j in np.ndindex(*x.shape):
        z[i, j] = x[i, j] + y[i, j]
    return z


def naive_add_matrix_and_vector(x, y):
    if x.ndim != 2 or y.ndim != 1 or x.shape[-1] != y.shape[-1]:
        raise ValueError(f"cannot add {y.shape} to the rows of {x.shape}")
    z = np.empty(x.shape, dtype=np.result_type(x, y))
    j = 0
    while j < x.shape[1]:
        for i in range(x.shape[0]):
            z[i, j] = y[j] + x[i, j]
        j += 1
    return z


def naive_broadcast_to(x, shape):
    shape = tuple(shape)
    lead = len(shape) - x.ndim
    ok = lead >= 0 and all(x.shape[k] in (1, shape[lead + k]) for k in range(x.ndim))
    if not ok:
        raise ValueError(f"{x.shape} does not broadcast to {shape}")
    z = np.empty(shape, dtype=x.dtype)
    flat = 0
    while flat < _size(shape):
        index = _unravel(flat, shape)
        z[index] = x[tuple(index[lead + k] if x.shape[k] != 1 else 0 for k in range(x.ndim))]
        flat += 1
    return z


def naive_maximum(x, y):
    nd = max(x.ndim, y.ndim)
    sx = (1,) * (nd - x.ndim) + x.shape
    sy = (1,) * (nd - y.ndim) + y.shape
    if any(a != b and 1 not in (a, b) for a, b in zip(sx, sy)):
        raise ValueError(f"{x.shape} and {y.shape} do not broadcast together")
    shape = tuple(a if b == 1 else b for a, b in zip(sx, sy))
    z = np.empty(shape, dtype=np.result_type(x, y))
    for flat in range(_size(shape)):
        index = _unravel(flat, shape)
        a = x[tuple(0 if sx[k] == 1 else index[k] for k in range(nd - x.ndim, nd))]
        b = y[tuple(0 if sy[k] == 1 else index[k] for k in range(nd - y.ndim, nd))]
        z[index] = b if b > a else a
    return z


def naive_vector_dot(x, y):
    if x.ndim != 1 or y.ndim != 1 or len(x) != len(y):
        raise ValueError(f"vectors of different lengths or ranks: {x.shape}, {y.shape}")
    total = np.result_type(x, y).type(0)
    i = 0
    while i < len(x):
        total = total + x[i] * y[i]
        i += 1
    return total


def naive_matrix_vector_dot(x, y):
    if x.ndim != 2 or y.ndim != 1 or x.shape[1] != len(y):
        raise ValueError(f"matrix {x.shape} and vector {y.shape} do not fit")
    z = np.zeros(x.shape[0], dtype=np.result_type(x, y))
    for j in range(x.shape[1]):
        for i in range(x.shape[0]):
            z[i] = z[i] + x[i, j] * y[j]
    return z


def naive_matrix_dot(x, y):
    if x.ndim != 2 or y.ndim != 2 or x.shape[1] != y.shape[0]:
        raise ValueError(f"matrices {x.shape} and {y.shape} do not fit")
    m, n = x.shape
    p = y.shape[1]
    z = np.zeros((m, p), dtype=np.result_type(x, y))
    for k in range(n):  # i-k-j order: the outer-product formulation
        for i in range(m):
            a = x[i, k]
            for j in range(p):
                z[i, j] += a * y[k, j]
    return z


def naive_tensor_dot(x, y):
    if x.ndim < 1 or not 1 <= y.ndim <= 2 or x.shape[x.ndim - 1] != y.shape[0]:
        raise ValueError(f"cannot take np.dot-style product of {x.shape} and {y.shape}")
    d = x.shape[-1]
    out = x.shape[:-1] + y.shape[1:]
    z = np.zeros(out, dtype=np.result_type(x, y))
    for flat in range(_size(out)):
        index = _unravel(flat, out)
        head = index[: x.ndim - 1]
        tail = index[x.ndim - 1 :]
        acc = z[index]
        for k in range(d):
            acc = acc + x[(*head, k)] * y[(k, *tail)]
        z[index] = acc
    return z


def naive_reshape(x, shape):
    shape = [int(s) for s in shape]
    unknown = [k for k, s in enumerate(shape) if s == -1]
    known = _size([s for s in shape if s != -1])
    bad = len(unknown) > 1 or any(s < -1 for s in shape)
    if unknown and not bad:
        bad = known == 0 or x.size % known != 0
        if not bad:
            shape[unknown[0]] = x.size // known
    if bad or _size(shape) != x.size:
        raise ValueError(f"cannot reshape an array of shape {x.shape} into {tuple(shape)}")
    z = np.empty(tuple(shape), dtype=x.dtype)
    for flat in range(x.size):
        z[_unravel(flat, shape)] = x[_unravel(flat, x.shape)]
    return z


def naive_transpose(x):
    if x.ndim != 2:
        raise ValueError(f"naive_transpose needs a matrix, got {x.shape}")
    rows, cols = x.shape
    z = np.empty((cols, rows), dtype=x.dtype)
    for flat in range(rows * cols):
        i, j = divmod(flat, cols)
        z[j][i] = x[i][j]
    return z


def dense_forward(inputs, W, b, activation="relu"):
    if inputs.ndim != 2 or W.ndim != 2 or b.ndim != 1 or inputs.shape[1] != W.shape[0] or len(b) != W.shape[1]:
        raise ValueError(f"incompatible shapes: inputs {inputs.shape}, W {W.shape}, b {b.shape}")
    z = np.einsum("bi,iu->bu", inputs, W) + b
    if activation is None:
        out = z
    elif activation == "relu":
        out = np.where(z > 0, z, 0)
    elif activation == "sigmoid":
        out = 0.5 * (1 + np.tanh(0.5 * z))
    elif activation == "softmax":
        m = z.max(axis=-1, keepdims=True)
        out = np.exp(z - m - np.log(np.exp(z - m).sum(axis=-1, keepdims=True)))
    else:
        raise ValueError(f"activation must be relu, sigmoid, softmax or None, not {activation!r}")
    return np.asarray(out, dtype=np.float32)
