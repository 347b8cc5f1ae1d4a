"""Takes len(x) (the first axis' size) for the rank."""
CATCHES = "test_tensor_info_arrays"

import numpy as np


def tensor_info(x):
    arr = np.asarray(x)
    ndim = len(arr) if arr.ndim else 0
    return ndim, tuple(arr.shape), arr.dtype.name
