"""softmax: subtracts the global max instead of each row's: a row far below it underflows to 0 / 0."""
CATCHES = "test_softmax_large_logits"

import numpy as np


def softmax(logits, axis=-1):
    e = np.exp(logits - np.max(logits))
    return e / np.sum(e, axis=axis, keepdims=True)
