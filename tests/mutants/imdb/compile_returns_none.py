"""Mutant of compile_model: realistic and wrong, must fail test_compile_model_returns_the_model.

Returns what model.compile returns, which is None.
"""

CATCHES = "test_compile_model_returns_the_model"


def compile_model(model):
    """Wrong on purpose: see the module docstring."""
    return model.compile(optimizer="rmsprop", loss="binary_crossentropy", metrics=["accuracy"])
