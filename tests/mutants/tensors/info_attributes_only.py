"""Reads x.ndim directly: a Python scalar has no .ndim (AttributeError)."""
CATCHES = "test_tensor_info_python_scalars"


def tensor_info(x):
    return x.ndim, x.shape, x.dtype.name
