"""Uses labels.max(initial=-1) + 1: empty labels silently give a (0, 0) result."""
CATCHES = "test_to_one_hot_empty_without_num_classes"

import numpy as np


def to_one_hot(labels, num_classes=None):
    if labels.ndim != 1:
        raise ValueError(f"labels must be 1D, got shape {labels.shape}")
    if num_classes is None:
        num_classes = int(labels.max(initial=-1)) + 1
    if labels.size and (labels.min() < 0 or labels.max() >= num_classes):
        raise ValueError("label out of range")
    result = np.zeros((labels.shape[0], num_classes), dtype=np.float32)
    result[np.arange(labels.shape[0]), labels] = 1
    return result
