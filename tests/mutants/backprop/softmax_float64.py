"""softmax: computes in float64 (logits.astype(np.float64)) and returns float64 for float32 logits."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103

import numpy as np

CATCHES = "test_softmax_dtype"


def softmax(logits, axis=-1):
    x = np.asarray(logits).astype(np.float64)
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)
