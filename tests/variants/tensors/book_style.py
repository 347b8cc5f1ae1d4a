"""The book's way (sections 2.1-2.2 and 3.5): attributes, reshape + astype + / 255, a loop for one-hot,
slices with explicit bounds, and an IDX reader built on gzip.open and struct.unpack."""
import gzip
import struct
import zlib

import numpy as np


def tensor_info(x):
    if not isinstance(x, np.ndarray):
        x = np.array(x)
    return x.ndim, x.shape, str(x.dtype)


def prepare_images(images):
    if images.ndim != 3:
        raise ValueError(f"expected (n, h, w) images, got {images.shape}")
    n, h, w = images.shape
    train_images = images.reshape((n, h * w))
    train_images = train_images.astype("float32") / 255
    return train_images


def to_one_hot(labels, num_classes=None):
    if len(labels.shape) != 1:
        raise ValueError(f"labels must have shape (n,), got {labels.shape}")
    if num_classes is None:
        if len(labels) == 0:
            raise ValueError("num_classes is needed for empty labels")
        num_classes = int(max(labels)) + 1
    results = np.zeros((len(labels), num_classes), dtype="float32")
    for i, label in enumerate(labels):
        if label < 0 or label >= num_classes:
            raise ValueError(f"label {label} is not in [0, {num_classes})")
        results[i, label] = 1.0
    return results


def get_batch(x, n, batch_size=128):
    if n < 0 or batch_size * n >= len(x):
        raise IndexError(f"no batch {n} in {len(x)} samples")
    batch = x[batch_size * n : batch_size * (n + 1)]
    return batch


def crop_center(images, size):
    if len(images.shape) not in (3, 4):
        raise ValueError(f"expected (n, h, w) or (n, h, w, c), got {images.shape}")
    h, w = images.shape[1:3]
    if size > min(h, w):
        raise ValueError(f"{size} x {size} does not fit in {images.shape}")
    top = (h - size) // 2
    left = (w - size) // 2
    return images[:, top : h - (h - size - top), left : w - (w - size - left)]


_DTYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


def load_idx(path):
    opener = gzip.open if str(path).endswith(".gz") else open
    try:
        with opener(path, "rb") as f:
            raw = f.read()
        zero, type_byte, ndim = struct.unpack(">HBB", raw[:4])
        shape = struct.unpack(">" + "I" * ndim, raw[4 : 4 + 4 * ndim])
    except (EOFError, zlib.error, gzip.BadGzipFile, struct.error) as exc:
        raise ValueError(f"{path}: truncated or not an IDX file ({exc})") from exc
    if zero != 0 or type_byte not in _DTYPES:
        raise ValueError(f"{path}: bad magic number")
    dtype = np.dtype(_DTYPES[type_byte])
    size = 1
    for d in shape:
        size *= d
    data = raw[4 + 4 * ndim :]
    if len(data) != size * dtype.itemsize:
        raise ValueError(f"{path}: {len(data)} data bytes for shape {shape}")
    return np.frombuffer(data, dtype=dtype).astype(dtype.newbyteorder("=")).reshape(shape)
