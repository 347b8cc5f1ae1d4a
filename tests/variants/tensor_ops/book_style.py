"""The book's listings (section 2.3), with ValueError instead of assert and NumPy's result dtypes.

naive_relu/naive_add copy x and write into the copy; the dot products are built from
naive_vector_dot on rows and columns (x[i, :], y[:, j]), as the book does;
dense_forward uses `@` and the textbook sigmoid 1 / (1 + exp(-z)).
"""
import numpy as np


def naive_relu(x):
    if len(x.shape) != 2:
        raise ValueError(f"expected a 2D tensor, got shape {x.shape}")
    x = x.copy()
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            if x[i, j] < 0:
                x[i, j] = 0
    return x


def naive_add(x, y):
    if len(x.shape) != 2 or x.shape != y.shape:
        raise ValueError(f"expected two 2D tensors of the same shape, got {x.shape} and {y.shape}")
    z = x.astype(np.result_type(x, y))  # a converted copy
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            z[i, j] += y[i, j]
    return z


def naive_add_matrix_and_vector(x, y):
    if len(x.shape) != 2 or len(y.shape) != 1 or x.shape[1] != y.shape[0]:
        raise ValueError(f"expected (m, n) and (n,), got {x.shape} and {y.shape}")
    z = x.astype(np.result_type(x, y))
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            z[i, j] += y[j]
    return z


def naive_broadcast_to(x, shape):
    shape = tuple(shape)
    if len(shape) < x.ndim:
        raise ValueError(f"{x.shape} has more axes than {shape}")
    # step 1: add leading axes (as a shape only)
    padded = (1,) * (len(shape) - x.ndim) + x.shape
    for k in range(len(shape)):
        if padded[k] != 1 and padded[k] != shape[k]:
            raise ValueError(f"cannot broadcast {x.shape} to {shape}")
    # step 2: repeat, element by element
    z = np.zeros(shape, dtype=x.dtype)
    lead = len(shape) - x.ndim
    for index in np.ndindex(*shape):
        source = []
        for k in range(x.ndim):
            source.append(0 if x.shape[k] == 1 else index[lead + k])
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


def naive_vector_dot(x, y):
    if len(x.shape) != 1 or len(y.shape) != 1 or x.shape[0] != y.shape[0]:
        raise ValueError(f"expected two vectors of the same length, got {x.shape} and {y.shape}")
    z = 0.
    for i in range(x.shape[0]):
        z += x[i] * y[i]
    return z


def naive_matrix_vector_dot(x, y):
    if len(x.shape) != 2 or len(y.shape) != 1 or x.shape[1] != y.shape[0]:
        raise ValueError(f"expected (m, n) and (n,), got {x.shape} and {y.shape}")
    z = np.zeros(x.shape[0], dtype=np.result_type(x, y))
    for i in range(x.shape[0]):
        z[i] = naive_vector_dot(x[i, :], y)
    return z


def naive_matrix_dot(x, y):
    if len(x.shape) != 2 or len(y.shape) != 2 or x.shape[1] != y.shape[0]:
        raise ValueError(f"expected (m, n) and (n, p), got {x.shape} and {y.shape}")
    z = np.zeros((x.shape[0], y.shape[1]), dtype=np.result_type(x, y))
    for i in range(x.shape[0]):
        for j in range(y.shape[1]):
            row_x = x[i, :]
            column_y = y[:, j]
            z[i, j] = naive_vector_dot(row_x, column_y)
    return z


def naive_tensor_dot(x, y):
    if x.ndim == 0 or y.ndim not in (1, 2) or x.shape[-1] != y.shape[0]:
        raise ValueError(f"cannot contract {x.shape} with {y.shape}")
    if x.ndim == 1:
        if y.ndim == 1:
            return np.asarray(naive_vector_dot(x, y), dtype=np.result_type(x, y))
        z = np.zeros(y.shape[1], dtype=np.result_type(x, y))
        for j in range(y.shape[1]):
            z[j] = naive_vector_dot(x, y[:, j])
        return z
    if x.ndim == 2:
        if y.ndim == 1:
            return naive_matrix_vector_dot(x, y)
        return naive_matrix_dot(x, y)
    out = x.shape[:-1] + y.shape[1:]
    z = np.zeros(out, dtype=np.result_type(x, y))
    for i in range(x.shape[0]):
        z[i] = naive_tensor_dot(x[i], y)
    return z


def naive_reshape(x, shape):
    shape = list(shape)
    if shape.count(-1) > 1:
        raise ValueError(f"only one -1 allowed: {x.shape} -> {tuple(shape)}")
    if -1 in shape:
        rest = 1
        for d in shape:
            if d != -1:
                rest *= d
        if rest == 0 or x.size % rest != 0:
            raise ValueError(f"cannot reshape {x.shape} into {tuple(shape)}")
        shape[shape.index(-1)] = x.size // rest
    count = 1
    for d in shape:
        if d < 0:
            raise ValueError(f"cannot reshape {x.shape} into {tuple(shape)}")
        count *= d
    if count != x.size:
        raise ValueError(f"cannot reshape {x.shape} into {tuple(shape)}")
    values = [x[index] for index in np.ndindex(*x.shape)]
    z = np.zeros(shape, dtype=x.dtype)
    for value, index in zip(values, np.ndindex(*shape)):
        z[index] = value
    return z


def naive_transpose(x):
    if len(x.shape) != 2:
        raise ValueError(f"expected a 2D tensor, got shape {x.shape}")
    z = np.zeros((x.shape[1], x.shape[0]), dtype=x.dtype)
    for j in range(x.shape[1]):
        for i in range(x.shape[0]):
            z[j, i] = x[i, j]
    return z


def dense_forward(inputs, W, b, activation="relu"):
    if inputs.ndim != 2 or W.ndim != 2 or b.ndim != 1:
        raise ValueError(f"bad ranks: {inputs.shape}, {W.shape}, {b.shape}")
    if inputs.shape[1] != W.shape[0] or W.shape[1] != b.shape[0]:
        raise ValueError(f"shapes do not fit: {inputs.shape}, {W.shape}, {b.shape}")
    z = inputs @ W + b
    if activation == "relu":
        z = np.maximum(z, 0.0)
    elif activation == "sigmoid":
        with np.errstate(over="ignore"):
            z = 1 / (1 + np.exp(-z))
    elif activation == "softmax":
        e = np.exp(z - np.max(z, axis=1, keepdims=True))
        z = e / np.sum(e, axis=1, keepdims=True)
    elif activation is not None:
        raise ValueError(f"unknown activation {activation}")
    return z.astype("float32")
