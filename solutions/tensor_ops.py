"""Tensor operations written by hand (Deep Learning with Python, section 2.3).

The ``naive_*`` functions are the book's naive implementations: explicit Python
loops, arithmetic only between single elements (scalars). NumPy does the same
operations in fast vectorised C/BLAS code; writing them by hand shows what
element-wise operations, broadcasting, the tensor product and reshaping
actually do. ``dense_forward`` then puts them together, vectorised, as the
forward pass of a Dense layer: ``activation(dot(input, W) + b)``.

Conventions: inputs are never modified; wrong ranks or incompatible shapes
raise ``ValueError`` naming the shapes; results have the dtype NumPy's own
operation would give (float32 in, float32 out).
"""

from __future__ import annotations

import numpy as np


def naive_relu(x: np.ndarray) -> np.ndarray:
    """Element-wise ``relu`` of a 2D tensor, with loops (section 2.3.1).

    Args:
        x: ``(m, n)`` array of any real dtype. It is not modified.

    Returns:
        ``(m, n)`` array, same dtype as ``x``, holding ``max(x[i, j], 0)``; equal to
        ``np.maximum(x, 0)``.

    Raises:
        ValueError: if ``x`` is not 2D; the message contains its shape.

    Example:
        >>> naive_relu(np.array([[-1.5, 2.0], [0.0, -3.0]], dtype=np.float32)).tolist()
        [[0.0, 2.0], [0.0, 0.0]]
    """
    # BEGIN SOLUTION
    # HINT: copy x first (the book's x = x.copy()), then loop over rows i and
    # HINT: columns j; max(v, 0) works on one element v = x[i, j].
    if x.ndim != 2:
        raise ValueError(f"x must be 2D, got shape {x.shape}")
    z = x.copy()
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            z[i, j] = max(x[i, j], 0)
    return z
    # END SOLUTION


def naive_add(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Element-wise sum of two 2D tensors of the same shape, with loops (section 2.3.1).

    Args:
        x: ``(m, n)`` array. It is not modified.
        y: ``(m, n)`` array. It is not modified.

    Returns:
        ``(m, n)`` array ``x[i, j] + y[i, j]`` with dtype
        ``np.result_type(x, y)`` (float32 + float32 -> float32); equal to ``x + y``.

    Raises:
        ValueError: if ``x`` or ``y`` is not 2D or their shapes differ; the message
            contains both shapes.

    Example:
        >>> naive_add(np.array([[1, 2], [3, 4]]), np.array([[10, 20], [30, 40]])).tolist()
        [[11, 22], [33, 44]]
    """
    # BEGIN SOLUTION
    # HINT: check ranks and shapes first; allocate the result with
    # HINT: np.zeros(x.shape, dtype=np.result_type(x, y)) and fill it element by element.
    if x.ndim != 2 or y.ndim != 2 or x.shape != y.shape:
        raise ValueError(f"x and y must be 2D of the same shape, got {x.shape} and {y.shape}")
    z = np.zeros(x.shape, dtype=np.result_type(x, y))
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            z[i, j] = x[i, j] + y[i, j]
    return z
    # END SOLUTION


def naive_add_matrix_and_vector(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Add a vector to every row of a matrix, with loops (section 2.3.2, broadcasting).

    Args:
        x: ``(m, n)`` array. It is not modified.
        y: ``(n,)`` array. It is not modified.

    Returns:
        ``(m, n)`` array ``x[i, j] + y[j]``, dtype ``np.result_type(x, y)``; equal
        to ``x + y``.

    Raises:
        ValueError: if ``x`` is not 2D, ``y`` is not 1D, or
            ``x.shape[1] != y.shape[0]``; the message contains both shapes.

    Example:
        >>> x = np.array([[1.0, 2.0], [3.0, 4.0]])
        >>> naive_add_matrix_and_vector(x, np.array([10.0, 100.0])).tolist()
        [[11.0, 102.0], [13.0, 104.0]]
    """
    # BEGIN SOLUTION
    # HINT: the vector's index follows the column index j, whatever the row i.
    if x.ndim != 2 or y.ndim != 1 or x.shape[1] != y.shape[0]:
        raise ValueError(f"expected x (m, n) and y (n,), got {x.shape} and {y.shape}")
    z = np.zeros(x.shape, dtype=np.result_type(x, y))
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            z[i, j] = x[i, j] + y[j]
    return z
    # END SOLUTION


def naive_broadcast_to(x: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Broadcast a tensor to a shape by hand (section 2.3.2).

    The book's two steps: (1) add leading axes of size 1 to ``x`` until it has
    ``len(shape)`` axes; (2) repeat ``x`` along the new axes and along its size-1
    axes. Element ``index`` of the result is element ``index`` of ``x`` with every
    axis where ``x`` has size 1 read at position 0.

    Args:
        x: array of any rank and dtype. It is not modified.
        shape: the target shape, a tuple (or list) of non-negative ints with
            ``len(shape) >= x.ndim``.

    Returns:
        A new array of shape ``tuple(shape)``, dtype of ``x``, equal to
        ``np.broadcast_to(x, shape)`` (but writable: it owns its data).

    Raises:
        ValueError: if ``x`` cannot be broadcast to ``shape`` (more axes than
            ``shape``, or an axis of ``x`` that is neither 1 nor the target size);
            the message contains ``x.shape`` and the target shape.

    Example:
        >>> naive_broadcast_to(np.array([1, 2, 3]), (2, 3)).tolist()
        [[1, 2, 3], [1, 2, 3]]
        >>> naive_broadcast_to(np.array([[1], [2]]), (2, 2)).tolist()
        [[1, 1], [2, 2]]
    """
    # BEGIN SOLUTION
    # HINT: step 1 is about shapes only: pad x.shape on the left with 1s. Step 2: loop
    # HINT: over every output index (np.ndindex) and read x where size-1 axes use 0.
    shape = tuple(int(d) for d in shape)
    lead = len(shape) - x.ndim
    if lead < 0 or any(d < 0 for d in shape):
        raise ValueError(f"cannot broadcast shape {x.shape} to {shape}")
    padded = (1,) * lead + tuple(x.shape)
    for have, want in zip(padded, shape, strict=True):
        if have not in (1, want):
            raise ValueError(f"cannot broadcast shape {x.shape} to {shape}")
    z = np.empty(shape, dtype=x.dtype)
    for index in np.ndindex(*shape):
        source = tuple(0 if padded[lead + k] == 1 else index[lead + k] for k in range(x.ndim))
        z[index] = x[source]
    return z
    # END SOLUTION


def naive_maximum(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Element-wise maximum of two broadcast-compatible tensors, with loops (section 2.3.2).

    The book's example: ``x`` of shape ``(64, 3, 32, 10)`` and ``y`` of shape
    ``(32, 10)`` give a ``(64, 3, 32, 10)`` result. Shapes are aligned on the
    right; along each axis the sizes must be equal, or one of them 1.

    Args:
        x: array of any rank. It is not modified.
        y: array of any rank, broadcast-compatible with ``x``. It is not modified.

    Returns:
        Array of the broadcast shape, dtype ``np.result_type(x, y)``, equal to
        ``np.maximum(x, y)``.

    Raises:
        ValueError: if the shapes are not broadcast-compatible; the message
            contains both shapes.

    Example:
        >>> x = np.array([[1.0, 5.0], [4.0, 2.0]])
        >>> naive_maximum(x, np.array([3.0, 3.0])).tolist()
        [[3.0, 5.0], [4.0, 3.0]]
    """
    # BEGIN SOLUTION
    # HINT: first work out the result shape from the two shapes aligned on the right;
    # HINT: then for each output index read x and y, using index 0 on their size-1 axes.
    x_shape, y_shape = x.shape, y.shape
    ndim = max(len(x_shape), len(y_shape))
    xs = (1,) * (ndim - len(x_shape)) + tuple(x_shape)
    ys = (1,) * (ndim - len(y_shape)) + tuple(y_shape)
    out_shape = []
    for a, b in zip(xs, ys, strict=True):
        if a not in (b, 1) and b != 1:
            raise ValueError(f"shapes {x_shape} and {y_shape} are not broadcast-compatible")
        out_shape.append(b if a == 1 else a)
    z = np.empty(tuple(out_shape), dtype=np.result_type(x, y))
    x_lead, y_lead = ndim - len(x_shape), ndim - len(y_shape)
    for index in np.ndindex(*out_shape):
        xi = tuple(0 if xs[k] == 1 else index[k] for k in range(x_lead, ndim))
        yi = tuple(0 if ys[k] == 1 else index[k] for k in range(y_lead, ndim))
        a, b = x[xi], y[yi]
        z[index] = max(a, b)
    return z
    # END SOLUTION


def naive_vector_dot(x: np.ndarray, y: np.ndarray) -> float:
    """Dot product of two vectors, with a loop (section 2.3.3).

    Args:
        x: ``(n,)`` array. It is not modified.
        y: ``(n,)`` array. It is not modified.

    Returns:
        The scalar ``sum(x[i] * y[i])`` (a NumPy or Python scalar; compared by
        value with ``np.dot(x, y)``); 0 for empty vectors.

    Raises:
        ValueError: if ``x`` or ``y`` is not 1D or their lengths differ; the
            message contains both shapes.

    Example:
        >>> float(naive_vector_dot(np.array([1.0, 2.0, 3.0]), np.array([4.0, 5.0, 6.0])))
        32.0
    """
    # BEGIN SOLUTION
    # HINT: start from z = 0 and add x[i] * y[i] for every i.
    if x.ndim != 1 or y.ndim != 1 or x.shape[0] != y.shape[0]:
        raise ValueError(f"x and y must be 1D of the same length, got {x.shape} and {y.shape}")
    z = np.zeros((), dtype=np.result_type(x, y))[()]
    for i in range(x.shape[0]):
        z += x[i] * y[i]
    return z
    # END SOLUTION


def naive_matrix_vector_dot(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Matrix-vector product, with loops (section 2.3.3).

    Args:
        x: ``(m, n)`` array. It is not modified.
        y: ``(n,)`` array. It is not modified.

    Returns:
        ``(m,)`` array ``z[i] = sum_j x[i, j] * y[j]``, dtype
        ``np.result_type(x, y)``; equal to ``np.dot(x, y)``.

    Raises:
        ValueError: if ``x`` is not 2D, ``y`` is not 1D, or
            ``x.shape[1] != y.shape[0]``; the message contains both shapes.

    Example:
        >>> x = np.array([[1, 2], [3, 4], [5, 6]])
        >>> naive_matrix_vector_dot(x, np.array([1, -1])).tolist()
        [-1, -1, -1]
    """
    # BEGIN SOLUTION
    # HINT: one output element per row of x: z[i] accumulates x[i, j] * y[j].
    # HINT: mind the dtype of z - np.zeros(m) alone is float64.
    if x.ndim != 2 or y.ndim != 1 or x.shape[1] != y.shape[0]:
        raise ValueError(f"expected x (m, n) and y (n,), got {x.shape} and {y.shape}")
    z = np.zeros(x.shape[0], dtype=np.result_type(x, y))
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            z[i] += x[i, j] * y[j]
    return z
    # END SOLUTION


def naive_matrix_dot(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Matrix product, with loops (section 2.3.3).

    Args:
        x: ``(m, n)`` array. It is not modified.
        y: ``(n, p)`` array. It is not modified.

    Returns:
        ``(m, p)`` array ``z[i, j] = sum_k x[i, k] * y[k, j]``, dtype
        ``np.result_type(x, y)``; equal to ``np.dot(x, y)``.

    Raises:
        ValueError: if ``x`` or ``y`` is not 2D or ``x.shape[1] != y.shape[0]``;
            the message contains both shapes.

    Example:
        >>> x = np.array([[1, 2], [3, 4]])
        >>> naive_matrix_dot(x, np.array([[0, 1], [1, 0]])).tolist()
        [[2, 1], [4, 3]]
    """
    # BEGIN SOLUTION
    # HINT: z[i, j] is the dot product of row i of x with column j of y; compute it
    # HINT: with a third loop over k rather than slicing out rows and columns.
    if x.ndim != 2 or y.ndim != 2 or x.shape[1] != y.shape[0]:
        raise ValueError(f"expected x (m, n) and y (n, p), got {x.shape} and {y.shape}")
    z = np.zeros((x.shape[0], y.shape[1]), dtype=np.result_type(x, y))
    for i in range(x.shape[0]):
        for j in range(y.shape[1]):
            for k in range(x.shape[1]):
                z[i, j] += x[i, k] * y[k, j]
    return z
    # END SOLUTION


def naive_tensor_dot(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Tensor product over the last axis of ``x``, with loops (section 2.3.3).

    ``(a, b, c, d) . (d,) -> (a, b, c)`` and ``(a, b, c, d) . (d, e) -> (a, b, c, e)``,
    as ``np.dot`` does for an N-D ``x`` and a 1D or 2D ``y``.

    Args:
        x: array of rank >= 1 (rank >= 2 when ``y`` is 1D). It is not modified.
        y: ``(d,)`` or ``(d, e)`` array with ``d == x.shape[-1]``. It is not
            modified.

    Returns:
        Array of shape ``x.shape[:-1]`` (``y`` 1D) or ``x.shape[:-1] + (e,)``
        (``y`` 2D), dtype ``np.result_type(x, y)``; equal to ``np.dot(x, y)``.

    Raises:
        ValueError: if ``x`` is 0D, ``y`` is not 1D or 2D, or the last axis of
            ``x`` differs from the first axis of ``y``; the message contains both
            shapes.

    Example:
        >>> x = np.arange(8).reshape(2, 2, 2)
        >>> naive_tensor_dot(x, np.array([1, 10])).tolist()
        [[10, 32], [54, 76]]
        >>> naive_tensor_dot(x, np.eye(2, dtype=int)).tolist()
        [[[0, 1], [2, 3]], [[4, 5], [6, 7]]]
    """
    # BEGIN SOLUTION
    # HINT: loop over every index of x.shape[:-1] with np.ndindex; for each one,
    # HINT: sum x[index + (k,)] * y[k] (or y[k, j] for every column j) over k.
    if x.ndim < 1 or y.ndim not in (1, 2) or x.shape[-1] != y.shape[0]:
        raise ValueError(f"cannot take the dot product of shapes {x.shape} and {y.shape}")
    lead = x.shape[:-1]
    d = x.shape[-1]
    dtype = np.result_type(x, y)
    if y.ndim == 1:
        z = np.zeros(lead, dtype=dtype)
        for index in np.ndindex(*lead):
            for k in range(d):
                z[index] += x[(*index, k)] * y[k]
        return z
    e = y.shape[1]
    z = np.zeros((*lead, e), dtype=dtype)
    for index in np.ndindex(*lead):
        for j in range(e):
            for k in range(d):
                z[(*index, j)] += x[(*index, k)] * y[k, j]
    return z
    # END SOLUTION


def naive_reshape(x: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Row-major reshape, with loops (section 2.3.5).

    The elements are read in row-major (C) order and written in row-major order
    into the new shape; one entry of ``shape`` may be ``-1``, meaning "whatever
    size makes the element count match".

    Args:
        x: array of any rank and dtype. It is not modified.
        shape: the new shape, a tuple (or list) of ints, at most one of them -1.

    Returns:
        A new array of the new shape, dtype of ``x``, equal to ``np.reshape(x, shape)``.

    Raises:
        ValueError: if the element counts differ, ``-1`` appears more than once,
            ``-1`` cannot be resolved, or an entry is negative (other than -1);
            the message contains ``x.shape`` and the requested shape.

    Example:
        >>> naive_reshape(np.arange(6), (3, -1)).tolist()
        [[0, 1], [2, 3], [4, 5]]
        >>> naive_reshape(np.array([[1, 2, 3], [4, 5, 6]]), (3, 2)).tolist()
        [[1, 2], [3, 4], [5, 6]]
    """
    # BEGIN SOLUTION
    # HINT: resolve -1 from x.size first; then walk the input indices and the output
    # HINT: indices together in row-major order (two np.ndindex iterators and zip).
    if isinstance(shape, (int, np.integer)):
        shape = (shape,)
    shape = tuple(int(d) for d in shape)
    if shape.count(-1) > 1 or any(d < -1 for d in shape):
        raise ValueError(f"cannot reshape array of shape {x.shape} into shape {shape}")
    known = 1
    for d in shape:
        if d != -1:
            known *= d
    if -1 in shape:
        if known == 0 or x.size % known != 0:
            raise ValueError(f"cannot reshape array of shape {x.shape} into shape {shape}")
        shape = tuple(x.size // known if d == -1 else d for d in shape)
    elif known != x.size:
        raise ValueError(f"cannot reshape array of shape {x.shape} into shape {shape}")
    z = np.empty(shape, dtype=x.dtype)
    for src, dst in zip(np.ndindex(*x.shape), np.ndindex(*shape), strict=True):
        z[dst] = x[src]
    return z
    # END SOLUTION


def naive_transpose(x: np.ndarray) -> np.ndarray:
    """Transpose a matrix, with loops (section 2.3.5).

    Args:
        x: ``(m, n)`` array of any dtype. It is not modified.

    Returns:
        ``(n, m)`` array with ``z[j, i] = x[i, j]``, dtype of ``x``; equal to ``x.T``.

    Raises:
        ValueError: if ``x`` is not 2D; the message contains its shape.

    Example:
        >>> naive_transpose(np.array([[1, 2, 3], [4, 5, 6]])).tolist()
        [[1, 4], [2, 5], [3, 6]]
    """
    # BEGIN SOLUTION
    # HINT: allocate an (n, m) result with x's dtype; row i of x becomes column i.
    if x.ndim != 2:
        raise ValueError(f"x must be 2D, got shape {x.shape}")
    m, n = x.shape
    z = np.empty((n, m), dtype=x.dtype)
    for i in range(m):
        for j in range(n):
            z[j, i] = x[i, j]
    return z
    # END SOLUTION


def dense_forward(
    inputs: np.ndarray,
    W: np.ndarray,  # noqa: N803 - the book's (and the catalogue's) name for the kernel
    b: np.ndarray,
    activation: str | None = "relu",
) -> np.ndarray:
    """Forward pass of a Dense layer, vectorised (sections 2.3 and 2.3.6).

    ``output = activation(dot(inputs, W) + b)``, what ``keras.layers.Dense(units,
    activation=...)`` computes with kernel ``W`` and bias ``b``.

    Args:
        inputs: ``(batch, in)`` float32 array. It is not modified.
        W: ``(in, units)`` float32 kernel. It is not modified.
        b: ``(units,)`` float32 bias. It is not modified.
        activation: ``"relu"``, ``"sigmoid"``, ``"softmax"`` (over the last axis,
            numerically stable) or ``None`` (linear).

    Returns:
        ``(batch, units)`` float32 array.

    Raises:
        ValueError: if ``inputs`` or ``W`` is not 2D, ``b`` is not 1D, or the
            shapes do not fit together (the message contains the shapes), or if
            ``activation`` is not one of the four above.

    Example:
        >>> x = np.array([[1.0, 2.0]], dtype=np.float32)
        >>> W = np.array([[1.0, -1.0], [0.5, -0.5]], dtype=np.float32)
        >>> b = np.array([0.0, 1.0], dtype=np.float32)
        >>> dense_forward(x, W, b).tolist()
        [[2.0, 0.0]]
        >>> dense_forward(x, W, b, activation=None).tolist()
        [[2.0, -1.0]]
    """
    # BEGIN SOLUTION
    # HINT: np.dot(inputs, W) + b, then the activation; for softmax subtract the row
    # HINT: maximum before np.exp so that large logits do not overflow.
    if inputs.ndim != 2 or W.ndim != 2 or b.ndim != 1:
        raise ValueError(
            f"expected inputs (batch, in), W (in, units), b (units,), got "
            f"{inputs.shape}, {W.shape} and {b.shape}"
        )
    if inputs.shape[1] != W.shape[0] or W.shape[1] != b.shape[0]:
        raise ValueError(
            f"shapes do not fit: inputs {inputs.shape}, W {W.shape}, b {b.shape}"
        )
    z = (np.dot(inputs, W) + b).astype(np.float32)
    if activation is None:
        return z
    if activation == "relu":
        return np.maximum(z, np.float32(0))
    if activation == "sigmoid":
        # exp of a non-positive number never overflows: use the form that needs it.
        e = np.exp(-np.abs(z))
        return np.where(z >= 0, 1 / (1 + e), e / (1 + e)).astype(np.float32)
    if activation == "softmax":
        e = np.exp(z - z.max(axis=-1, keepdims=True))
        return (e / e.sum(axis=-1, keepdims=True)).astype(np.float32)
    raise ValueError(f"unknown activation {activation!r}")
    # END SOLUTION
