"""Reference computations shared by every submission: computed once, kept in memory and on disk.

A grading session checks every submission on the same derandomised examples, so a trusted
reference (a Keras layer on those inputs, say) is the same for all of them. In memory it is
computed once per session; with a cache folder (a session's spec names it, ``reference_cache``:
the batch grader uses one in the course's ``dlgrade/`` folder, out of learners' reach),
array results are also kept on disk, so later sessions of the batch, and re-grades, need not
even import TensorFlow. The file name digests the function (module, name, source), the
argument values and the versions of NumPy, Keras and TensorFlow; a file that cannot be read
is computed again, never trusted half-way.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from grader.paths import write_atomically


@dataclass
class _Disk:
    """Where array references are kept on disk (None: memory only)."""

    folder: Path | None = None


_DISK = _Disk()


def use_cache_folder(folder: Path | None) -> None:
    """Keep array references in ``folder`` from now on (None: in memory only); a grading session sets it from its spec."""
    _DISK.folder = folder


def _key(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return ("nd", value.dtype.str, value.shape, value.tobytes())
    if isinstance(value, (tuple, list)):
        return (type(value).__name__, tuple(_key(v) for v in value))
    if isinstance(value, dict):
        return ("dict", tuple(sorted((k, _key(v)) for k, v in value.items())))
    return (type(value).__name__, repr(value))


def _copy(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, (tuple, list)):
        return type(value)(_copy(v) for v in value)
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    return value


@functools.cache
def _versions() -> str:
    found = []
    for package in ("numpy", "keras", "tensorflow", "tensorflow-cpu"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            found.append(f"{package}={metadata.version(package)}")
    return ",".join(found)


@functools.cache
def _source(fn: Callable[..., Any]) -> str | None:
    """A reference function's source, read once per session (``inspect.getsource`` re-reads the file)."""
    try:
        return inspect.getsource(fn)
    except (OSError, TypeError):
        return None


def _file(fn: Callable[..., Any], key: Any) -> Path | None:
    folder = _DISK.folder
    if folder is None:
        return None
    source = _source(fn)
    if source is None:
        return None  # without its source a changed function could not be told apart: memory only
    digest = hashlib.sha256(repr((fn.__module__, fn.__qualname__, source, _versions(), key)).encode()).hexdigest()
    return folder / f"{fn.__qualname__}-{digest[:40]}.npy"


def _load(path: Path) -> np.ndarray | None:
    try:
        value = np.load(path, allow_pickle=False)
    except (OSError, ValueError, EOFError):
        return None
    return value if isinstance(value, np.ndarray) else None


def _store(path: Path, value: np.ndarray) -> None:
    with contextlib.suppress(OSError):  # a cache that cannot be written is only slower
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, lambda handle: np.save(handle, value, allow_pickle=False))


def cached_reference(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Memoise a reference computation (e.g. a Keras layer) on its argument values.

    Computed once per session (and, for array results, once per cache folder: :func:`use_cache_folder`);
    results are returned as copies: a check cannot spoil the cache.
    """
    cache: dict[Any, Any] = {}

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        key = (_key(args), _key(kwargs))
        if key not in cache:
            path = _file(fn, key)
            value = _load(path) if path is not None and path.is_file() else None
            if value is None:
                value = fn(*args, **kwargs)
                if path is not None and isinstance(value, np.ndarray) and value.dtype.kind in "biufc":
                    _store(path, value)
            cache[key] = value
        return _copy(cache[key])

    return wrapper
