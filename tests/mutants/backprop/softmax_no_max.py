"""softmax: exp(logits) without subtracting the max: exp(1000) = inf and inf / inf = nan."""
CATCHES = "test_softmax_large_logits"

import numpy as np


def softmax(logits, axis=-1):
    e = np.exp(logits)
    return e / np.sum(e, axis=axis, keepdims=True)
