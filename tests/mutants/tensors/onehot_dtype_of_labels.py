"""Allocates the result with the labels' dtype (uint8/int) instead of float32."""
CATCHES = "test_to_one_hot_label_dtypes"

import numpy as np


def to_one_hot(labels, num_classes=None):
    if labels.ndim != 1:
        raise ValueError(f"labels must be 1D, got shape {labels.shape}")
    if num_classes is None:
        if labels.size == 0:
            raise ValueError("empty labels")
        num_classes = int(labels.max()) + 1
    if labels.size and (labels.min() < 0 or labels.max() >= num_classes):
        raise ValueError("label out of range")
    result = np.zeros((labels.shape[0], num_classes), dtype=labels.dtype)
    result[np.arange(labels.shape[0]), labels] = 1
    return result
