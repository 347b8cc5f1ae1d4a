"""Mutant of compile_model: realistic and wrong, must fail test_compile_model_optimizer.

Uses adam (a fine optimizer, but not the book's rmsprop).
"""

CATCHES = "test_compile_model_optimizer"


def compile_model(model):
    """Wrong on purpose: see the module docstring."""
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return model
