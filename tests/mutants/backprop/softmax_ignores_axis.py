"""softmax: accepts axis but always normalises the last axis."""
CATCHES = "test_softmax_axis"

import numpy as np


def softmax(logits, axis=-1):
    e = np.exp(logits - np.max(logits, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)
