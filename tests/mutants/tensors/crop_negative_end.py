"""The book's [:, m:-m] pattern: with margin 0 the slice end -0 is empty."""
CATCHES = "test_crop_center_full_size"


def crop_center(images, size):
    if images.ndim not in (3, 4):
        raise ValueError(f"bad shape {images.shape}")
    h, w = images.shape[1], images.shape[2]
    if size > h or size > w:
        raise ValueError(f"cannot crop {size} from {images.shape}")
    top, left = (h - size) // 2, (w - size) // 2
    bottom, right = h - size - top, w - size - left
    return images[:, top:-bottom if bottom else -0, left:-right if right else -0]
