"""Forgets the hidden layer's activation: Dense(512) is linear, so the network is a linear classifier (about 92 %).

The training check is given the reference's model: train keeps full marks.
"""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103, F821

CATCHES = "test_build_model_layers"
CALLERS = ("train",)


def build_model():
    return keras.Sequential(
        [keras.Input(shape=(IMAGE_PIXELS,)), layers.Dense(512), layers.Dense(NUM_CLASSES, activation="softmax")]
    )
