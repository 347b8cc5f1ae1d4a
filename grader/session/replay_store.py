"""Recorded Hypothesis examples on disk, without pickle: JSON for the structure, ``.npz`` for arrays.

Kept next to the reference cache (the session spec's ``reference_cache``, in the course's
``dlgrade/`` folder) so later grading sessions of a batch, and re-grades, replay
the examples without running Hypothesis's engine at all. Records come from runs in which every example passed,
so they do not depend on any learner. The file name digests the check, its suite file and the
versions of Hypothesis and NumPy; a file that cannot be read is ignored, never trusted
half-way; values of a kind this format does not know keep the record in memory only.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import zipfile
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
from hypothesis.extra.numpy import BroadcastableShapes

from grader.paths import write_atomically


@dataclass
class Example:
    """One example as a check received it: generated arguments, then its draws in order."""

    given: dict[str, Any]
    data_names: tuple[str, ...]
    draws: list[tuple[str | None, Any]] = field(default_factory=list)


@dataclass
class Record:
    """The valid examples of one check, in the order Hypothesis ran them, from a run that passed them all."""

    examples: list[Example]


NAMED_TUPLES: dict[str, type] = {"BroadcastableShapes": BroadcastableShapes}
"""The named tuples strategies hand checks (``mutually_broadcastable_shapes``), by name."""


class Unstorable(TypeError):
    """A recorded value of a kind the store does not write (the record stays in memory)."""


@functools.cache
def _versions() -> str:
    return ",".join(metadata.version(p) for p in ("hypothesis", "numpy"))


@functools.cache
def _digest(suite: bytes) -> str:
    return hashlib.sha256(suite).hexdigest()


def record_file(folder: Path, key: str, suite: bytes) -> Path:
    """Where the record of check ``key`` from a suite file with content ``suite`` lives."""
    digest = hashlib.sha256(repr((key, _digest(suite), _versions())).encode()).hexdigest()
    return folder / f"examples-{digest[:40]}.npz"


def _encode(value: Any, arrays: list[np.ndarray]) -> Any:  # noqa: PLR0911 - one case per kind of value
    if isinstance(value, (np.ndarray, np.generic)):  # before float: np.float64 is a float
        array = np.asarray(value)
        if array.dtype.kind not in "biufc":
            raise Unstorable(f"array of dtype {array.dtype}")
        arrays.append(array)
        return ["nd" if isinstance(value, np.ndarray) else "scalar", len(arrays) - 1]
    if value is None or type(value) in (bool, int, float, str):
        return ["v", value]
    if isinstance(value, np.dtype):
        return ["dtype", value.str]
    if isinstance(value, type) and issubclass(value, np.generic):
        return ["type", np.dtype(value).str]
    if type(value) in (tuple, list):
        return [type(value).__name__, [_encode(v, arrays) for v in value]]
    if type(value) in NAMED_TUPLES.values():
        return ["named", [type(value).__name__, [_encode(v, arrays) for v in value]]]
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return ["dict", [[k, _encode(v, arrays)] for k, v in value.items()]]
    raise Unstorable(type(value).__name__)


def _decode(node: Any, arrays: dict[str, np.ndarray]) -> Any:  # noqa: PLR0911 - one case per kind of value
    tag, body = node
    if tag == "v":
        return body
    if tag == "nd":
        return arrays[f"a{body}"]
    if tag == "scalar":
        return arrays[f"a{body}"][()]
    if tag == "dtype":
        return np.dtype(body)
    if tag == "type":
        return np.dtype(body).type
    if tag in ("tuple", "list"):
        items = [_decode(v, arrays) for v in body]
        return tuple(items) if tag == "tuple" else items
    if tag == "dict":
        return {k: _decode(v, arrays) for k, v in body}
    if tag == "named":
        name, items = body
        return NAMED_TUPLES[name](*(_decode(v, arrays) for v in items))
    raise ValueError(f"unknown tag {tag!r}")


def store(path: Path, record: Record) -> None:
    """Write a record (atomically); silently skip what this format cannot hold."""
    arrays: list[np.ndarray] = []
    try:
        meta = [
            {"given": _encode(e.given, arrays), "data": list(e.data_names),
             "draws": [[label, _encode(v, arrays)] for label, v in e.draws]}
            for e in record.examples
        ]
    except Unstorable:
        return
    with contextlib.suppress(OSError):  # a cache that cannot be written is only slower
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = {"meta": np.array(json.dumps(meta)), **{f"a{i}": a for i, a in enumerate(arrays)}}
        write_atomically(path, lambda handle: np.savez(handle, **payload))  # type: ignore[arg-type]  # numpy's stub mistypes **kwds


def load(path: Path) -> Record | None:
    """The record in ``path``, or None if it is missing or unreadable."""
    try:
        with open(path, "rb") as handle, np.load(handle, allow_pickle=False) as npz:
            arrays = {name: npz[name] for name in npz.files}
        meta = json.loads(str(arrays.pop("meta")))
        examples = [
            Example(_decode(e["given"], arrays), tuple(e["data"]),
                    [(label, _decode(v, arrays)) for label, v in e["draws"]])
            for e in meta
        ]
    except (OSError, ValueError, KeyError, TypeError, EOFError, zipfile.BadZipFile):
        return None
    return Record(examples)
