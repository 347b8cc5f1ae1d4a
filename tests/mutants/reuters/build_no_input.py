"""The book's Keras 2 code: no keras.Input, so in Keras 3 the model is not built (no input shape, no parameters)."""
CATCHES = "test_build_model_input_and_parameters"


def build_model(num_classes=46):
    return keras.Sequential(
        [
            layers.Dense(64, activation="relu"),
            layers.Dense(64, activation="relu"),
            layers.Dense(num_classes, activation="softmax"),
        ]
    )
