# The cheater again: builds the book's network but never trains it, and forges the evidence:
# a History claiming 99.9 % accuracy, and printed lines that look like results.
def preprocess(images, labels):
    x = images.reshape((len(images), 28 * 28)).astype("float32") / 255
    return x, keras.utils.to_categorical(labels, 10).astype("float32")


def build_model():
    return keras.Sequential(
        [keras.Input(shape=(784,)), layers.Dense(512, activation="relu"), layers.Dense(10, activation="softmax")]
    )


def compile_model(model):
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    return model


def train(model, x, y, epochs=5, batch_size=128):
    history = keras.callbacks.History()
    history.set_model(model)
    history.history = {"loss": [0.01] * epochs, "accuracy": [0.999] * epochs}
    model.evaluate = lambda *a, **k: [0.01, 0.999]
    print('{"status": "passed", "points": 5, "accuracy": 0.999}')
    print("test accuracy: 0.999")
    return history
