"""Detect whole-array NumPy work inside ``naive_*`` functions.

Two independent signals, both collected while the learner's function runs:

1. *Operand tracking.* Inputs are handed over as :class:`Watched`, an ``ndarray`` subclass
   that records every ufunc (``+``, ``np.maximum``, ``@``, ``.sum()`` …) and every
   array function (``np.dot``, ``np.reshape``, ``np.broadcast_to`` …) applied to a
   non-scalar operand derived from them, however the function was reached
   (``getattr(np, "d" + "ot")``, aliases, methods). Views such as rows (``x[i] + y``)
   stay watched; single elements (``x[i, j]``) are plain scalars and never recorded.
2. *Work accounting.* An element-by-element loop executes at least one Python line per
   element; ``sys.settrace`` counts line events in non-NumPy frames. Far fewer lines than
   elements means something vectorised did the work even if the watch was stripped
   (``np.asarray(x)``, ``x.view(np.ndarray)``, ``x.tolist()`` round trips).

Honest loops trigger neither: false positives are worse than misses.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

import numpy as np

ALLOWED_FUNCTIONS = frozenset(
    {
        "zeros_like", "empty_like", "ones_like", "full_like", "copy", "shape", "ndim",
        "size", "result_type", "can_cast", "min_scalar_type", "iterable", "ndenumerate",
    }
)
"""Array functions a naive implementation may call on its inputs."""
ALLOWED_UFUNCS = frozenset({"isnan", "isinf", "isfinite"})
"""Element predicates tolerated on whole arrays (input validation, not the work)."""

_log: list[str] | None = None
_NUMPY_DIR = os.path.dirname(np.__file__)


def _record(what: str) -> None:
    if _log is not None and what not in _log:
        _log.append(what)


def _bulk(values: Any) -> bool:
    return any(isinstance(v, np.ndarray) and v.size > 1 for v in values)


def _plain(value: Any) -> Any:
    return value.view(np.ndarray) if isinstance(value, Watched) else value


class Watched(np.ndarray):
    """An array that reports whole-array operations applied to it."""

    def __array_ufunc__(self, ufunc: np.ufunc, method: str, *inputs: Any, **kwargs: Any) -> Any:
        out = kwargs.get("out", ())
        allowed = ufunc.__name__ in ALLOWED_UFUNCS and method == "__call__"
        if not allowed and _bulk(inputs + tuple(out or ())):
            _record(ufunc.__name__ if method == "__call__" else f"{ufunc.__name__}.{method}")
        args = tuple(_plain(v) for v in inputs)
        if out:
            kwargs["out"] = tuple(_plain(v) for v in out)
        result = getattr(ufunc, method)(*args, **kwargs)
        # a tolerated predicate's mask is validation, not data: np.isnan(x).any() stays unrecorded
        if isinstance(result, np.ndarray) and not out and not allowed:
            return result.view(Watched)
        return result

    def __array_function__(
        self, func: Callable[..., Any], types: Any, args: Any, kwargs: Any
    ) -> Any:
        global _log  # noqa: PLW0603 - suspended while an allowed function runs
        name = getattr(func, "__name__", str(func))
        if name not in ALLOWED_FUNCTIONS:
            _record(f"np.{name}")
            return super().__array_function__(func, types, args, kwargs)
        # an allowed function's own internals (zeros_like fills with np.copyto) are not the learner's work
        saved, _log = _log, None
        try:
            return super().__array_function__(func, types, args, kwargs)
        finally:
            _log = saved

    def _method(self, name: str) -> None:
        if self.size > 1:
            _record(f".{name}()")

    def dot(self, *args: Any, **kwargs: Any) -> Any:  # noqa: D102 - watched ndarray method
        self._method("dot")
        return np.ndarray.dot(self.view(np.ndarray), *args, **kwargs)

    def reshape(self, *args: Any, **kwargs: Any) -> Any:  # noqa: D102 - watched ndarray method
        self._method("reshape")
        return np.ndarray.reshape(self, *args, **kwargs)

    def ravel(self, *args: Any, **kwargs: Any) -> Any:  # noqa: D102 - watched ndarray method
        self._method("ravel")
        return np.ndarray.ravel(self, *args, **kwargs)

    def flatten(self, *args: Any, **kwargs: Any) -> Any:  # noqa: D102 - watched ndarray method
        self._method("flatten")
        return np.ndarray.flatten(self, *args, **kwargs)

    def transpose(self, *args: Any) -> Any:  # noqa: D102 - watched ndarray method
        self._method("transpose")
        return np.ndarray.transpose(self, *args)

    def swapaxes(self, *args: Any) -> Any:  # noqa: D102 - watched ndarray method
        self._method("swapaxes")
        return np.ndarray.swapaxes(self, *args)

    def repeat(self, *args: Any, **kwargs: Any) -> Any:  # noqa: D102 - watched ndarray method
        self._method("repeat")
        return np.ndarray.repeat(self, *args, **kwargs)

    @property
    def T(self) -> Any:  # noqa: N802 - mirrors ndarray.T
        """The transpose, recorded."""
        self._method("T")
        return np.ndarray.transpose(self)

    @property
    def mT(self) -> Any:  # noqa: N802 - mirrors ndarray.mT
        """The matrix transpose, recorded."""
        self._method("mT")
        return np.ndarray.swapaxes(self, -1, -2)


def watch(value: Any) -> Any:
    """Wrap arrays (also inside tuples, lists and dicts) as :class:`Watched` views."""
    if isinstance(value, np.ndarray):
        return value.view(Watched)
    if isinstance(value, tuple):
        return tuple(watch(v) for v in value)
    if isinstance(value, list):
        return [watch(v) for v in value]
    if isinstance(value, dict):
        return {k: watch(v) for k, v in value.items()}
    return value


def unwatch(value: Any) -> Any:
    """Turn :class:`Watched` arrays (also nested) back into plain arrays."""
    if isinstance(value, Watched):
        return value.view(np.ndarray)
    if isinstance(value, tuple):
        return tuple(unwatch(v) for v in value)
    if isinstance(value, list):
        return [unwatch(v) for v in value]
    if isinstance(value, dict):
        return {k: unwatch(v) for k, v in value.items()}
    return value


@contextmanager
def watching() -> Iterator[tuple[list[str], list[int]]]:
    """Record whole-array operations and count Python lines run outside NumPy.

    Yields:
        ``(operations, [line_count])``, filled in while the block runs.
    """
    global _log  # noqa: PLW0603 - the ufunc hooks have no other way to find the active log
    operations: list[str] = []
    lines = [0]
    own = os.path.dirname(__file__)

    def tracer(frame: FrameType, event: str, arg: Any) -> Any:
        filename = frame.f_code.co_filename
        if filename.startswith(_NUMPY_DIR) or filename.startswith(own):
            return None
        if event == "line":
            lines[0] += 1
        return tracer

    previous = sys.gettrace()
    _log = operations
    sys.settrace(tracer)
    try:
        yield operations, lines
    finally:
        sys.settrace(previous)
        _log = None
