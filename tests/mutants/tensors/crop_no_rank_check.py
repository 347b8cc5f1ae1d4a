"""Never checks the rank: unpacks n, h, w = images.shape[:3]."""
CATCHES = "test_crop_center_wrong_rank"


def crop_center(images, size):
    n, h, w = images.shape[:3]
    if size > h or size > w:
        raise ValueError(f"cannot crop {size} from {images.shape}")
    top, left = (h - size) // 2, (w - size) // 2
    return images[:, top : top + size, left : left + size]
