"""Learner-side export of objects that cannot cross the boundary as they are.

A Keras model becomes its JSON architecture, its weights and its compile configuration
(all plain data: the trusted side rebuilds it in safe mode); a ``History`` becomes its
per-epoch metrics. Anything else crosses as itself if it can, else as its type name.
Keras is never imported here: objects are recognised by their class's module.
"""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np


def _is_keras(obj: Any, name: str) -> bool:
    return any(c.__name__ == name and c.__module__.startswith("keras") for c in type(obj).__mro__)


def _model(model: Any) -> dict[str, Any]:
    try:
        compile_config = json.dumps(model.get_compile_config(), default=str) if model.compiled else ""
    except (AttributeError, TypeError, ValueError):
        compile_config = ""
    return {
        "kind": "keras_model",
        "config": model.to_json(),
        "weights": [np.asarray(w) for w in model.get_weights()],
        "compile": compile_config,
    }


def _history(history: Any) -> dict[str, Any]:
    metrics = {
        str(k): [float(v) if isinstance(v, (int, float, np.floating)) and math.isfinite(float(v)) else float("nan") for v in vs]
        for k, vs in getattr(history, "history", {}).items()
    }
    return {"kind": "keras_history", "history": metrics, "epochs": [int(e) for e in getattr(history, "epoch", [])]}


def export(obj: Any) -> Any:
    """A plain-data view of ``obj`` (see the module docstring)."""
    if _is_keras(obj, "Model"):
        return _model(obj)
    if _is_keras(obj, "History"):
        return _history(obj)
    if isinstance(obj, tuple):
        return tuple(export(v) for v in obj)
    if isinstance(obj, list):
        return [export(v) for v in obj]
    return obj
