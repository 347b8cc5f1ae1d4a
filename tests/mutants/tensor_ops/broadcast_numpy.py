"""Lets np.broadcast_to do the work (and copies the read-only view)."""
CATCHES = "test_naive_broadcast_to_integrity"

import numpy as np


def naive_broadcast_to(x, shape):
    return np.broadcast_to(x, tuple(shape)).copy()
