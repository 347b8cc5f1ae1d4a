"""Unpacks the header with struct without a length check: struct.error, not ValueError."""
CATCHES = "test_load_idx_truncated_header"

import gzip
import struct

import numpy as np

_TYPES = {0x08: "u1", 0x09: "i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


def load_idx(path):
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    zero, type_byte, ndim = struct.unpack(">HBB", data[:4])
    shape = struct.unpack(f">{ndim}I", data[4 : 4 + 4 * ndim])
    dtype = np.dtype(_TYPES[type_byte])
    count = int(np.prod(shape))
    return np.frombuffer(data, dtype=dtype, offset=4 + 4 * ndim, count=count).reshape(shape).astype(
        dtype.newbyteorder("=")
    )
