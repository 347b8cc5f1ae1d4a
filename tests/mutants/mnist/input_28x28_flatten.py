"""Takes the (28, 28) images and flattens them itself: it cannot eat preprocess's (n, 784) rows."""
CATCHES = "test_build_model_input_and_parameters"


def build_model():
    return keras.Sequential(
        [
            keras.Input(shape=(28, 28)),
            layers.Flatten(),
            layers.Dense(512, activation="relu"),
            layers.Dense(10, activation="softmax"),
        ]
    )
