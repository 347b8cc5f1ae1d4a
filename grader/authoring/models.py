"""The trusted side of the Keras exercises: rebuild a learner's model from plain data.

The learner process exports a model as JSON architecture + weights + compile configuration
(:mod:`grader.runner.inside.export`). Here it is checked to use standard layers only, rebuilt with
Keras in safe mode, and described in normalised terms (layer types, units, activations,
optimizer, loss, metrics), so that valid variations — functional API, separate
``Activation`` layers, optimizer/loss/metric objects instead of strings — compare equal.
Predictions are computed here, by the rebuilt model, never by learner code.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from grader.feedback.echo import excerpt

ALLOWED_LAYERS = frozenset(
    {"InputLayer", "Dense", "Activation", "Dropout", "Flatten", "Reshape", "Rescaling", "ReLU", "Softmax"}
)
"""Layer classes a graded model may contain (no Lambda, no custom layers)."""
MODEL_CLASSES = frozenset({"Sequential", "Functional", "Model"})
METRIC_ALIASES = {
    "acc": "accuracy",
    "categorical_accuracy": "accuracy",
    "binary_accuracy": "accuracy",
    "sparse_categorical_accuracy": "accuracy",
    "mean_absolute_error": "mae",
    "mse": "mean_squared_error",
}
LOSS_ALIASES = {"mse": "mean_squared_error", "mae": "mean_absolute_error"}


class ModelRejected(ValueError):
    """The exported model is not plain data of standard layers."""


@dataclass(frozen=True)
class LayerInfo:
    """One computing layer, activations folded in: ``Dense(512) + Activation("relu")`` is one."""

    kind: str
    units: int | None
    activation: str | None


@dataclass(frozen=True)
class CompileInfo:
    """Normalised compile settings."""

    optimizer: str
    loss: str
    metrics: tuple[str, ...]


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _layer_classes(config: Any) -> Iterator[str]:
    if isinstance(config, dict):
        for layer in config.get("config", {}).get("layers", []) if isinstance(config.get("config"), dict) else []:
            if isinstance(layer, dict):
                yield str(layer.get("class_name"))
                if layer.get("class_name") in MODEL_CLASSES:
                    yield from _layer_classes(layer)


def rebuild(exported: Mapping[str, Any]) -> Any:
    """A Keras model rebuilt from an export, weights set.

    Raises:
        ModelRejected: for anything but standard layers, or weights that do not fit.
    """
    import keras  # type: ignore[import-untyped]

    if not isinstance(exported, Mapping) or exported.get("kind") != "keras_model":
        raise ModelRejected(f"expected a Keras model, got {type(exported).__name__}")
    try:
        config = json.loads(str(exported["config"]))
    except (KeyError, ValueError) as exc:
        raise ModelRejected("the model's architecture could not be read") from exc
    if not isinstance(config, dict) or config.get("class_name") not in MODEL_CLASSES:
        raise ModelRejected("the model is not a Sequential or functional keras.Model")
    unknown = sorted(set(_layer_classes(config)) - ALLOWED_LAYERS - MODEL_CLASSES)
    if unknown:
        # class names, and the errors below, are the learner's text (its model's configuration)
        raise ModelRejected(f"layers not allowed here: {excerpt(', '.join(unknown))} (use standard Keras layers)")
    try:
        model = keras.models.model_from_json(json.dumps(config))
        weights = [np.asarray(w) for w in exported.get("weights", [])]
        model.set_weights(weights)
    except (TypeError, ValueError, KeyError) as exc:
        raise ModelRejected(f"the model could not be rebuilt: {excerpt(str(exc))}") from exc
    return model


def _activation_name(activation: Any) -> str:
    name = getattr(activation, "__name__", None) or str(activation)
    return "linear" if name in ("linear", "None") else name


def layers(model: Any) -> list[LayerInfo]:
    """The model's computing layers with activations folded in (input and dropout left out)."""
    out: list[LayerInfo] = []
    for layer in model.layers:
        kind = type(layer).__name__
        if kind == "Dense":
            out.append(LayerInfo("Dense", int(layer.units), _activation_name(layer.activation)))
        elif kind in ("Activation", "ReLU", "Softmax"):
            name = _activation_name(layer.activation) if kind == "Activation" else kind.lower()
            if out and out[-1].activation == "linear":
                out[-1] = LayerInfo(out[-1].kind, out[-1].units, name)
            else:
                out.append(LayerInfo("Activation", None, name))
        elif kind not in ("InputLayer", "Dropout"):
            out.append(LayerInfo(kind, None, None))
    return out


def input_shape(model: Any) -> tuple[int | None, ...]:
    """The model's input shape, batch axis included (``(None, 784)``)."""
    shape = model.inputs[0].shape if getattr(model, "inputs", None) else ()
    return tuple(None if s is None else int(s) for s in shape)


def _name(entry: Any) -> str:
    if isinstance(entry, str):
        return entry.lower()
    if isinstance(entry, dict):
        if entry.get("class_name") == "function" and isinstance(entry.get("config"), str):
            return str(entry["config"]).lower()  # a plain function such as keras.losses.mean_squared_error
        inner = entry.get("config", {}) if isinstance(entry.get("config"), dict) else {}
        if entry.get("module", "").startswith("keras.metrics") and inner.get("name"):
            return str(inner["name"]).lower()
        return _snake(str(entry.get("class_name", "")))
    return str(entry).lower()


def compile_info(exported: Mapping[str, Any]) -> CompileInfo | None:
    """Normalised compile settings, or ``None`` when the model was not compiled."""
    raw = exported.get("compile") if isinstance(exported, Mapping) else None
    if not raw:
        return None
    try:
        config = json.loads(str(raw))
    except ValueError:
        return None
    optimizer = _name(config.get("optimizer")).replace("_", "")
    loss = _name(config.get("loss"))
    loss = LOSS_ALIASES.get(loss, loss)
    metrics_raw = config.get("metrics") or []
    metrics_list = metrics_raw if isinstance(metrics_raw, list) else [metrics_raw]
    metrics = tuple(METRIC_ALIASES.get(_name(m), _name(m)) for m in metrics_list)
    return CompileInfo(optimizer, loss, metrics)


def predict(model: Any, x: np.ndarray[Any, Any], batch_size: int = 2048) -> np.ndarray[Any, Any]:
    """The rebuilt model's outputs for ``x``, computed in batches (bounded memory)."""
    parts = [np.asarray(model(x[i : i + batch_size], training=False)) for i in range(0, len(x), batch_size)]
    return np.concatenate(parts) if parts else np.zeros((0,), dtype=np.float32)
