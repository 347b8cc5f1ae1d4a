"""The book's Keras 2 code: a Sequential without keras.Input, never built, so it has no input shape or parameters."""
CATCHES = "test_build_model_input_and_parameters"


def build_model():
    return keras.Sequential([layers.Dense(512, activation="relu"), layers.Dense(10, activation="softmax")])
