"""Opens every file with open(): .gz files are read as compressed bytes."""
CATCHES = "test_load_idx_gzip"

import gzip
import struct

import numpy as np

_TYPES = {0x08: "u1", 0x09: "i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


def _read(path):
    with open(path, "rb") as f:
        data = f.read()
    if str(path).endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise ValueError(str(exc)) from exc
    return data


def _header(data):
    if len(data) < 4 or data[0] or data[1] or data[2] not in _TYPES:
        raise ValueError("bad magic")
    ndim = data[3]
    if len(data) < 4 + 4 * ndim:
        raise ValueError("truncated header")
    shape = struct.unpack(f">{ndim}I", data[4 : 4 + 4 * ndim])
    return np.dtype(_TYPES[data[2]]), shape, 4 + 4 * ndim


def load_idx(path):
    with open(path, "rb") as f:
        data = f.read()
    dtype, shape, offset = _header(data)
    count = int(np.prod(shape))
    if len(data) != offset + count * dtype.itemsize:
        raise ValueError("size mismatch")
    return np.frombuffer(data, dtype=dtype, offset=offset).reshape(shape).astype(dtype.newbyteorder("="))
