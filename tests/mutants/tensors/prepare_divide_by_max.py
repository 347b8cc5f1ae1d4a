"""Rescales by the batch maximum instead of 255."""
CATCHES = "test_prepare_images_range"

import numpy as np


def prepare_images(images):
    if images.ndim != 3:
        raise ValueError(f"images must be 3D (n, h, w), got shape {images.shape}")
    x = images.reshape(images.shape[0], -1).astype("float32")
    return x / max(float(x.max()), 1.0)
