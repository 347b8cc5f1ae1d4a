"""Data representations for neural networks (Deep Learning with Python, section 2.2).

Tensors are NumPy arrays: their rank (``ndim``), ``shape`` and ``dtype`` say what
they hold. These exercises inspect tensors, turn the MNIST digits into what a
Dense network eats (flat float32 vectors in [0, 1] and one-hot labels), slice
batches and patches out of them, and read the original MNIST IDX files.

Every function leaves its inputs unchanged.
"""

from __future__ import annotations

import gzip
import os
import zlib

import numpy as np

# IDX type byte -> big-endian NumPy dtype of the stored data (section 2.2 reads
# MNIST, whose files use 0x08; the format defines the others too).
IDX_DTYPES = {
    0x08: np.dtype("u1"),
    0x09: np.dtype("i1"),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}


def tensor_info(x: np.ndarray | float | bool) -> tuple[int, tuple[int, ...], str]:
    """Describe a tensor by its rank, shape and data type (section 2.2.1-2.2.6).

    Args:
        x: a NumPy array of any rank, or a Python scalar (``int``, ``float``,
            ``bool``), which is a 0D tensor (a scalar tensor). It is not modified.

    Returns:
        A tuple ``(ndim, shape, dtype_name)``:
            ndim: ``int``, the number of axes (0 for a scalar).
            shape: ``tuple`` of ``int``, the size of every axis (``()`` for a scalar).
            dtype_name: ``str``, the NumPy dtype name, e.g. ``"uint8"``,
                ``"float32"``; a Python scalar has the dtype NumPy gives it
                (``int`` -> ``"int64"``, ``float`` -> ``"float64"``).

    Raises:
        Nothing for arrays and Python scalars.

    Example:
        >>> tensor_info(np.zeros((3, 5), dtype=np.float32))
        (2, (3, 5), 'float32')
        >>> tensor_info(12.5)
        (0, (), 'float64')
    """
    # BEGIN SOLUTION
    # HINT: np.asarray turns a Python scalar into a 0D array without copying an array.
    # HINT: return plain Python types: int(...), tuple(...), and the dtype's .name.
    arr = np.asarray(x)
    return int(arr.ndim), tuple(int(d) for d in arr.shape), arr.dtype.name
    # END SOLUTION


def prepare_images(images: np.ndarray) -> np.ndarray:
    """Flatten and rescale a batch of greyscale images (section 2.1 / 2.2.4).

    The book prepares the MNIST digits for a Dense network as
    ``images.reshape((n, 28 * 28)).astype("float32") / 255``.

    Args:
        images: ``(n, h, w)`` uint8 array of pixel values in [0, 255], n >= 1.
            It is not modified.

    Returns:
        ``(n, h * w)`` float32 array: each image as one row, in row-major order,
        values divided by 255 (so in [0, 1]).

    Raises:
        ValueError: if ``images`` is not 3D; the message contains its shape.

    Example:
        >>> imgs = np.array([[[0, 255], [51, 102]]], dtype=np.uint8)
        >>> out = prepare_images(imgs)
        >>> out.shape, out.dtype.name
        ((1, 4), 'float32')
        >>> out.tolist()
        [[0.0, 1.0, 0.20000000298023224, 0.4000000059604645]]
    """
    # BEGIN SOLUTION
    # HINT: check the rank first; then reshape to (n, h * w), convert to float32 and
    # HINT: rescale - in that order, so that the division happens in float32.
    images = np.asarray(images)
    if images.ndim != 3:
        raise ValueError(f"images must be 3D (n, h, w), got shape {images.shape}")
    n, h, w = images.shape
    return images.reshape(n, h * w).astype(np.float32) / np.float32(255)
    # END SOLUTION


def to_one_hot(labels: np.ndarray, num_classes: int | None = None) -> np.ndarray:
    """One-hot encode integer class labels (section 3.5.2, ``to_categorical``).

    Row ``i`` of the result is all zeros except a 1 in column ``labels[i]``, the
    same values ``keras.utils.to_categorical`` gives.

    Args:
        labels: ``(n,)`` integer array of class indices. It is not modified.
        num_classes: the number of columns; defaults to ``max(labels) + 1``.

    Returns:
        ``(n, num_classes)`` float32 array of zeros and ones.

    Raises:
        ValueError: if ``labels`` is not 1D (the message contains its shape), if a
            label is negative or ``>= num_classes``, or if ``labels`` is empty and
            ``num_classes`` is not given.

    Example:
        >>> to_one_hot(np.array([0, 2, 1])).tolist()
        [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 0.0]]
        >>> to_one_hot(np.array([1]), num_classes=4).tolist()
        [[0.0, 1.0, 0.0, 0.0]]
    """
    # BEGIN SOLUTION
    # HINT: start from np.zeros((n, num_classes), dtype="float32") and set one 1 per
    # HINT: row; check every label against [0, num_classes) before writing.
    labels = np.asarray(labels)
    if labels.ndim != 1:
        raise ValueError(f"labels must be 1D (n,), got shape {labels.shape}")
    n = labels.shape[0]
    if num_classes is None:
        if n == 0:
            raise ValueError("cannot infer num_classes from empty labels")
        num_classes = int(labels.max()) + 1
    num_classes = int(num_classes)
    if n and (labels.min() < 0 or labels.max() >= num_classes):
        raise ValueError(
            f"labels must be in [0, {num_classes}), got values from "
            f"{labels.min()} to {labels.max()}"
        )
    result = np.zeros((n, num_classes), dtype=np.float32)
    result[np.arange(n), labels.astype(np.intp)] = 1.0
    return result
    # END SOLUTION


def get_batch(x: np.ndarray, n: int, batch_size: int = 128) -> np.ndarray:
    """Return the n-th batch of samples (section 2.2.8, data batches).

    Batches are slices along the first axis (the samples axis):
    ``x[n * batch_size:(n + 1) * batch_size]``; the last batch may be shorter.

    Args:
        x: array of rank >= 1, samples along axis 0; any dtype. It is not modified.
        n: ``int``, the batch index, 0 <= n < ceil(len(x) / batch_size).
        batch_size: ``int``, the number of samples per batch (default 128).

    Returns:
        Array of shape ``(k,) + x.shape[1:]`` with ``k <= batch_size``, same dtype
        as ``x``.

    Raises:
        IndexError: if ``n < 0`` or the batch would start at or past the end of ``x``.
        ValueError: if ``x`` is a 0D tensor (it has no samples axis).

    Example:
        >>> x = np.arange(10).reshape(5, 2)
        >>> get_batch(x, 1, batch_size=2).tolist()
        [[4, 5], [6, 7]]
        >>> get_batch(x, 2, batch_size=2).tolist()
        [[8, 9]]
    """
    # BEGIN SOLUTION
    # HINT: slicing never fails on its own - check n yourself (n < 0, or a start
    # HINT: at or past len(x)) and raise IndexError.
    x = np.asarray(x)
    if x.ndim == 0:
        raise ValueError(f"x must have a samples axis, got shape {x.shape}")
    start = n * batch_size
    if n < 0 or start >= x.shape[0]:
        raise IndexError(f"batch {n} of size {batch_size} is out of range for {x.shape[0]} samples")
    return x[start : start + batch_size].copy()
    # END SOLUTION


def crop_center(images: np.ndarray, size: int) -> np.ndarray:
    """Crop the centre ``size x size`` patch of every image (section 2.2.8, slicing).

    The patch starts at row ``(h - size) // 2`` and column ``(w - size) // 2``; for
    MNIST, cropping 28 -> 14 is the book's ``images[:, 7:-7, 7:-7]``.

    Args:
        images: ``(n, h, w)`` or ``(n, h, w, c)`` array of any dtype. It is not
            modified.
        size: ``int``, the side of the square patch, 0 <= size <= min(h, w).

    Returns:
        ``(n, size, size)`` or ``(n, size, size, c)`` array, same dtype as ``images``.

    Raises:
        ValueError: if ``images`` is not 3D or 4D, or if ``size`` is larger than
            ``h`` or ``w``; the message contains the shape of ``images``.

    Example:
        >>> imgs = np.arange(16).reshape(1, 4, 4)
        >>> crop_center(imgs, 2).tolist()
        [[[5, 6], [9, 10]]]
    """
    # BEGIN SOLUTION
    # HINT: slice every image at once with explicit start:start + size bounds; the
    # HINT: book's [:, 7:-7] pattern breaks when the margin is 0 (-0 is not the end).
    images = np.asarray(images)
    if images.ndim not in (3, 4):
        raise ValueError(f"images must be (n, h, w) or (n, h, w, c), got shape {images.shape}")
    h, w = images.shape[1], images.shape[2]
    if size < 0 or size > h or size > w:
        raise ValueError(f"cannot crop {size} x {size} from images of shape {images.shape}")
    top = (h - size) // 2
    left = (w - size) // 2
    return images[:, top : top + size, left : left + size].copy()
    # END SOLUTION


def load_idx(path: str | os.PathLike[str]) -> np.ndarray:
    """Read one IDX file, such as the original MNIST files (sections 2.1 and 2.2).

    An IDX file is: two zero bytes, a type byte (0x08 uint8, 0x09 int8, 0x0B int16,
    0x0C int32, 0x0D float32, 0x0E float64), a byte with the number of dimensions,
    one big-endian uint32 per dimension, then the data, big-endian and in
    row-major order. Files whose name ends with ``.gz`` are gzip-compressed.

    Args:
        path: path of the file, e.g. ``".../train-images-idx3-ubyte.gz"`` or an
            uncompressed ``".../t10k-labels-idx1-ubyte"``.

    Returns:
        Array of the stored shape (e.g. ``(60000, 28, 28)`` for the MNIST training
        images) and the stored dtype in native byte order (``uint8`` for MNIST).

    Raises:
        ValueError: if the file is truncated or malformed: bad magic bytes, an
            unknown type byte, a short header, too little data, or a damaged
            gzip stream.
        OSError: if the file cannot be opened.

    Example:
        >>> import tempfile, pathlib
        >>> raw = bytes([0, 0, 0x08, 2, 0, 0, 0, 2, 0, 0, 0, 3]) + bytes(range(6))
        >>> with tempfile.TemporaryDirectory() as d:
        ...     p = pathlib.Path(d, "tiny-idx2-ubyte")
        ...     _ = p.write_bytes(raw)
        ...     arr = load_idx(p)
        >>> arr.dtype.name, arr.tolist()
        ('uint8', [[0, 1, 2], [3, 4, 5]])
    """
    # BEGIN SOLUTION
    # HINT: read all bytes (gzip.decompress for .gz), check the 4-byte magic, read
    # HINT: the dimensions with int.from_bytes(..., "big"), then np.frombuffer.
    with open(path, "rb") as f:
        data = f.read()
    if os.fspath(path).endswith(".gz") or data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            raise ValueError(f"{os.fspath(path)!r} is not a valid gzip file: {exc}") from exc
    if len(data) < 4:
        raise ValueError(f"IDX header truncated: {len(data)} bytes")
    if data[0] != 0 or data[1] != 0:
        raise ValueError(f"bad IDX magic bytes {data[:4].hex()}")
    if data[2] not in IDX_DTYPES:
        raise ValueError(f"unknown IDX type byte 0x{data[2]:02x}")
    dtype = IDX_DTYPES[data[2]]
    ndim = data[3]
    header = 4 + 4 * ndim
    if len(data) < header:
        raise ValueError(f"IDX header truncated: {len(data)} bytes, {header} expected")
    shape = tuple(int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim))
    count = int(np.prod(shape, dtype=np.int64))
    expected = header + count * dtype.itemsize
    if len(data) != expected:
        raise ValueError(
            f"IDX data size mismatch: {len(data)} bytes, {expected} expected for shape {shape}"
        )
    flat = np.frombuffer(data, dtype=dtype, count=count, offset=header)
    return flat.astype(dtype.newbyteorder("="), copy=True).reshape(shape)
    # END SOLUTION
