"""Forgets astype('float32'): uint8 / 255 is float64."""
CATCHES = "test_prepare_images_dtype"


def prepare_images(images):
    if images.ndim != 3:
        raise ValueError(f"images must be 3D (n, h, w), got shape {images.shape}")
    return images.reshape(images.shape[0], -1) / 255
