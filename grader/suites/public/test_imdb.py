"""Public checks for ``exercises/imdb.py`` (classifying movie reviews, 3.4) — Keras.

Quick local feedback, no real training and no download: decoding a made-up review with a
tiny word index, multi-hot encoding a few short reviews, the layers and parameter count of
your network, its compile settings, and one epoch of ``train`` with a validation split on
256 random reviews (a few seconds). The graded suite also decodes and encodes real
reviews with the real word index (offline: the synthetic IMDB stand-in, reviews made of
real words with a sentiment signal), trains your network on 3,500 of them and measures its
accuracy on 25,000 test reviews itself.
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

WORD_INDEX = {"the": 1, "and": 2, "a": 3, "movie": 17, "great": 84, "boring": 354}


@pytest.mark.points("decode_review", weight=1)
def test_decode_review_small(learner):
    """[1, 4, 87, 20, 2, 357] with a tiny word index decodes to '? the great movie ? boring' (indices are offset by 3)."""
    got = learner.call("decode_review", [1, 4, 87, 20, 2, 357], WORD_INDEX)
    expected = "? the great movie ? boring"
    if got != expected:
        fail(en=f"decode_review() gave {got!r:.200}, expected {expected!r}: the word of index i is the one whose "
                "word_index value is i - 3, and 0, 1, 2 (and unknown indices) become '?'",
             zh=f"decode_review() 得到 {got!r:.200}，应为 {expected!r}：索引 i 对应 word_index 中值为 i - 3 的词，"
                "0、1、2（以及未知索引）变成 '?'")


@pytest.mark.points("vectorize_sequences", weight=1)
def test_vectorize_sequences_small(learner):
    """[[1, 3, 3], [0, 4]] with dimension=5 gives float32 rows [0, 1, 0, 1, 0], [1, 0, 0, 0, 1] (repeats still give 1)."""
    got = learner.call("vectorize_sequences", [[1, 3, 3], [0, 4]], dimension=5)
    expected = np.array([[0, 1, 0, 1, 0], [1, 0, 0, 0, 1]], dtype=np.float32)
    assert_array_matches(got, expected, rtol=0, atol=0, what="vectorize_sequences([[1, 3, 3], [0, 4]], dimension=5)")


@pytest.mark.points("vectorize_sequences", weight=1)
def test_vectorize_sequences_default_dimension(learner):
    """Without dimension, every row has 10,000 float32 columns."""
    got = learner.call("vectorize_sequences", [[1, 14, 9999]])
    expected = np.zeros((1, 10000), dtype=np.float32)
    expected[0, [1, 14, 9999]] = 1.0
    assert_array_matches(got, expected, rtol=0, atol=0, what="vectorize_sequences([[1, 14, 9999]])")


@pytest.mark.points("build_model", weight=1)
def test_build_model_book_network(learner):
    """build_model gives Input (10000,) -> Dense(16, relu) -> Dense(16, relu) -> Dense(1, sigmoid): 160,305 parameters."""
    expect_book_network(learner, [(16, "relu"), (16, "relu"), (1, "sigmoid")], input_dim=10000, params=160_305)


@pytest.mark.points("compile_model", weight=1)
def test_compile_model_settings(learner):
    """compile_model compiles with rmsprop, binary_crossentropy and the accuracy metric, and returns the model."""
    returned, _ = compiled_exports(learner)
    model_from(returned, "compile_model")
    expect_compiled(returned, optimizer="rmsprop", loss="binary_crossentropy", metrics=["accuracy"],
                    function="compile_model")


@pytest.mark.points("train", weight=1)
def test_train_one_epoch_with_validation(learner):
    """train(model, x, y, epochs=1, validation_split=0.25) on 256 random reviews gives one epoch with val_loss."""
    rng = np.random.default_rng(0)
    x = (rng.random((256, 10000)) < 0.02).astype(np.float32)
    y = rng.integers(0, 2, 256).astype(np.float32)
    model = run_keep(learner, "build_model", seed=0)
    run_keep(learner, "compile_model", model.ref)
    record = run_keep(learner, "train", model.ref, x, y, epochs=1, validation_split=0.25, timeout=120)
    history = history_from(record.value, "train", 1)
    if "val_loss" not in history:
        fail(en=f"train(): the History has {sorted(history)!s:.200}, no val_loss: pass validation_split on to model.fit",
             zh=f"train()：History 中有 {sorted(history)!s:.200}，没有 val_loss：请把 validation_split 传给 model.fit")
