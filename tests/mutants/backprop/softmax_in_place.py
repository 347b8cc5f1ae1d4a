"""softmax: logits -= max (in place) to be stable."""
CATCHES = "test_softmax_unmodified"

import numpy as np


def softmax(logits, axis=-1):
    logits -= np.max(logits, axis=axis, keepdims=True)
    e = np.exp(logits)
    return e / np.sum(e, axis=axis, keepdims=True)
