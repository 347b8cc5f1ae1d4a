"""to_categorical(labels) without num_classes: a batch with no 9 gets only 9 columns."""
CATCHES = "test_preprocess_one_hot"


def preprocess(images, labels):
    x = images.reshape((len(images), 28 * 28)).astype("float32") / 255
    y = keras.utils.to_categorical(labels).astype("float32")
    return x, y
