"""softmax: divides by the sum over the whole tensor instead of along the axis."""
CATCHES = "test_softmax_matches_keras"

import numpy as np


def softmax(logits, axis=-1):
    e = np.exp(logits - np.max(logits, axis=axis, keepdims=True))
    return e / np.sum(e)
