"""Keeps keras.utils.to_categorical's float64 one-hot labels (Keras 3), as the book's code does."""
CATCHES = "test_preprocess_one_hot"


def preprocess(images, labels):
    x = images.reshape((len(images), 28 * 28)).astype("float32") / 255
    y = keras.utils.to_categorical(labels, 10)
    return x, y
