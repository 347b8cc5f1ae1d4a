"""Other NumPy idioms: np.ndim/np.shape/np.result_type, x * (1 / 255), np.eye rows, np.take crops,
and an IDX reader that detects gzip by its magic bytes and byte-swaps by hand."""
import gzip
import sys

import numpy as np


def tensor_info(x):
    return int(np.ndim(x)), tuple(int(d) for d in np.shape(x)), np.result_type(x).name


def prepare_images(images):
    if np.ndim(images) != 3:
        raise ValueError(f"prepare_images wants (n, h, w), not {np.shape(images)}")
    flat = images.reshape(len(images), -1).astype(np.float32)
    return flat * (1 / 255)


def to_one_hot(labels, num_classes=None):
    labels = np.asarray(labels)
    if labels.ndim != 1:
        raise ValueError(f"to_one_hot wants (n,) labels, not {labels.shape}")
    if num_classes is None:
        if labels.size == 0:
            raise ValueError("cannot infer num_classes from no labels")
        num_classes = labels.max() + 1
    num_classes = int(num_classes)
    if np.any(labels < 0) or np.any(labels >= num_classes):
        raise ValueError(f"labels outside [0, {num_classes})")
    return np.eye(num_classes, dtype=np.float32)[labels.astype(np.int64)]


def get_batch(x, n, batch_size=128):
    x = np.asarray(x)
    n_batches = -(-len(x) // batch_size)
    if not 0 <= n < n_batches:
        raise IndexError(f"batch index {n} outside [0, {n_batches})")
    stop = min((n + 1) * batch_size, len(x))
    return x[n * batch_size : stop].copy()


def crop_center(images, size):
    if images.ndim != 3 and images.ndim != 4:
        raise ValueError(f"crop_center wants 3D or 4D images, not {images.shape}")
    h, w = images.shape[1], images.shape[2]
    if size > h or size > w:
        raise ValueError(f"size {size} exceeds the images {images.shape}")
    rows = np.arange(size) + (h - size) // 2
    cols = np.arange(size) + (w - size) // 2
    return np.take(np.take(images, rows, axis=1), cols, axis=2)


def load_idx(path):
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except Exception as exc:  # truncated stream, bad CRC, ...
            raise ValueError(f"damaged gzip file: {exc}") from exc
    if len(raw) < 4 or raw[:2] != b"\x00\x00":
        raise ValueError("not an IDX file")
    kinds = {8: "u1", 9: "i1", 11: "i2", 12: "i4", 13: "f4", 14: "f8"}
    if raw[2] not in kinds:
        raise ValueError(f"unknown IDX type {raw[2]:#x}")
    ndim = raw[3]
    end = 4 + 4 * ndim
    if len(raw) < end:
        raise ValueError("IDX header cut short")
    shape = tuple(np.frombuffer(raw, dtype=">u4", count=ndim, offset=4).astype(np.int64))
    native = np.dtype(kinds[raw[2]])
    count = int(np.prod(shape))
    if len(raw) - end != count * native.itemsize:
        raise ValueError("IDX data length does not match the dimensions")
    values = np.frombuffer(raw, dtype=native, count=count, offset=end).copy()
    if sys.byteorder == "little" and native.itemsize > 1:
        values = values.byteswap()
    return values.reshape(shape)
