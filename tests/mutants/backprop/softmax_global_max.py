"""softmax: subtracts the global max instead of each row's: a row far below it underflows to 0 / 0."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103

import numpy as np

CATCHES = "test_softmax_large_logits"


def softmax(logits, axis=-1):
    e = np.exp(logits - np.max(logits))
    return e / np.sum(e, axis=axis, keepdims=True)
