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

from grader.authoring.keras_checks import compiled_exports, expect_book_network, expect_compiled, model_from


@pytest.mark.points("build_model", weight=1)
def test_build_model_book_network(learner):
    """build_model() gives Input (10000,) -> Dense(64, relu) -> Dense(64, relu) -> Dense(46, softmax): 647,214 parameters."""
    expect_book_network(learner, [(64, "relu"), (64, "relu"), (46, "softmax")], input_dim=10000, params=647_214)


@pytest.mark.points("compile_model", weight=1)
def test_compile_model_settings(learner):
    """compile_model(model) compiles with rmsprop, categorical_crossentropy and the accuracy metric, and returns the model."""
    returned, _ = compiled_exports(learner)
    model_from(returned, "compile_model")
    expect_compiled(returned, optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"],
                    function="compile_model")
