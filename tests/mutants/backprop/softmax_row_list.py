"""softmax: np.array([row_softmax(row) for row in logits]): an empty batch comes back with shape (0,)."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103

import numpy as np

CATCHES = "test_softmax_empty_batch"


def softmax(logits, axis=-1):
    if axis not in (-1, np.ndim(logits) - 1):
        e = np.exp(logits - np.max(logits, axis=axis, keepdims=True))
        return e / np.sum(e, axis=axis, keepdims=True)
    if np.ndim(logits) == 1:
        e = np.exp(logits - np.max(logits))
        return e / np.sum(e)

    def row_softmax(row):
        e = np.exp(row - np.max(row, axis=-1, keepdims=True))
        return e / np.sum(e, axis=-1, keepdims=True)

    return np.array([row_softmax(row) for row in logits])
