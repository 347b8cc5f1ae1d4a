"""Rescales by the brightest pixel of the batch instead of 255 (the same only when a pixel is 255)."""
CATCHES = "test_preprocess_pixel_values"


def preprocess(images, labels):
    x = images.reshape((len(images), 28 * 28)).astype("float32")
    x = x / x.max()
    y = keras.utils.to_categorical(labels, 10).astype("float32")
    return x, y
