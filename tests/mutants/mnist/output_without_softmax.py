"""Forgets the softmax: the last layer outputs logits, which categorical_crossentropy does not expect."""
CATCHES = "test_build_model_layers"


def build_model():
    return keras.Sequential([keras.Input(shape=(784,)), layers.Dense(512, activation="relu"), layers.Dense(10)])
