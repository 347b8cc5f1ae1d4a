"""Divides the uint8 pixels by 255 without astype("float32"): NumPy gives float64."""
CATCHES = "test_preprocess_shapes_and_dtypes"


def preprocess(images, labels):
    x = images.reshape((len(images), 28 * 28)) / 255
    y = keras.utils.to_categorical(labels, 10).astype("float32")
    return x, y
