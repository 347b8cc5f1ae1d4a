"""Keras-like: no range check (a -1 label silently sets the last column)."""
CATCHES = "test_to_one_hot_invalid_labels"

import numpy as np


def to_one_hot(labels, num_classes=None):
    if labels.ndim != 1:
        raise ValueError(f"labels must be 1D, got shape {labels.shape}")
    if num_classes is None:
        num_classes = int(labels.max()) + 1
    result = np.zeros((labels.shape[0], num_classes), dtype=np.float32)
    for i in range(labels.shape[0]):
        if labels[i] < num_classes:
            result[i, labels[i]] = 1
    return result
