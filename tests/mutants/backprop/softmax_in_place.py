"""softmax: logits -= max (in place) to be stable."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103

import numpy as np

CATCHES = "test_softmax_unmodified"


def softmax(logits, axis=-1):
    logits -= np.max(logits, axis=axis, keepdims=True)
    e = np.exp(logits)
    return e / np.sum(e, axis=axis, keepdims=True)
