"""Mutant of build_model: realistic and wrong, must fail test_build_model_input_and_parameters.

The book's Keras 2 code: a Sequential without keras.Input, so in Keras 3 the model is not
built (no input shape, no parameters) until it first sees data.
"""

import keras
from keras import layers

CATCHES = "test_build_model_input_and_parameters"


def build_model():
    """Wrong on purpose: see the module docstring."""
    return keras.Sequential(
        [
            layers.Dense(16, activation="relu"),
            layers.Dense(16, activation="relu"),
            layers.Dense(1, activation="sigmoid"),
        ]
    )
