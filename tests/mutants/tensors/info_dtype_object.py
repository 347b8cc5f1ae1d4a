"""Returns the np.dtype object instead of its name."""
CATCHES = "test_tensor_info_types"

import numpy as np


def tensor_info(x):
    arr = np.asarray(x)
    return arr.ndim, arr.shape, arr.dtype
