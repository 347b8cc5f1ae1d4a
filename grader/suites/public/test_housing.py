"""Public checks for ``exercises/housing.py`` (scalar regression, 3.6) — Keras.

Quick local feedback, no real training: normalisation of a tiny table, the layers and
compile settings of your network, the book's folds for 404 samples, and a one-epoch run
of ``k_fold_validate`` on 32 random samples (a few seconds). The graded suite also checks
that the test data never leaks into the normalisation, that your inputs stay unchanged,
folds when ``k`` does not divide ``n``, and runs your ``k_fold_validate`` on the real
Boston housing data (30 epochs per fold): the mean validation MAE must be at most 3.0.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from grader.authoring.keras_checks import expect_compiled, expect_dense_stack, expect_input, expect_params, model_from, run_keep
from grader.authoring.testing import assert_array_matches, fail


@pytest.mark.points("normalize", weight=1)
def test_normalize_small(learner):
    """Train column [1, 3] (mean 2, std 1) becomes [-1, 1]; the test value 5 becomes (5 - 2) / 1 = 3."""
    train = np.array([[1.0, 10.0], [3.0, 30.0]])
    test = np.array([[5.0, 20.0]])
    got_train, got_test = learner.call("normalize", train, test)
    assert_array_matches(got_train, np.array([[-1.0, -1.0], [1.0, 1.0]]), rtol=1e-12, atol=1e-12, what="normalize() train")
    assert_array_matches(got_test, np.array([[3.0, 0.0]]), rtol=1e-12, atol=1e-12, what="normalize() test")


@pytest.mark.points("build_model", weight=1)
def test_build_model_book_network(learner):
    """build_model() gives Input (13,) -> Dense(64, relu) -> Dense(64, relu) -> Dense(1), compiled with rmsprop/mse/mae."""
    exported = run_keep(learner, "build_model").value
    model = model_from(exported, "build_model")
    expect_dense_stack(model, [(64, "relu"), (64, "relu"), (1, "linear")], "build_model")
    expect_input(model, 13, "build_model")
    expect_params(model, 5121, "build_model")
    expect_compiled(exported, optimizer="rmsprop", loss="mean_squared_error", metrics=["mae"], function="build_model")


@pytest.mark.points("k_fold_indices", weight=1)
def test_k_fold_indices_book(learner):
    """404 samples, 4 folds: fold 1 validates on samples 101..201 and trains on 0..100 and 202..403."""
    folds = learner.call("k_fold_indices", 404, k=4)
    if not isinstance(folds, list) or len(folds) != 4:
        fail(en="k_fold_indices(404, k=4) must return a list of 4 (train_idx, val_idx) pairs",
             zh="k_fold_indices(404, k=4) 应返回由 4 个 (train_idx, val_idx) 对组成的列表")
    train_idx, val_idx = folds[1]
    assert_array_matches(val_idx, np.arange(101, 202), rtol=0, atol=0, check_dtype=False, what="fold 1 val_idx")
    expected = np.concatenate([np.arange(0, 101), np.arange(202, 404)])
    assert_array_matches(train_idx, expected, rtol=0, atol=0, check_dtype=False, what="fold 1 train_idx")


@pytest.mark.points("k_fold_validate", weight=1)
def test_k_fold_validate_runs(learner):
    """k_fold_validate(x, y, k=2, epochs=1) on 32 random samples returns 2 finite validation MAEs."""
    rng = np.random.default_rng(0)
    x = rng.standard_normal((32, 13))
    y = rng.uniform(10, 50, 32)
    learner.run("__seed__", (0,))
    maes = learner.call("k_fold_validate", x, y, k=2, epochs=1)
    if not isinstance(maes, list | tuple) or len(maes) != 2 or not all(
        isinstance(v, int | float | np.number) and math.isfinite(float(v)) for v in maes
    ):
        fail(en=f"k_fold_validate(x, y, k=2, epochs=1) must return a list of 2 numbers, got {maes!r:.200}",
             zh=f"k_fold_validate(x, y, k=2, epochs=1) 应返回由 2 个数组成的列表，实际为 {maes!r:.200}")
