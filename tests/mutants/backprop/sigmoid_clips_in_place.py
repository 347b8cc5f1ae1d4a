"""sigmoid: clips its input in place to avoid overflow (np.clip(x, -500, 500, out=x))."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103

import numpy as np

CATCHES = "test_sigmoid_unmodified"


def sigmoid(x):
    np.clip(x, -500, 500, out=x)
    return 1 / (1 + np.exp(-x))
