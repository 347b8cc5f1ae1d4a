"""The learner process's side of grading one function with the reference versions of the others it uses.

A call's request may carry ``uses``: the reference source of some catalogue functions (the
solution's code, sent by the grading process: :mod:`grader.runner.substitutes`) and the names to
rebind. For the duration of that one call the learner's module attributes of those names are the
reference functions; they are restored afterwards, so no later call sees them. The learner's own
functions look their helpers up in the module's globals, so a learner's ``sigmoid_derivative``
calling ``sigmoid`` then calls the reference ``sigmoid``: a bug in ``sigmoid`` costs ``sigmoid``
only. Reference code runs in its own namespace (its helpers are references too).

Imports the standard library only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

FILENAME = "<dlgrade reference>"
"""Where reference code's frames say they are (not the learner's folder: errors are located in learner code)."""
MAX_PROGRAMS = 32
"""Reference programs kept compiled per learner process (a session sends a handful per module)."""

_PROGRAMS: dict[str, dict[str, Any]] = {}
_MISSING = object()


def functions(request: Any) -> dict[str, Callable[..., Any]]:
    """The reference functions a call's ``uses`` names, built from its source (once per learner process).

    Raises:
        ValueError: a malformed request, or a name its source does not define.
    """
    if not isinstance(request, Mapping):
        raise ValueError("malformed reference request")
    source, names = request.get("source"), request.get("names")
    if not isinstance(source, str) or not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise ValueError("malformed reference request")
    namespace = _PROGRAMS.get(source)
    if namespace is None:
        namespace = {"__name__": "dlgrade_reference", "__builtins__": __builtins__}
        exec(compile(source, FILENAME, "exec"), namespace)  # noqa: S102 - the grading process's reference code
        if len(_PROGRAMS) >= MAX_PROGRAMS:
            _PROGRAMS.clear()
        _PROGRAMS[source] = namespace
    found = {name: namespace.get(name) for name in names}
    missing = [name for name, fn in found.items() if not callable(fn)]
    if missing:
        raise ValueError(f"the reference code does not define {', '.join(missing)}")
    return found  # type: ignore[return-value]  # every value checked callable above


@contextmanager
def rebound(module: Any, replacements: Mapping[str, Callable[..., Any]]) -> Iterator[None]:
    """The module's attributes of these names are the replacements while the block runs; restored afterwards.

    An attribute the module did not have is removed again.
    """
    saved = {name: vars(module).get(name, _MISSING) for name in replacements}
    try:
        for name, fn in replacements.items():
            setattr(module, name, fn)
        yield
    finally:
        for name, old in saved.items():
            if old is _MISSING:
                vars(module).pop(name, None)
            else:
                setattr(module, name, old)
