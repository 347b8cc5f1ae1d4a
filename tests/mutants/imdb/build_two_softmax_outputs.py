"""Mutant of build_model: realistic and wrong, must fail test_build_model_layers.

Treats the two sentiments like MNIST's classes: Dense(2, softmax) instead of one sigmoid unit.
"""

import keras
from keras import layers

CATCHES = "test_build_model_layers"
CALLERS = ("train",)  # one bug, one deduction: these keep full marks


def build_model():
    """Wrong on purpose: see the module docstring."""
    return keras.Sequential(
        [
            keras.Input(shape=(10000,)),
            layers.Dense(16, activation="relu"),
            layers.Dense(16, activation="relu"),
            layers.Dense(2, activation="softmax"),
        ]
    )
