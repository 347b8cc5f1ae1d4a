"""Flattens labels of any rank (like Keras) instead of rejecting non-1D input."""
CATCHES = "test_to_one_hot_wrong_rank"

import numpy as np


def to_one_hot(labels, num_classes=None):
    labels = labels.reshape(-1)
    if num_classes is None:
        if labels.size == 0:
            raise ValueError("empty labels")
        num_classes = int(labels.max()) + 1
    if labels.size and (labels.min() < 0 or labels.max() >= num_classes):
        raise ValueError("label out of range")
    result = np.zeros((labels.shape[0], num_classes), dtype=np.float32)
    result[np.arange(labels.shape[0]), labels] = 1
    return result
