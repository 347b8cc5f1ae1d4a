"""Hidden grading suite for ``mnist`` (the first network, 2.1) — Keras.

Nothing the learner process says about its model is trusted. ``build_model``,
``compile_model`` and ``train`` run in the learner process on handles (``keep=True``); this
process receives plain-data exports (architecture JSON, weights, compile configuration,
History), rebuilds the model with :func:`grader.authoring.models.rebuild` (safe mode, standard layers
only) and reads architecture and compile settings from it (:mod:`grader.authoring.keras_checks`).

The one training check feeds the learner's ``train`` a model built and compiled by the reference
``build_model`` and ``compile_model`` in the learner process, and the 60,000 training digits prepared
here with the reference preprocessing (so a wrong ``preprocess``, ``build_model`` or ``compile_model``
costs only its own points: one bug, one deduction; the compile checks also get the reference's
model), at the book's settings (5 epochs, batches of 128), after seeding the learner process. The
trained weights come back as data and this process computes the accuracy on the 10,000
test digits with the rebuilt model: the test labels never enter the learner process.

Threshold, measured with the reference solution (Keras 3.15, TensorFlow 2.21 CPU, 2
threads), test accuracy after training on all 60,000 digits:

* 5 epochs, seeds 0-4: 97.96 %, 98.09 %, 97.67 %, 97.89 %, 97.93 % (7-11 s of training);
* 2 epochs, seeds 0-2: 97.14 %, 97.27 %, 97.01 %;
* 1 epoch, seeds 0-2: 96.11 %, 96.00 %, 95.60 %.

``MIN_ACCURACY = 0.97`` keeps 0.67 points of margin below the worst 5-epoch seed and fails
a network trained for a single epoch (96.11 % with the seed used here) by almost a point.
The training matrix is made once per session in shared memory (:mod:`grader.runner.shared`):
learner processes map it instead of receiving a 188 MB copy. The grading costs well under 1 s
per submission on top of the learner's own training (rebuilding the model, predicting 10,000
digits); the learner process peaks at about 1.1 GB.

The per-epoch loss and accuracy of the learner's History (the learning curve) are attached
to the check with ``record_property(grader.session.plugin.HISTORY_PROPERTY, ...)``, pass or fail.
"""

from __future__ import annotations

import functools
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
from grader.authoring.testing import assert_array_matches, fail
from grader.runner.shared import shared_array
from grader.session.plugin import HISTORY_PROPERTY

F32 = np.float32
SEED = 0
EPOCHS, BATCH_SIZE = 5, 128
MIN_ACCURACY = 0.97
TRAIN_TIMEOUT = 300.0  # seconds: far above what training takes, room for a loaded machine
BOOK_LAYERS = [(512, "relu"), (10, "softmax")]
BOOK_PARAMS = 407_050  # 784 * 512 + 512 + 512 * 10 + 10


def _digits(seed: int, n: int, high: int = 256) -> tuple[np.ndarray, np.ndarray]:
    """Seeded uint8 images (n, 28, 28) in [0, high) and uint8 labels (n,), as MNIST stores them."""
    rng = np.random.default_rng(seed)
    images = rng.integers(0, high, size=(n, 28, 28), dtype=np.uint8)
    labels = rng.integers(0, 10, size=n, dtype=np.uint8)
    return images, labels


def _preprocessed(learner, images: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    got = learner.call("preprocess", images, labels)
    if not isinstance(got, tuple) or len(got) != 2:
        fail(en="preprocess() must return a tuple (x, y)", zh="preprocess() 应返回元组 (x, y)")
    return got


@functools.cache
def _mnist() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The real MNIST, prepared with the reference preprocessing, once per session."""
    from grader.authoring.data import load_mnist

    (x_train, y_train), (x_test, y_test) = load_mnist()
    # the training pair in shared memory: each learner process maps it instead of receiving a copy
    x = shared_array((len(x_train), 784), F32)
    np.divide(x_train.reshape(len(x_train), 784), F32(255), out=x, dtype=F32)
    y = shared_array((len(y_train), 10), F32)
    y[...] = np.eye(10, dtype=F32)[y_train]
    return x, y, x_test.reshape(len(x_test), 784).astype(F32) / 255, y_test


@once_per_learner
def _built(learner) -> Any:
    """build_model's model, rebuilt here; once per submission (the build checks share it)."""
    return model_from(run_keep(learner, "build_model").value, "build_model")


_compiled = once_per_learner(compiled_exports)
"""build_model, then compile_model on it, once per submission (the compile checks share it)."""


def _compile_settings(learner) -> Any:
    """The export of the compiled model: the one compile_model returned, else the one it was given."""
    return compile_settings(*_compiled(learner))


# ------------------------------------------------------------------------------ preprocess
@pytest.mark.points("preprocess", weight=1)
def test_preprocess_shapes_and_dtypes(learner):
    """The call preprocess(images, labels) turns (37, 28, 28) uint8 digits into x (37, 784) float32 and y (37, 10) float32."""
    images, labels = _digits(1, 37)
    x, y = _preprocessed(learner, images, labels)
    for what, got, shape in (("x", x, (37, 784)), ("y", y, (37, 10))):
        if not isinstance(got, np.ndarray):
            fail(en=f"preprocess(): {what} is a {type(got).__name__}, expected a NumPy array",
                 zh=f"preprocess()：{what} 的类型为 {type(got).__name__}，应为 NumPy 数组")
        if got.shape != shape or got.dtype != F32:
            hint_en = " (keras.utils.to_categorical returns float64 in Keras 3: add .astype('float32'))" if what == "y" else ""
            hint_zh = "（Keras 3 中 keras.utils.to_categorical 返回 float64：请加上 .astype('float32')）" if what == "y" else ""
            fail(en=f"preprocess(): {what} is {got.dtype} {got.shape}, expected float32 {shape}{hint_en}",
                 zh=f"preprocess()：{what} 为 {got.dtype} {got.shape}，应为 float32 {shape}{hint_zh}")


@pytest.mark.points("preprocess", weight=2)
def test_preprocess_pixel_values(learner):
    """The x part is every image flattened row by row and divided by 255 (digits whose brightest pixel is 199)."""
    images, labels = _digits(2, 50, high=200)
    x, _ = _preprocessed(learner, images, labels)
    expected = images.reshape(50, 784).astype(F32) / 255
    assert_array_matches(x, expected, rtol=0, atol=1e-6, check_dtype=False, what="preprocess() x")


@pytest.mark.points("preprocess", weight=1)
def test_preprocess_one_hot(learner):
    """The y part is the one-hot float32 encoding of the labels, always 10 columns (here no digit is a 9)."""
    images, _ = _digits(3, 30)
    labels = np.tile(np.arange(9, dtype=np.uint8), 4)[:30]
    _, y = _preprocessed(learner, images, labels)
    if isinstance(y, np.ndarray) and y.dtype == np.float64:
        fail(en="preprocess(): y is float64, expected float32 (keras.utils.to_categorical returns float64 "
                "in Keras 3: add .astype('float32'))",
             zh="preprocess()：y 为 float64，应为 float32（Keras 3 中 keras.utils.to_categorical 返回 float64："
                "请加上 .astype('float32')）")
    assert_array_matches(y, np.eye(10, dtype=F32)[labels], rtol=0, atol=0, what="preprocess() y")


# ----------------------------------------------------------------------------- build_model
@pytest.mark.points("build_model", weight=2)
def test_build_model_layers(learner):
    """build_model returns Dense(512, relu) then Dense(10, softmax) (Activation layers and the functional API allowed)."""
    expect_dense_stack(_built(learner), BOOK_LAYERS, "build_model")


@pytest.mark.points("build_model", weight=1)
def test_build_model_input_and_parameters(learner):
    """The model takes inputs of shape (None, 784) and has 407,050 parameters."""
    model = _built(learner)
    expect_input(model, 784, "build_model")
    expect_params(model, BOOK_PARAMS, "build_model")


# --------------------------------------------------------------------------- compile_model
@pytest.mark.points("compile_model", weight=1)
def test_compile_model_optimizer(learner):
    """compile_model uses the rmsprop optimizer (the string or a keras.optimizers.RMSprop)."""
    expect_compiled(_compile_settings(learner), optimizer="rmsprop", loss="categorical_crossentropy",
                    metrics=["accuracy"], function="compile_model", check=("optimizer",))


@pytest.mark.points("compile_model", weight=1)
def test_compile_model_loss(learner):
    """compile_model uses categorical_crossentropy (one-hot targets, softmax outputs)."""
    expect_compiled(_compile_settings(learner), optimizer="rmsprop", loss="categorical_crossentropy",
                    metrics=["accuracy"], function="compile_model", check=("loss",))


@pytest.mark.points("compile_model", weight=1)
def test_compile_model_metrics(learner):
    """compile_model watches the accuracy metric ("accuracy", "acc" or CategoricalAccuracy)."""
    expect_compiled(_compile_settings(learner), optimizer="rmsprop", loss="categorical_crossentropy",
                    metrics=["accuracy"], function="compile_model", check=("metrics",))


@pytest.mark.points("compile_model", weight=1)
def test_compile_model_returns_the_model(learner):
    """compile_model compiles the model it is given, in place, and returns it."""
    value, given = _compiled(learner)
    model_from(value, "compile_model")
    expect_compiled(given, optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"],
                    function="compile_model (the model it was given)", check=())


# ----------------------------------------------------------------------------------- train
@pytest.mark.slow
@pytest.mark.points("train", weight=5)
def test_train_mnist_accuracy(learner, record_property):
    """Trained by train(model, x, y, epochs=5, batch_size=128) on the 60,000 digits, the model gets >= 97 % of the test digits.

    Seeded; the model is built and compiled by the references (a wrong build_model or compile_model costs only
    its own points); the grader computes the test accuracy.
    """
    from grader.authoring.data import DataNotConfigured
    from grader.authoring.models import predict

    try:
        x, y, x_test, y_test = _mnist()
    except DataNotConfigured as exc:
        fail(en=f"cannot grade train: the MNIST files are not available to the grader ({exc})",
             zh=f"无法评分 train：评分程序找不到 MNIST 文件（{exc}）")
    model = reference_model(learner, compiled=True, seed=SEED)
    record = run_keep(learner, "train", model.ref, x, y, epochs=EPOCHS, batch_size=BATCH_SIZE, timeout=TRAIN_TIMEOUT)
    history = history_from(record.value, "train")
    record_property(HISTORY_PROPERTY, history)  # per-epoch loss/accuracy: the learning curve in the feedback
    trained = model_from(learner.run("__export__", (model.ref,), keep=True).value, "train (the trained model)")
    accuracy = float(np.mean(np.argmax(predict(trained, x_test), axis=1) == y_test))
    if not accuracy >= MIN_ACCURACY:
        curve = curve_text(history)
        fail(en=f"train: test accuracy {accuracy:.2%} after training, expected at least {MIN_ACCURACY:.0%} "
                f"(the book reaches about 97.8%); per-epoch {curve}",
             zh=f"train：训练后测试准确率为 {accuracy:.2%}，应至少为 {MIN_ACCURACY:.0%}"
                f"（书中约为 97.8%）；每轮 {curve}")
