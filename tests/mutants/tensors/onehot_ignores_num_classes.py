"""Ignores num_classes and always uses max(labels) + 1."""
CATCHES = "test_to_one_hot_num_classes"

import numpy as np


def to_one_hot(labels, num_classes=None):
    if labels.ndim != 1:
        raise ValueError(f"labels must be 1D, got shape {labels.shape}")
    if labels.size == 0:
        raise ValueError("empty labels")
    if labels.min() < 0 or (num_classes is not None and labels.max() >= num_classes):
        raise ValueError("label out of range")
    n_cols = int(labels.max()) + 1
    result = np.zeros((labels.shape[0], n_cols), dtype=np.float32)
    result[np.arange(labels.shape[0]), labels] = 1
    return result
