"""The package's facade: every name it lists resolves, and importing it costs nothing."""

from __future__ import annotations

import subprocess
import sys

import pytest

import grader


@pytest.mark.parametrize("name", grader.__all__)
def test_every_facade_name_resolves(name: str) -> None:
    """grader.<name> is the object of the module that defines it (the same object, not a copy)."""
    value = getattr(grader, name)
    module = sys.modules[grader._WHERE[name]]
    assert value is getattr(module, name)


def test_an_unknown_name_is_an_attribute_error() -> None:
    """A name the facade does not list raises AttributeError, as for any module."""
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        _ = grader.nothing_here


def test_importing_the_package_imports_nothing_heavy() -> None:
    """`import grader` (what a learner's plugin does first) loads neither NumPy, pytest nor nbgrader."""
    probe = "import sys, grader\nprint(sorted(m for m in ('numpy', 'pytest', 'nbgrader') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
