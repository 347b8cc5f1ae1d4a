"""Which of dlgrade's optional parts (``pip install 'dlgrade[EXTRA]'``) are installed here.

``pip install dlgrade`` is the learner's core (NumPy, pytest, Hypothesis): every NumPy module's
stubs and public checks. ``dlgrade[keras]`` adds Keras and TensorFlow for the Keras modules;
``dlgrade[instructor]`` adds nbgrader and what grading a class needs. What needs a missing extra
says which one to install instead of failing on an import.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Collection, Sequence

EXTRAS = {
    "keras": ("keras", "tensorflow"),
    "instructor": ("nbgrader", "jsonschema", "dateutil", "matplotlib", "keras", "tensorflow"),
}
"""Each extra's importable packages (what ``pyproject.toml`` lists under it)."""
NAMES = {"keras": "Keras", "tensorflow": "TensorFlow", "nbgrader": "nbgrader", "jsonschema": "jsonschema",
         "dateutil": "python-dateutil", "matplotlib": "matplotlib"}
"""The names users know the packages by."""


class ExtraMissing(RuntimeError):
    """Something needs an extra that is not installed; the message says what to install."""


def install_command(extra: str) -> str:
    """The command that installs ``extra``."""
    return f"pip install 'dlgrade[{extra}]'"


def missing(extra: str) -> list[str]:
    """The packages of ``extra`` that are not installed (by the names users know them by)."""
    packages = EXTRAS[extra]
    backend = os.environ.get("KERAS_BACKEND", "tensorflow")
    # Keras on another backend (jax, torch) needs no TensorFlow
    return [NAMES[name] for name in packages if not (name == "tensorflow" and backend != "tensorflow") and not _installed(name)]


def _installed(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):  # a broken install (no __spec__, a finder refusing it) is not an installed one
        return False


def require(extra: str, what: str) -> None:
    """Raise unless every package of ``extra`` is installed.

    Raises:
        ExtraMissing: naming what needs it, the missing packages and the command that installs them.
    """
    absent = missing(extra)
    if absent:
        raise ExtraMissing(f"{what} needs {', '.join(absent)}, which {'is' if len(absent) == 1 else 'are'} not installed "
                           f"here: {install_command(extra)}")


def checkable(modules: Sequence[str], keras_modules: Collection[str]) -> tuple[list[str], list[str]]:
    """``modules`` split into those that can be checked here and the Keras modules that cannot (no Keras)."""
    if not missing("keras"):
        return list(modules), []
    return [m for m in modules if m not in keras_modules], [m for m in modules if m in keras_modules]
