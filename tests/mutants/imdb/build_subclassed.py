"""A keras.Sequential subclass of its own: the right layers, but the grader cannot rebuild the model (not a standard class).

The checks of compile_model are given the reference's model: they keep full marks.
"""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D101, D103, F821

CATCHES = "test_build_model_layers"
CALLERS = ("compile_model",)


class BookNetwork(keras.Sequential):
    pass


def build_model():
    return BookNetwork([keras.Input(shape=(NUM_WORDS,)), layers.Dense(16, activation="relu"), layers.Dense(16, activation="relu"), layers.Dense(1, activation="sigmoid")])
