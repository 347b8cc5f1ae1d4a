"""sigmoid: exp(x) / (1 + exp(x)), which gives inf / inf = nan for large x."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103

import numpy as np

CATCHES = "test_sigmoid_large_magnitudes"


def sigmoid(x):
    e = np.exp(x)
    return e / (1 + e)
