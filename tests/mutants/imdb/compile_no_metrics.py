"""Mutant of compile_model: realistic and wrong, must fail test_compile_model_metrics.

Forgets metrics=["accuracy"]: the History then only has the loss.
"""

CATCHES = "test_compile_model_metrics"


def compile_model(model):
    """Wrong on purpose: see the module docstring."""
    model.compile(optimizer="rmsprop", loss="binary_crossentropy")
    return model
