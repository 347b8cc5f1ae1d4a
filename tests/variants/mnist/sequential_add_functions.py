"""Valid variant (no training): Sequential.add, function objects and short names.

* preprocess uses np.divide into a float32 array and keras.utils.to_categorical(..., 10) cast to float32.
* build_model adds layers one by one, with keras.activations functions as activations.
* compile_model uses the loss function keras.losses.categorical_crossentropy and the metric "acc".
"""


def preprocess(images, labels):
    flat = images.reshape(len(images), 784)
    x = np.divide(flat, 255, dtype=np.float32)
    y = keras.utils.to_categorical(labels, num_classes=10).astype(np.float32)
    return x, y


def build_model():
    model = keras.Sequential()
    model.add(keras.Input(shape=(784,)))
    model.add(layers.Dense(512, activation=keras.activations.relu))
    model.add(layers.Dense(10, activation=keras.activations.softmax))
    return model


def compile_model(model):
    model.compile("rmsprop", keras.losses.categorical_crossentropy, metrics=["acc"])
    return model
