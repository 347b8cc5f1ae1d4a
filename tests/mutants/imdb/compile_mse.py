"""Mutant of compile_model: realistic and wrong, must fail test_compile_model_loss.

Uses mean squared error, which the book mentions as an alternative but not the loss it uses
for probabilities.
"""

CATCHES = "test_compile_model_loss"


def compile_model(model):
    """Wrong on purpose: see the module docstring."""
    model.compile(optimizer="rmsprop", loss="mse", metrics=["accuracy"])
    return model
