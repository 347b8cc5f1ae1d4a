"""The trusted side's data: MNIST from the original IDX files, and where data lives.

The data folder is named by the ``DLGRADE_DATA`` environment variable (a folder with
``mnist/`` holding the four IDX files, and ``keras/datasets/`` in Keras's cache format).
"""

from __future__ import annotations

import contextlib
import gzip
import os
import struct
import zlib
from pathlib import Path
from typing import Any

import numpy as np

ENV = "DLGRADE_DATA"
IDX_DTYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}
MNIST_FILES = {
    "x_train": "train-images-idx3-ubyte",
    "y_train": "train-labels-idx1-ubyte",
    "x_test": "t10k-images-idx3-ubyte",
    "y_test": "t10k-labels-idx1-ubyte",
}


class DataNotConfigured(RuntimeError):
    """The data folder is not configured or lacks a file."""


def data_dir() -> Path:
    """The configured data folder.

    Raises:
        DataNotConfigured: if ``DLGRADE_DATA`` is unset or not a folder.
    """
    value = os.environ.get(ENV)
    if not value or not Path(value).is_dir():
        raise DataNotConfigured(f"data not configured: set {ENV} to the shared data folder (it holds mnist/)")
    return Path(value)


def mnist_dir() -> Path:
    """The folder with the MNIST IDX files."""
    path = data_dir() / "mnist"
    if not path.is_dir():
        raise DataNotConfigured(f"{path} does not exist")
    return path


def read_idx(path: str | os.PathLike[str]) -> np.ndarray[Any, Any]:
    """Read one IDX file (optionally gzip-compressed) into a native-byte-order array.

    Raises:
        ValueError: for a truncated or malformed file.
    """
    opener = gzip.open if str(path).endswith(".gz") else open
    try:
        with opener(path, "rb") as fh:
            raw = fh.read()
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:  # a cut-off download or not gzip at all
        raise ValueError(f"{path}: truncated or corrupt gzip file ({exc})") from exc
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] not in IDX_DTYPES:
        raise ValueError(f"{path}: not an IDX file")
    ndim = raw[3]
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise ValueError(f"{path}: truncated header")
    shape = struct.unpack(f">{ndim}I", raw[4:header])
    dtype = np.dtype(IDX_DTYPES[raw[2]])
    size = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    if len(raw) != header + size:
        raise ValueError(f"{path}: expected {size} data bytes, found {len(raw) - header}")
    return np.frombuffer(raw, dtype=dtype, offset=header).reshape(shape).astype(dtype.newbyteorder("="))


def mnist_path(name: str) -> Path:
    """Path of one MNIST file (``.gz`` or not) in the data folder."""
    folder = mnist_dir()
    for candidate in (folder / f"{name}.gz", folder / name):
        if candidate.is_file():
            return candidate
    raise DataNotConfigured(f"{name} not found in {folder}")


def load_mnist() -> tuple[tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]], tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]]:
    """MNIST as ``keras.datasets.mnist.load_data()`` returns it, from the IDX files."""
    arrays = {key: read_idx(mnist_path(name)) for key, name in MNIST_FILES.items()}
    return (arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])


def keras_home() -> Path:
    """A private ``KERAS_HOME`` whose ``datasets/`` links the shared Keras cache files.

    ``keras.datasets.imdb.get_word_index()`` and ``keras.datasets.boston_housing.load_data()``
    then work offline, unchanged, and Keras writes its ``keras.json`` here, never into the
    shared data folder. Set ``os.environ["KERAS_HOME"]`` to it *before* importing keras.

    Raises:
        DataNotConfigured: if the data folder has no ``keras/datasets``.
    """
    import hashlib
    import tempfile

    shared = data_dir() / "keras" / "datasets"
    if not shared.is_dir():
        raise DataNotConfigured(f"{shared} does not exist")
    tag = hashlib.sha256(str(shared.resolve()).encode()).hexdigest()[:12]
    home = Path(tempfile.gettempdir()) / f"dlgrade-keras-home-{os.getuid()}-{tag}"
    datasets = home / "datasets"
    datasets.mkdir(parents=True, exist_ok=True)
    for item in shared.iterdir():
        link = datasets / item.name
        if not link.exists():
            with contextlib.suppress(FileExistsError):  # another grading process made it first
                link.symlink_to(item.resolve())
    return home
