"""Flattens with images.shape = (n, h * w): reshapes the caller's array."""
CATCHES = "test_prepare_images_unmodified"


def prepare_images(images):
    if images.ndim != 3:
        raise ValueError(f"images must be 3D (n, h, w), got shape {images.shape}")
    n, h, w = images.shape
    images.shape = (n, h * w)
    return images.astype("float32") / 255
