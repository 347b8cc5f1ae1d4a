"""Copies MNIST's categorical_crossentropy: with one sigmoid output the loss is always 0 and nothing is learnt.

The training check is given a model compiled by the reference: train keeps full marks.
"""

# Overrides keep the catalogue's signatures and use names of the solution they are appended to.
# ruff: noqa: D103

CATCHES = "test_compile_model_loss"
CALLERS = ("train",)


def compile_model(model):
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    return model
