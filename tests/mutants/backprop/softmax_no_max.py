"""softmax: exp(logits) without subtracting the max: exp(1000) = inf and inf / inf = nan."""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103

import numpy as np

CATCHES = "test_softmax_large_logits"


def softmax(logits, axis=-1):
    e = np.exp(logits)
    return e / np.sum(e, axis=axis, keepdims=True)
