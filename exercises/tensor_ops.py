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
    # HINT: copy x first (the book's x = x.copy()), then loop over rows i and
    # HINT: columns j; max(v, 0) works on one element v = x[i, j].
    raise NotImplementedError("naive_relu: write your code here, then run pytest")


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
    # HINT: check ranks and shapes first; allocate the result with
    # HINT: np.zeros(x.shape, dtype=np.result_type(x, y)) and fill it element by element.
    raise NotImplementedError("naive_add: write your code here, then run pytest")


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
    # HINT: the vector's index follows the column index j, whatever the row i.
    raise NotImplementedError("naive_add_matrix_and_vector: write your code here, then run pytest")


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
    # HINT: step 1 is about shapes only: pad x.shape on the left with 1s. Step 2: loop
    # HINT: over every output index (np.ndindex) and read x where size-1 axes use 0.
    raise NotImplementedError("naive_broadcast_to: write your code here, then run pytest")


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
    # HINT: first work out the result shape from the two shapes aligned on the right;
    # HINT: then for each output index read x and y, using index 0 on their size-1 axes.
    raise NotImplementedError("naive_maximum: write your code here, then run pytest")


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
    # HINT: start from z = 0 and add x[i] * y[i] for every i.
    raise NotImplementedError("naive_vector_dot: write your code here, then run pytest")


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
    # HINT: one output element per row of x: z[i] accumulates x[i, j] * y[j].
    # HINT: mind the dtype of z - np.zeros(m) alone is float64.
    raise NotImplementedError("naive_matrix_vector_dot: write your code here, then run pytest")


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
    # HINT: z[i, j] is the dot product of row i of x with column j of y; compute it
    # HINT: with a third loop over k rather than slicing out rows and columns.
    raise NotImplementedError("naive_matrix_dot: write your code here, then run pytest")


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
    # HINT: loop over every index of x.shape[:-1] with np.ndindex; for each one,
    # HINT: sum x[index + (k,)] * y[k] (or y[k, j] for every column j) over k.
    raise NotImplementedError("naive_tensor_dot: write your code here, then run pytest")


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
    # HINT: resolve -1 from x.size first; then walk the input indices and the output
    # HINT: indices together in row-major order (two np.ndindex iterators and zip).
    raise NotImplementedError("naive_reshape: write your code here, then run pytest")


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
    # HINT: allocate an (n, m) result with x's dtype; row i of x becomes column i.
    raise NotImplementedError("naive_transpose: write your code here, then run pytest")


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
    # HINT: np.dot(inputs, W) + b, then the activation; for softmax subtract the row
    # HINT: maximum before np.exp so that large logits do not overflow.
    raise NotImplementedError("dense_forward: write your code here, then run pytest")
