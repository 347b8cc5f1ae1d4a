"""Hidden grading suite for ``reuters`` (multi-class classification of newswires, 3.5) — Keras, optional.

Graded on architecture and compile settings only: the Reuters data is not available
offline (``keras.datasets.reuters.load_data`` downloads it), so there is no training
check and no accuracy threshold.

Nothing the learner process says about its model is trusted. ``build_model`` and
``compile_model`` run in the learner process on handles (``keep=True``); this process
receives plain-data exports (architecture JSON, weights, compile configuration), rebuilds
the model with :func:`grader.authoring.models.rebuild` (safe mode, standard layers only) and reads
architecture and compile settings from it (:mod:`grader.authoring.keras_checks`), so the functional
API, separate ``Activation`` layers and optimizer/loss/metric objects all pass.

* ``build_model``: the book's layers for the default 46 topics; input shape and parameter
  count; and ``build_model(num_classes=n)`` for n = 46 and 3, so that an output layer
  hard-coded to 46 units fails.
* ``compile_model``: optimizer, loss and metric each in its own check for the default
  ``sparse=False`` (one-hot targets: ``categorical_crossentropy``); ``sparse=True``
  (integer targets: ``sparse_categorical_crossentropy``); and the model is compiled in
  place and returned.
"""

from __future__ import annotations

from typing import Any

import pytest

from grader.authoring.keras_checks import (
    compile_settings,
    compiled_exports,
    expect_compiled,
    expect_dense_stack,
    expect_input,
    expect_params,
    layers_text,
    model_from,
    once_per_learner,
    run_keep,
)
from grader.authoring.models import LayerInfo, compile_info, layers
from grader.authoring.testing import fail

NUM_WORDS = 10000
NUM_CLASSES = 46
OPTIMIZER, METRICS = "rmsprop", ["accuracy"]
LOSS, SPARSE_LOSS = "categorical_crossentropy", "sparse_categorical_crossentropy"


def _book_layers(num_classes: int) -> list[tuple[int, str]]:
    return [(64, "relu"), (64, "relu"), (num_classes, "softmax")]


def _params(num_classes: int) -> int:
    """10000 * 64 + 64 + 64 * 64 + 64 + 64 * n + n: 647,214 for 46 classes, 644,419 for 3."""
    return NUM_WORDS * 64 + 64 + 64 * 64 + 64 + 64 * num_classes + num_classes


@once_per_learner
def _built(learner) -> Any:
    """build_model()'s model (default num_classes), rebuilt here; once per submission (the build checks share it)."""
    return model_from(run_keep(learner, "build_model").value, "build_model")


def _compiled(learner, sparse: bool | None) -> tuple[Any, Any]:
    """build_model, then compile_model on it (``sparse`` passed on unless ``None``); see :func:`compiled_exports`."""
    return compiled_exports(learner) if sparse is None else compiled_exports(learner, sparse=sparse)


@once_per_learner
def _compiled_default(learner) -> tuple[Any, Any]:
    """compile_model(model), once per submission (the optimizer, loss, metrics and return checks share it)."""
    return _compiled(learner, None)


def _expect_compiled(learner, check: str) -> None:
    expect_compiled(compile_settings(*_compiled_default(learner)), optimizer=OPTIMIZER, loss=LOSS, metrics=METRICS,
                    function="compile_model", check=(check,))


# ----------------------------------------------------------------------------- build_model
@pytest.mark.points("build_model", weight=2)
def test_build_model_layers(learner):
    """build_model() returns Dense(64, relu), Dense(64, relu), Dense(46, softmax) (Activation layers, functional API allowed)."""
    expect_dense_stack(_built(learner), _book_layers(NUM_CLASSES), "build_model")


@pytest.mark.points("build_model", weight=1)
def test_build_model_input_and_parameters(learner):
    """The model of build_model() takes inputs of shape (None, 10000) and has 647,214 parameters."""
    model = _built(learner)
    expect_input(model, NUM_WORDS, "build_model")
    expect_params(model, _params(NUM_CLASSES), "build_model")


@pytest.mark.points("build_model", weight=1)
@pytest.mark.parametrize("num_classes", [46, 3])
def test_build_model_num_classes(learner, num_classes):
    """build_model(num_classes=n) ends with Dense(n, softmax): 647,214 parameters for n = 46, 644,419 for n = 3."""
    call = f"build_model(num_classes={num_classes})"
    model = model_from(run_keep(learner, "build_model", num_classes=num_classes).value, "build_model")
    got = layers(model)
    want = [LayerInfo("Dense", units, activation) for units, activation in _book_layers(num_classes)]
    if got != want:
        fail(en=f"{call}: the layers are {layers_text(got)}, expected {layers_text(want)} "
                "(the output layer has num_classes units)",
             zh=f"{call}：网络层为 {layers_text(got)}，应为 {layers_text(want)}（输出层应有 num_classes 个单元）")
    count = int(model.count_params()) if getattr(model, "built", False) else 0
    if count != _params(num_classes):
        fail(en=f"{call}: the model has {count:,} parameters, expected {_params(num_classes):,}",
             zh=f"{call}：模型有 {count:,} 个参数，应为 {_params(num_classes):,} 个")


# --------------------------------------------------------------------------- compile_model
@pytest.mark.points("compile_model", weight=1)
def test_compile_model_optimizer(learner):
    """compile_model uses the rmsprop optimizer (the string or a keras.optimizers.RMSprop)."""
    _expect_compiled(learner, "optimizer")


@pytest.mark.points("compile_model", weight=1)
def test_compile_model_loss(learner):
    """compile_model(model) uses categorical_crossentropy (sparse=False: one-hot targets, softmax outputs)."""
    _expect_compiled(learner, "loss")


@pytest.mark.points("compile_model", weight=1)
def test_compile_model_sparse_loss(learner):
    """compile_model(model, sparse=True) uses sparse_categorical_crossentropy (integer targets)."""
    info = compile_info(compile_settings(*_compiled(learner, True)))
    call = "compile_model(model, sparse=True)"
    if info is None:
        fail(en=f"{call}: the model is not compiled (call model.compile(...))",
             zh=f"{call}：模型没有编译（请调用 model.compile(...)）")
    if info.loss != SPARSE_LOSS:
        fail(en=f"{call}: loss {info.loss!r:.200}, expected {SPARSE_LOSS!r} (integer labels: the loss depends on sparse)",
             zh=f"{call}：损失函数为 {info.loss!r:.200}，应为 {SPARSE_LOSS!r}（整数标签：损失函数取决于 sparse）")


@pytest.mark.points("compile_model", weight=1)
def test_compile_model_metrics(learner):
    """compile_model watches the accuracy metric ("accuracy", "acc" or CategoricalAccuracy)."""
    _expect_compiled(learner, "metrics")


@pytest.mark.points("compile_model", weight=1)
def test_compile_model_returns_the_model(learner):
    """compile_model compiles the model it is given, in place, and returns it."""
    value, given = _compiled_default(learner)
    model_from(value, "compile_model")
    expect_compiled(given, optimizer=OPTIMIZER, loss=LOSS, metrics=METRICS,
                    function="compile_model (the model it was given)", check=())
