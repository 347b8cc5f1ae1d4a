"""Hidden grading suite for ``imdb`` (binary classification of movie reviews, 3.4) — Keras.

The data (:mod:`grader.authoring.imdb_data`): the real reviews from ``keras.datasets.imdb.load_data``
where Keras can get ``imdb.npz``; otherwise — offline, as in CI — the **synthetic IMDB
stand-in**, 25,000 + 25,000 reviews of real words of the real word index, encoded like
``load_data(num_words=10000)``, with a sentiment signal carried by genuinely positive and
negative words and 4 % label noise. Every message that uses it says so. The word index is
always the real one (``keras.datasets.imdb.get_word_index()``'s file).

Nothing the learner process says about its model is trusted: ``build_model``,
``compile_model`` and ``train`` run in the learner process on handles (``keep=True``); this
process receives plain-data exports, rebuilds the model with :func:`grader.authoring.models.rebuild`
and computes the test accuracy itself. The test labels never enter the learner process.

The one training (shared by :func:`test_train_imdb_accuracy` and
:func:`test_train_validation_curves`, run once per submission) seeds the learner process, then
builds and compiles the model with the reference ``build_model`` and ``compile_model`` (one
bug, one deduction; the compile checks also get the reference's model), then calls the
learner's ``train(model, x, y, epochs=4, batch_size=512, validation_split=0.2)`` on the first ``TRAIN_REVIEWS`` = 3,500 training
reviews, multi-hot encoded here in float32 (so a wrong ``vectorize_sequences`` costs only
its own points); this process then vectorises the 25,000 test reviews 512 at a time and
predicts them with the rebuilt model. The History must cover 4 epochs, and hold ``val_loss``
for the second check (the learning curves of 3.4.4, drawn in the feedback).

Why 3,500 and not the book's 25,000 reviews: memory. A grading run of this module must stay
within 2 GiB, trusted and learner process together, and the book's pipeline cannot: the
25,000 x 10,000 float32 matrix is 1 GB (2 GB in the float64 of a bare ``np.zeros``), and
Keras's ``model.fit`` copies a NumPy input into its ``tf.data`` pipeline, so the learner
process alone peaks at 2.9 GB (``validation_split=0.4``) to 3.5 GB (none), TensorFlow's
0.5 GB included. Each training review costs about 2 rows of 40 kB here (the matrix and its
serialised copy) and about 2.4 in the learner process (received, plus ``model.fit``'s
copies; the runner keeps a digest, not a copy, of large inputs for its "modified its input"
check). Measured peaks (VmHWM) of the whole suite with the reference solution, four runs:
learner process 904-930 MiB, trusted process 876-892 MiB (892 when it first generates the
stand-in), 1,780-1,816 MiB together; the most both held at the same moment was 1,684 MiB.
8,000 reviews would need about 2.5 GiB; 3,500 without the runner's digest about 2.2 GiB.
(Those figures predate the shared training matrix: the matrix is now made once per session
in shared memory, which the learner process maps instead of receiving a copy; the benchmark's
(i) measures the run as it is — 1,609 MiB PSS for all processes at their peak, the learner
process 939 MiB RSS with the shared pages.)

Thresholds, measured on the synthetic IMDB stand-in (seed ``DEFAULT_SEED``; Keras 3.15,
TensorFlow 2.21 CPU, 2 threads), test accuracy on its 25,000 test reviews after this check's
training (2,800 reviews trained on, 700 validated; 1-2 s of training):

* reference solution (and the functional-API variant, which gets the same weights), seeds
  0-11: 85.71, 85.70, 85.11, 86.16, 86.39, 76.95, 85.95, 86.52, 85.98, 86.76, 86.04, 84.54 %;
* the book's own split (variant ``book_manual_split``: the *first* 700 reviews validate),
  seeds 0-11: 87.15, 81.88, 85.79, 82.62, 86.30, 83.93, 86.41, 86.04, 87.26, 86.70, 85.94,
  77.74 %;
* an untrained model: 50.08 %.

With 6 gradient steps per epoch, RMSprop's last step sometimes overshoots (seed 5: validation
accuracy 84.9 % after epoch 3, 75.0 % after epoch 4), hence the tail near 77 %.
``MIN_ACCURACY_STANDIN = 0.70`` stays 7 points below the worst of these 24 runs and 20 above an
untrained model (a train() that trains too few epochs or on the wrong model is caught by the
History's length and by this threshold). The check itself runs seed 0. For scale, the book's
full pipeline (25,000 training reviews, 4 epochs) reaches 88.7 %, 88.9 %, 88.9 % on the
stand-in (seeds 0-2), as the book reports about 88 % on the real data; 2,500 reviews give
74-86 % (seeds 0-4), 5,000 give 84.8-87.8 %. The real data could not be measured here (no
``imdb.npz`` offline): ``MIN_ACCURACY_REAL = 0.70`` assumes the same spread; re-measure it
where ``keras.datasets.imdb.load_data()`` works.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest

from grader.authoring.keras_checks import (
    compile_settings,
    compiled_exports,
    curve_text,
    expect_compiled,
    expect_dense_stack,
    expect_input,
    expect_params,
    history_from,
    model_from,
    once_per_learner,
    reference_model,
    run_keep,
)
from grader.authoring.testing import assert_array_matches, call_unmodified, fail
from grader.runner.shared import shared_array

F32 = np.float32
NUM_WORDS = 10000
SEED = 0
EPOCHS, BATCH_SIZE, VALIDATION_SPLIT = 4, 512, 0.2
TRAIN_REVIEWS = 3500  # see the module docstring (memory)
MIN_ACCURACY_STANDIN = 0.70
MIN_ACCURACY_REAL = 0.70
TEST_BATCH = 512  # test reviews vectorised and predicted at a time (20 MB float32)
TRAIN_TIMEOUT = 300.0  # seconds: far above what training takes, room for a loaded machine
BOOK_LAYERS = [(16, "relu"), (16, "relu"), (1, "sigmoid")]
BOOK_PARAMS = 160_305  # 10000 * 16 + 16 + 16 * 16 + 16 + 16 * 1 + 1


@functools.cache
def _data() -> Any:
    """The IMDB data for this session: real where Keras can get it, else the synthetic IMDB stand-in."""
    from grader.authoring.imdb_data import load_real

    return load_real(NUM_WORDS)


@functools.cache
def _word_index() -> dict[str, int]:
    from grader.authoring.imdb_data import word_index

    return word_index()


def _which(data: Any) -> str:
    return f"{data.source} ({data.note})" if data.note else data.source


def _review(data: Any, i: int) -> list[int]:
    """Review ``i`` of the training split as Keras gives it: a list of Python ints."""
    return [int(v) for v in data.train[i]]


def _expected_multi_hot(sequences: list[Any], dimension: int) -> np.ndarray:
    out = np.zeros((len(sequences), dimension), dtype=F32)
    for i, sequence in enumerate(sequences):
        out[i, np.asarray(sequence, dtype=np.int64)] = 1.0
    return out


def _vectorized(learner, *args: Any, **kwargs: Any) -> np.ndarray:
    got = learner.call("vectorize_sequences", *args, **kwargs)
    if isinstance(got, np.ndarray) and got.dtype == np.float64:
        fail(en="vectorize_sequences(): the result is float64, expected float32: np.zeros((n, dimension)) is float64 "
                "by default (pass dtype='float32'; in float64 the 25,000 training reviews take 2 GB instead of 1 GB)",
             zh="vectorize_sequences()：结果为 float64，应为 float32：np.zeros((n, dimension)) 默认为 float64"
                "（请传入 dtype='float32'；用 float64 时 25,000 条训练评论占 2 GB 而不是 1 GB）")
    return got


@once_per_learner
def _built(learner) -> Any:
    """build_model's model, rebuilt here; once per submission (the build checks share it)."""
    return model_from(run_keep(learner, "build_model").value, "build_model")


_compiled = once_per_learner(compiled_exports)
"""build_model, then compile_model on it, once per submission (the compile checks share it)."""


def _compile_settings(learner) -> Any:
    """The export of the compiled model: the one compile_model returned, else the one it was given."""
    return compile_settings(*_compiled(learner))


def _expect_compiled(learner, check: str) -> None:
    expect_compiled(_compile_settings(learner), optimizer="rmsprop", loss="binary_crossentropy",
                    metrics=["accuracy"], function="compile_model", check=(check,))


# ---------------------------------------------------------------------------- decode_review
@pytest.mark.points("decode_review", weight=2)
def test_decode_review_reviews(learner):
    """decode_review gives back three reviews (real IMDB or synthetic IMDB stand-in): index i is the word of value i - 3."""
    from grader.authoring.imdb_data import decode

    data, index = _data(), _word_index()
    for i in range(3):
        review = _review(data, i)
        got = learner.call("decode_review", review, index)
        expected = decode(review, index)
        if not isinstance(got, str):
            fail(en=f"decode_review() returned a {type(got).__name__}, expected a str (' '.join(...))",
                 zh=f"decode_review() 返回了 {type(got).__name__}，应返回 str（' '.join(...)）")
        if got != expected:
            words, want = got.split(" "), expected.split(" ")
            at = next((k for k, (a, b) in enumerate(zip(words, want, strict=False)) if a != b), min(len(words), len(want)))
            fail(en=f"decode_review(): training review {i} of the {_which(data)} decodes to {got[:120]!r}..., "
                    f"expected {expected[:120]!r}... (first difference at word {at}: "
                    f"{words[at] if at < len(words) else 'end'!r:.80} instead of {want[at] if at < len(want) else 'end'!r}); "
                    "the word of index i is the one whose word_index value is i - 3",
                 zh=f"decode_review()：{_which(data)} 的第 {i} 条训练评论解码为 {got[:120]!r}...，"
                    f"应为 {expected[:120]!r}...（第 {at} 个词起不同）；索引 i 对应 word_index 中值为 i - 3 的词")


@pytest.mark.points("decode_review", weight=1)
def test_decode_review_reserved_indices(learner):
    """Indices 0, 1, 2, 3 and past the word index become '?'; 4 is 'the'; the last word decodes too (an int array)."""
    index = _word_index()
    last = max(index.values())
    sequence = np.array([1, 4, 2, 0, 3, 5, last + 3, last + 4, 10**6, 14], dtype=np.int64)
    reverse = {v: k for k, v in index.items()}
    expected = " ".join(["?", reverse[1], "?", "?", "?", reverse[2], reverse[last], "?", "?", reverse[11]])
    got = learner.call("decode_review", sequence, index)
    if got != expected:
        fail(en=f"decode_review({sequence.tolist()}) gave {got!r:.200}, expected {expected!r}: "
                "0 (padding), 1 (start), 2 (unknown), 3 and indices without a word all become '?'",
             zh=f"decode_review({sequence.tolist()}) 得到 {got!r:.200}，应为 {expected!r}："
                "0（填充）、1（开始）、2（未知）、3 以及没有对应词的索引都应变成 '?'")


# ---------------------------------------------------------------------- vectorize_sequences
@pytest.mark.points("vectorize_sequences", weight=2)
def test_vectorize_sequences_reviews(learner):
    """vectorize_sequences of 300 reviews (real IMDB or synthetic IMDB stand-in) is their float32 (300, 10000) multi-hot."""
    data = _data()
    reviews = [_review(data, i) for i in range(300)]
    got = _vectorized(learner, reviews)
    assert_array_matches(got, data.train.multi_hot(0, 300), rtol=0, atol=0,
                         what=f"vectorize_sequences() of 300 reviews of the {data.source}")


@pytest.mark.points("vectorize_sequences", weight=1)
def test_vectorize_sequences_repeated_indices(learner):
    """A word that occurs several times still gives 1, not its count: [[5, 5, 5, 9], [9, 1, 9]]."""
    sequences = [[5, 5, 5, 9], [9, 1, 9]]
    got = _vectorized(learner, sequences)
    assert_array_matches(got, _expected_multi_hot(sequences, NUM_WORDS), rtol=0, atol=0,
                         what="vectorize_sequences([[5, 5, 5, 9], [9, 1, 9]])")


@pytest.mark.points("vectorize_sequences", weight=1)
def test_vectorize_sequences_dimension(learner):
    """The dimension argument sets the number of columns: int arrays, an empty review and indices 0 and 19 with dimension=20."""
    sequences = [np.array([0, 19, 3], dtype=np.int32), np.array([], dtype=np.int32), np.array([7, 7], dtype=np.int32)]
    got = _vectorized(learner, sequences, dimension=20)
    assert_array_matches(got, _expected_multi_hot(sequences, 20), rtol=0, atol=0,
                         what="vectorize_sequences(..., dimension=20)")


@pytest.mark.points("vectorize_sequences", weight=1)
def test_vectorize_sequences_leaves_input_unchanged(learner):
    """A 2D int array of equal-length reviews (read-only) is encoded and left unchanged."""
    rng = np.random.default_rng(7)
    sequences = rng.integers(0, 50, size=(6, 12)).astype(np.int64)
    sequences[:, 0] = 1
    got = call_unmodified(learner, "vectorize_sequences", sequences, dimension=50)
    assert_array_matches(got, _expected_multi_hot(list(sequences), 50), rtol=0, atol=0,
                         what="vectorize_sequences(2D int array, dimension=50)")


# ------------------------------------------------------------------------------ build_model
@pytest.mark.points("build_model", weight=2)
def test_build_model_layers(learner):
    """build_model returns Dense(16, relu), Dense(16, relu), Dense(1, sigmoid) (Activation layers, functional API allowed)."""
    expect_dense_stack(_built(learner), BOOK_LAYERS, "build_model")


@pytest.mark.points("build_model", weight=1)
def test_build_model_input_and_parameters(learner):
    """The model takes inputs of shape (None, 10000) and has 160,305 parameters."""
    model = _built(learner)
    expect_input(model, NUM_WORDS, "build_model")
    expect_params(model, BOOK_PARAMS, "build_model")


# ---------------------------------------------------------------------------- compile_model
@pytest.mark.points("compile_model", weight=1)
def test_compile_model_optimizer(learner):
    """compile_model uses the rmsprop optimizer (the string or a keras.optimizers.RMSprop)."""
    _expect_compiled(learner, "optimizer")


@pytest.mark.points("compile_model", weight=1)
def test_compile_model_loss(learner):
    """compile_model uses binary_crossentropy (one sigmoid output, 0/1 targets)."""
    _expect_compiled(learner, "loss")


@pytest.mark.points("compile_model", weight=1)
def test_compile_model_metrics(learner):
    """compile_model watches the accuracy metric ("accuracy", "acc" or BinaryAccuracy)."""
    _expect_compiled(learner, "metrics")


@pytest.mark.points("compile_model", weight=1)
def test_compile_model_returns_the_model(learner):
    """compile_model compiles the model it is given, in place, and returns it."""
    value, given = _compiled(learner)
    model_from(value, "compile_model")
    expect_compiled(given, optimizer="rmsprop", loss="binary_crossentropy", metrics=["accuracy"],
                    function="compile_model (the model it was given)", check=())


# ------------------------------------------------------------------------------------ train
def _test_accuracy(model: Any, data: Any) -> float:
    """Accuracy of the rebuilt model on the 25,000 test reviews, vectorised and predicted a batch at a time."""
    from grader.authoring.models import predict

    correct = 0
    for x, labels in data.test.batches(TEST_BATCH):
        p = predict(model, x, batch_size=TEST_BATCH)
        correct += int(np.sum((p.reshape(-1) > 0.5) == (labels == 1)))
    return correct / len(data.test)


@dataclass
class _Training:
    """One submission's training: its History and the accuracy measured here, or why it failed."""

    learner: Any
    history: dict[str, list[float]] = field(default_factory=dict)
    accuracy: float = float("nan")
    error: BaseException | None = None


_TRAININGS: list[_Training] = []
"""The session's trainings, one per learner (both train checks read the same one)."""


@functools.cache
def _training_pair() -> tuple[np.ndarray, np.ndarray]:
    """The training reviews (multi-hot) and labels, once per session.

    The matrix is in shared memory: each learner process maps these 140 MB instead of receiving a copy.
    """
    data = _data()
    x = data.train.multi_hot(0, TRAIN_REVIEWS, out=shared_array((min(TRAIN_REVIEWS, len(data.train)), NUM_WORDS), F32))
    y = data.train.labels[:TRAIN_REVIEWS].astype(F32)
    return x, y


def _train_and_measure(learner, training: _Training) -> None:
    data = _data()
    model = reference_model(learner, compiled=True, seed=SEED)
    x, y = _training_pair()
    record = run_keep(learner, "train", model.ref, x, y, epochs=EPOCHS, batch_size=BATCH_SIZE,
                      validation_split=VALIDATION_SPLIT, timeout=TRAIN_TIMEOUT)
    training.history = history_from(record.value, "train", EPOCHS)
    trained = model_from(learner.run("__export__", (model.ref,), keep=True).value, "train (the trained model)")
    training.accuracy = _test_accuracy(trained, data)


def _training(learner, record_property) -> _Training:
    """The learner's training, run by whichever train check comes first."""
    from grader.session.plugin import HISTORY_PROPERTY

    training = next((t for t in _TRAININGS if t.learner is learner), None)
    if training is None:
        training = _Training(learner)
        _TRAININGS.append(training)
        try:
            _train_and_measure(learner, training)
        except Exception as exc:  # noqa: BLE001 - the same outcome for both checks
            training.error = exc
    if training.history:
        record_property(HISTORY_PROPERTY, training.history)  # the learning curves in the feedback
    if training.error is not None:
        raise training.error
    return training


@pytest.mark.slow
@pytest.mark.points("train", weight=4)
def test_train_imdb_accuracy(learner, record_property):
    """train(model, x, y, 4, 512, validation_split=0.2) on 3,500 reviews (real IMDB or synthetic IMDB stand-in) gives >= 70 %.

    Seeded; the model is built and compiled by the references (a wrong build_model or compile_model costs
    only its own points); the grader vectorises the reviews,
    rebuilds the trained model and measures it on the 25,000 test reviews (>= 70 %, synthetic
    IMDB stand-in or real data). The History must cover the 4 epochs.
    """
    training = _training(learner, record_property)
    data = _data()
    minimum = MIN_ACCURACY_STANDIN if data.synthetic else MIN_ACCURACY_REAL
    if not training.accuracy >= minimum:
        curve = curve_text(training.history)
        fail(en=f"train: test accuracy {training.accuracy:.2%} on the 25,000 test reviews of the {_which(data)} after "
                f"training on {TRAIN_REVIEWS:,} reviews, expected at least {minimum:.0%}; per-epoch {curve}",
             zh=f"train：在 {_which(data)} 的 {TRAIN_REVIEWS:,} 条评论上训练后，25,000 条测试评论的准确率为 "
                f"{training.accuracy:.2%}，应至少为 {minimum:.0%}；每轮 {curve}")


@pytest.mark.slow
@pytest.mark.points("train", weight=1)
def test_train_validation_curves(learner, record_property):
    """With validation_split=0.2 the History also holds val_loss per epoch (the same training as the accuracy check)."""
    history = _training(learner, record_property).history
    if "val_loss" not in history:  # val_accuracy, val_binary_accuracy, val_acc: the metric's own name
        fail(en=f"train(): the History has {sorted(history)!s:.200}, no val_loss: pass validation_split on to "
                "model.fit (validation_split=validation_split) so that it measures the validation curves",
             zh=f"train()：History 中有 {sorted(history)!s:.200}，没有 val_loss：请把 validation_split 传给 model.fit"
                "（validation_split=validation_split），以便得到验证曲线")
