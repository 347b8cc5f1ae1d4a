"""Infers num_classes as the number of distinct labels instead of max + 1."""
CATCHES = "test_to_one_hot_matches_keras"

import numpy as np


def to_one_hot(labels, num_classes=None):
    if labels.ndim != 1:
        raise ValueError(f"labels must be 1D, got shape {labels.shape}")
    if num_classes is None:
        if labels.size == 0:
            raise ValueError("empty labels")
        num_classes = len(np.unique(labels))
    result = np.zeros((labels.shape[0], num_classes), dtype=np.float32)
    for i, label in enumerate(labels):
        if not 0 <= label < num_classes:
            raise ValueError(f"label {label} out of range")
        result[i, label] = 1
    return result
