"""Public checks for ``exercises/mnist.py`` (the first network, 2.1) — Keras.

Quick local feedback, no real training: the preprocessing of two tiny digits, the layers
and parameter count of your network, its compile settings, and one epoch of ``train`` on
256 random digits (a few seconds). The graded suite also trains your network on the
60,000 MNIST digits (5 epochs, about 10-20 s) and needs at least 97 % accuracy on the
10,000 test digits, measured by the grader.
"""

from __future__ import annotations

import numpy as np
import pytest

from grader.authoring.keras_checks import (
    compiled_exports,
    expect_book_network,
    expect_compiled,
    history_from,
    model_from,
    run_keep,
)
from grader.authoring.testing import assert_array_matches, fail


@pytest.mark.points("preprocess", weight=1)
def test_preprocess_small(learner):
    """Two 28x28 digits become two rows of 784 floats in [0, 1]; labels 3 and 0 become one-hot rows."""
    images = np.zeros((2, 28, 28), dtype=np.uint8)
    images[0, 0, 1] = 255
    images[1, 27, 27] = 51
    x, y = learner.call("preprocess", images, np.array([3, 0], dtype=np.uint8))
    expected_x = np.zeros((2, 784), dtype=np.float32)
    expected_x[0, 1] = 1.0
    expected_x[1, 783] = 0.2
    assert_array_matches(x, expected_x, rtol=0, atol=1e-6, what="preprocess() x")
    assert_array_matches(y, np.eye(10, dtype=np.float32)[[3, 0]], rtol=0, atol=0, what="preprocess() y")


@pytest.mark.points("build_model", weight=1)
def test_build_model_book_network(learner):
    """build_model gives Input (784,) -> Dense(512, relu) -> Dense(10, softmax): 407,050 parameters."""
    expect_book_network(learner, [(512, "relu"), (10, "softmax")], input_dim=784, params=407_050)


@pytest.mark.points("compile_model", weight=1)
def test_compile_model_settings(learner):
    """compile_model compiles with rmsprop, categorical_crossentropy and the accuracy metric, and returns the model."""
    returned, _ = compiled_exports(learner)
    model_from(returned, "compile_model")
    expect_compiled(returned, optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"],
                    function="compile_model")


@pytest.mark.points("train", weight=1)
def test_train_one_epoch(learner):
    """train(model, x, y, epochs=1) on 256 random digits returns the History of one epoch (loss and accuracy)."""
    rng = np.random.default_rng(0)
    x = rng.random((256, 784), dtype=np.float32)
    y = np.eye(10, dtype=np.float32)[rng.integers(0, 10, 256)]
    model = run_keep(learner, "build_model", seed=0)
    run_keep(learner, "compile_model", model.ref)
    history = history_from(run_keep(learner, "train", model.ref, x, y, epochs=1, timeout=120).value, "train", 1)
    if "accuracy" not in history:
        fail(en=f"train(): the History has {sorted(history)!s:.200}, expected loss and accuracy "
                "(compile with metrics=['accuracy'])",
             zh=f"train()：History 中有 {sorted(history)!s:.200}，应有 loss 和 accuracy（编译时请加 metrics=['accuracy']）")
