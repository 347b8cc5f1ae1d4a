"""Rounds the margin up (math.ceil): the extra row/column goes above/left."""
CATCHES = "test_crop_center_odd_margin"

import math


def crop_center(images, size):
    if images.ndim not in (3, 4):
        raise ValueError(f"bad shape {images.shape}")
    h, w = images.shape[1], images.shape[2]
    if size > h or size > w:
        raise ValueError(f"cannot crop {size} from {images.shape}")
    top, left = math.ceil((h - size) / 2), math.ceil((w - size) / 2)
    return images[:, top : top + size, left : left + size]
