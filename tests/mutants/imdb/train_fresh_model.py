"""Mutant of train: realistic and wrong, must fail test_train_imdb_accuracy.

Builds and trains a new model instead of the one it is given, which stays untrained (about
50 % test accuracy).
"""

CATCHES = "test_train_imdb_accuracy"


def train(model, x, y, epochs=4, batch_size=512, validation_split=None):
    """Wrong on purpose: see the module docstring."""
    fresh = compile_model(build_model())
    return fresh.fit(x, y, epochs=epochs, batch_size=batch_size, validation_split=validation_split or 0.0)
