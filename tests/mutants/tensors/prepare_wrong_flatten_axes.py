"""Reshapes to (h * w, n) and transposes: mixes pixels of different images."""
CATCHES = "test_prepare_images_values"

import numpy as np


def prepare_images(images):
    if images.ndim != 3:
        raise ValueError(f"images must be 3D (n, h, w), got shape {images.shape}")
    n = images.shape[0]
    return (images.reshape(-1, n).T.astype("float32") / 255).copy()
