"""Mutant of train: realistic and wrong, must fail test_train_validation_curves.

The book's final training call, without passing validation_split on: the History has no
validation curves.
"""

CATCHES = "test_train_validation_curves"


def train(model, x, y, epochs=4, batch_size=512, validation_split=None):
    """Wrong on purpose: see the module docstring."""
    return model.fit(x, y, epochs=epochs, batch_size=batch_size)
