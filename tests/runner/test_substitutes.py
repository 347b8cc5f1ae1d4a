"""One bug, one deduction: a learner's function is called with the reference versions of those it uses."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pytest

from grader.catalogue import USES
from grader.paths import SOLUTIONS
from grader.runner.client import InProcessLearner, IsolatedLearner, Learner
from grader.runner.errors import FunctionMissing, LearnerRaised
from grader.runner.substitutes import Substitutes, program

REFERENCE = '''
"""The reference module."""
import numpy as np

SCALE = 2


def _twice(x):
    return x * SCALE


def inner(x):
    """Doubles x."""
    return _twice(x)


def outer(x):
    return inner(x) + 1


def unrelated(x):
    return x


def labelled(x):
    return {"val_mae": x}
'''

LEARNER = '''
import numpy as np


def inner(x):
    return x * 3  # the bug


def outer(x):
    return inner(x) + 1  # right, given a right inner


def labelled(x):
    return {"val_mean_absolute_error": x}  # a name the contract leaves open


def keyed(x):
    return labelled(x)["val_mean_absolute_error"]  # right with its own labelled


def broken(x):
    return inner(x)["nothing"]  # wrong with any inner
'''

SUBSTITUTES = Substitutes("learner_mod", REFERENCE, MappingProxyType(
    {"outer": ("inner",), "keyed": ("labelled",), "broken": ("inner",)}))


@pytest.fixture(params=["isolated", "inprocess"], scope="module")
def learner(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Learner]:
    """The learner module with its substitutes, in its own process or in this one."""
    folder = tmp_path_factory.mktemp("sub")
    (folder / "learner_mod.py").write_text(textwrap.dedent(LEARNER), encoding="utf-8")
    handle: Learner
    if request.param == "isolated":
        handle = IsolatedLearner(folder, "learner_mod", timeout=5, substitutes=SUBSTITUTES)
    else:
        handle = InProcessLearner(folder, "learner_mod", SUBSTITUTES)
    yield handle
    handle.close()


def test_program_holds_what_the_names_need() -> None:
    """The program carries the header, the functions named and the helpers they reach; no docstrings, nothing else."""
    text = program(REFERENCE, ("inner",))
    assert "import numpy" in text and "SCALE = 2" in text
    assert "def inner" in text and "def _twice" in text
    assert "def outer" not in text and "def unrelated" not in text and "Doubles" not in text and "reference module" not in text


def test_a_call_uses_the_reference_of_what_it_uses(learner: Learner) -> None:
    """The call of outer runs on the reference inner (2x + 1); the learner's inner is back afterwards."""
    x = np.array([1.0, 2.0])
    np.testing.assert_array_equal(learner.call("outer", x), [3.0, 5.0])
    np.testing.assert_array_equal(learner.call("inner", x), [3.0, 6.0])


def test_reference_calls_the_reference_itself(learner: Learner) -> None:
    """reference=True calls the reference version, even of a function the learner did not write."""
    x = np.array([1.0])
    np.testing.assert_array_equal(learner.run("inner", (x,), reference=True).value, [2.0])
    np.testing.assert_array_equal(learner.run("unrelated", (x,), reference=True).value, [1.0])
    with pytest.raises(FunctionMissing):
        learner.call("unrelated", x)  # the reference was rebound for that call only


def test_without_substitutes_the_learners_own_are_used(tmp_path: Path) -> None:
    """No solution readable (a learner's local checks): outer runs on the learner's inner (3x + 1)."""
    (tmp_path / "learner_mod.py").write_text(textwrap.dedent(LEARNER), encoding="utf-8")
    handle = InProcessLearner(tmp_path, "learner_mod")
    np.testing.assert_array_equal(handle.call("outer", np.array([1.0])), [4.0])


def test_every_declared_edge_has_a_reference_program() -> None:
    """Each function of USES gets a program from its module's solution that defines what it uses."""
    for module, table in USES.items():
        substitutes = Substitutes.read(module, SOLUTIONS / f"{module}.py", table)
        assert substitutes is not None
        for function, used in table.items():
            request = substitutes.request(function)
            assert request is not None and request["names"] == list(used)
            namespace: dict[str, object] = {}
            exec(compile(request["source"], "<test>", "exec"), namespace)  # noqa: S102 - the solutions' own code
            assert all(callable(namespace[name]) for name in used)


def test_unreadable_solution_gives_none(tmp_path: Path) -> None:
    """A missing solution file: no substitutes (the learner's own functions are used)."""
    assert Substitutes.read("backprop", tmp_path / "missing.py", {}) is None


def test_code_relying_on_its_own_helpers_is_retried_with_them(learner: Learner) -> None:
    """The call of keyed raises with the reference labelled (another key), is right with the learner's own: that counts."""
    np.testing.assert_array_equal(learner.call("keyed", np.array([1.0])), [1.0])


def test_a_failure_with_both_stays_a_failure(learner: Learner) -> None:
    """The call of broken raises with the references and with the learner's own inner: the learner's error is reported."""
    with pytest.raises(LearnerRaised) as raised:
        learner.call("broken", np.array([1.0]))
    assert raised.value.type_name == "IndexError"
