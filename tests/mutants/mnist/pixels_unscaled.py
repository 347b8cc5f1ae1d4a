"""Flattens the digits but forgets to rescale them: pixels stay in [0, 255]."""
CATCHES = "test_preprocess_pixel_values"


def preprocess(images, labels):
    x = images.reshape((len(images), 28 * 28)).astype("float32")
    y = keras.utils.to_categorical(labels, 10).astype("float32")
    return x, y
