"""`assert images.ndim == 3`: AssertionError instead of ValueError."""
CATCHES = "test_prepare_images_wrong_rank"


def prepare_images(images):
    assert images.ndim == 3
    return images.reshape(images.shape[0], -1).astype("float32") / 255
