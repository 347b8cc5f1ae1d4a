"""Computes both margins from the height: wrong columns when h != w."""
CATCHES = "test_crop_center_values"


def crop_center(images, size):
    if images.ndim not in (3, 4):
        raise ValueError(f"bad shape {images.shape}")
    h, w = images.shape[1], images.shape[2]
    if size > h or size > w:
        raise ValueError(f"cannot crop {size} from {images.shape}")
    top = (h - size) // 2
    return images[:, top : top + size, top : top + size]
