"""Indexes images[:, rows][:, :, cols] then drops a trailing channel axis of colour images."""
CATCHES = "test_crop_center_channels_and_rectangles"


def crop_center(images, size):
    if images.ndim not in (3, 4):
        raise ValueError(f"bad shape {images.shape}")
    h, w = images.shape[1], images.shape[2]
    if size > h or size > w:
        raise ValueError(f"cannot crop {size} from {images.shape}")
    top, left = (h - size) // 2, (w - size) // 2
    patch = images[:, top : top + size, left : left + size]
    return patch[..., 0] if patch.ndim == 4 else patch
