"""Public checks for ``exercises/reuters.py`` (multi-class classification, 3.5) — Keras, optional.

Quick local feedback, no training: the layers and parameter count of your network for the
46 Reuters topics, and its compile settings for one-hot labels. The graded suite also
builds the network for another number of classes (``num_classes``) and compiles it for
integer labels (``sparse=True``). Only the architecture and the compile settings are
graded: the Reuters data is not available offline, so nothing is trained and the
accuracy (the book reaches about 78 %) is not checked.
"""

from __future__ import annotations

import pytest

from grader.keras_checks import expect_compiled, expect_dense_stack, expect_input, expect_params, model_from, run_keep


@pytest.mark.points("build_model", weight=1)
def test_build_model_book_network(learner):
    """build_model() gives Input (10000,) -> Dense(64, relu) -> Dense(64, relu) -> Dense(46, softmax): 647,214 parameters."""
    model = model_from(run_keep(learner, "build_model").value, "build_model")
    expect_dense_stack(model, [(64, "relu"), (64, "relu"), (46, "softmax")], "build_model")
    expect_input(model, 10000, "build_model")
    expect_params(model, 647_214, "build_model")


@pytest.mark.points("compile_model", weight=1)
def test_compile_model_settings(learner):
    """compile_model(model) compiles with rmsprop, categorical_crossentropy and the accuracy metric, and returns the model."""
    model = run_keep(learner, "build_model")
    compiled = run_keep(learner, "compile_model", model.ref)
    model_from(compiled.value, "compile_model")
    expect_compiled(compiled.value, optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"],
                    function="compile_model")
