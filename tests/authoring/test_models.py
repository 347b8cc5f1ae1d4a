"""The trusted side of Keras exercises: models exported by the learner process, rebuilt here."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import numpy as np
import pytest

from grader.authoring import models
from grader.runner.client import IsolatedLearner
from grader.runner.limits import Limits

LEARNER = textwrap.dedent(
    '''
    import keras

    def build_model():
        return keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(8, activation="relu"),
                                 keras.layers.Dense(3, activation="softmax")])

    def build_functional():
        inputs = keras.Input(shape=(4,))
        h = keras.layers.Dense(8)(inputs)
        h = keras.layers.Activation("relu")(h)
        return keras.Model(inputs, keras.layers.Dense(3, activation="softmax")(h))

    def build_lambda():
        return keras.Sequential([keras.Input(shape=(4,)), keras.layers.Lambda(lambda t: t * 2)])

    def compile_strings(model):
        model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
        return model

    def compile_objects(model):
        model.compile(optimizer=keras.optimizers.RMSprop(), loss=keras.losses.CategoricalCrossentropy(),
                      metrics=[keras.metrics.CategoricalAccuracy()])
        return model

    def train(model, x, y):
        return model.fit(x, y, epochs=2, batch_size=8, verbose=0)
    '''
)


@pytest.fixture(scope="module")
def learner(tmp_path_factory: pytest.TempPathFactory):
    """A learner process holding the little Keras module above."""
    folder: Path = tmp_path_factory.mktemp("keras_learner")
    (folder / "kmod.py").write_text(LEARNER, encoding="utf-8")
    handle = IsolatedLearner(folder, "kmod", limits=Limits(memory_bytes=None), timeout=120)
    yield handle
    handle.close()


@pytest.mark.slow
def test_string_and_object_compile_settings_normalise_to_the_same(learner) -> None:
    """Sequential + strings and functional + Activation layer + objects describe the same network."""
    first = learner.run("compile_strings", (learner.run("build_model", keep=True).ref,), keep=True)
    second = learner.run("compile_objects", (learner.run("build_functional", keep=True).ref,), keep=True)
    a, b = models.rebuild(first.value), models.rebuild(second.value)
    assert models.layers(a) == models.layers(b) == [
        models.LayerInfo("Dense", 8, "relu"), models.LayerInfo("Dense", 3, "softmax")]
    assert models.input_shape(a) == (None, 4)
    assert a.count_params() == b.count_params() == 4 * 8 + 8 + 8 * 3 + 3
    expected = models.CompileInfo("rmsprop", "categorical_crossentropy", ("accuracy",))
    assert models.compile_info(first.value) == models.compile_info(second.value) == expected


@pytest.mark.slow
def test_trained_weights_and_history_cross_back_and_predictions_are_computed_here(learner) -> None:
    """After training in the learner process, the exported weights give this process's predictions."""
    model_ref = learner.run("compile_strings", (learner.run("build_model", keep=True).ref,), keep=True).ref
    rng = np.random.default_rng(0)
    x = rng.standard_normal((32, 4)).astype(np.float32)
    y = np.eye(3, dtype=np.float32)[rng.integers(0, 3, 32)]
    history = learner.run("train", (model_ref, x, y), keep=True).value
    assert history["kind"] == "keras_history"
    assert len(history["history"]["loss"]) == 2
    trained = learner.run("__export__", (model_ref,), keep=True).value
    rebuilt = models.rebuild(trained)
    predictions = models.predict(rebuilt, x, batch_size=5)
    assert predictions.shape == (32, 3)
    np.testing.assert_allclose(predictions.sum(axis=1), 1.0, rtol=1e-5)
    untrained = models.rebuild(learner.run("build_model", keep=True).value)
    assert not np.allclose(models.predict(untrained, x), predictions)


@pytest.mark.slow
def test_lambda_layers_are_rejected(learner) -> None:
    """A model with a Lambda layer (arbitrary code) is refused before Keras deserialises it."""
    exported = learner.run("build_lambda", keep=True).value
    with pytest.raises(models.ModelRejected, match="Lambda"):
        models.rebuild(exported)


def test_forged_exports_are_rejected() -> None:
    """Anything that is not a plain model export is refused with a reason, never evaluated."""
    with pytest.raises(models.ModelRejected):
        models.rebuild({"kind": "something"})
    with pytest.raises(models.ModelRejected):
        models.rebuild({"kind": "keras_model", "config": "not json"})
    custom = {"class_name": "Sequential", "config": {"layers": [{"class_name": "MyEvilLayer", "config": {}}]}}
    with pytest.raises(models.ModelRejected, match="MyEvilLayer"):
        models.rebuild({"kind": "keras_model", "config": json.dumps(custom), "weights": []})


def test_compile_info_of_an_uncompiled_model_is_none() -> None:
    """A model exported before compile() has no compile settings."""
    assert models.compile_info({"kind": "keras_model", "compile": ""}) is None
    assert models.compile_info({"kind": "keras_model", "compile": "{broken"}) is None
