"""Never checks size: slicing silently returns a smaller patch."""
CATCHES = "test_crop_center_too_large"


def crop_center(images, size):
    if images.ndim not in (3, 4):
        raise ValueError(f"bad shape {images.shape}")
    h, w = images.shape[1], images.shape[2]
    top, left = max((h - size) // 2, 0), max((w - size) // 2, 0)
    return images[:, top : top + size, left : left + size]
