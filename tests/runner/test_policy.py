"""The rules for a learner module's calls, without any process: budget, functions given up, import failure."""

from __future__ import annotations

import pytest

from grader.runner.errors import LearnerCrashed, LearnerImportFailed, LearnerTimeout
from grader.runner.policy import MAX_CRASHES, CallPolicy, ModuleState


def test_a_function_is_given_up_after_max_crashes() -> None:
    """MAX_CRASHES - 1 crashes still let the function run; one more gives it up, naming the count; others still run."""
    policy = CallPolicy("mod")
    for _ in range(MAX_CRASHES - 1):
        policy.failed("f", LearnerCrashed("the learner process exited with status 3"))
    policy.admit("f")
    assert not policy.given_up("f")
    policy.failed("f", LearnerCrashed("the learner process exited with status 3"))
    assert policy.given_up("f")
    with pytest.raises(LearnerCrashed, match=f"status 3 \\(crashed {MAX_CRASHES} times, not run again\\)"):
        policy.admit("f")
    policy.admit("g")
    assert policy.state is ModuleState.OPEN


def test_one_timeout_gives_a_function_up() -> None:
    """A single timeout gives the function up at once (it would take its whole time limit again)."""
    policy = CallPolicy("mod")
    policy.failed("f", LearnerTimeout("stopped after 1 s"))
    with pytest.raises(LearnerTimeout, match=r"stopped after 1 s \(not run again\)"):
        policy.admit("f")
    policy.admit("g")


def test_the_budget_bounds_each_call_and_once_spent_closes_the_module() -> None:
    """A call waits no longer than the budget left (at least 1 s); once it is used up, every call fails, saying so."""
    policy = CallPolicy("mod", budget=5.0)
    assert policy.call_timeout(10.0) == 5.0
    policy.spend(3.0)
    assert policy.call_timeout(10.0) == 2.0
    assert policy.call_timeout(0.5) == 0.5
    policy.spend(1.5)
    assert policy.call_timeout(10.0) == 1.0
    assert policy.state is ModuleState.OPEN
    policy.spend(0.5)
    assert policy.state is ModuleState.SPENT
    with pytest.raises(LearnerTimeout, match=r"mod\.py used up its 5 s time budget; not run"):
        policy.admit("f")
    assert CallPolicy("mod", budget=0).state is ModuleState.SPENT


def test_an_import_failure_is_remembered_and_raised_by_every_call() -> None:
    """After an import failure every call raises that same error; a budget spent afterwards is reported first."""
    policy = CallPolicy("mod", budget=5.0)
    error = LearnerImportFailed("importing mod.py failed at mod.py:1: SyntaxError: invalid syntax")
    assert policy.import_failed(error) is error
    assert policy.state is ModuleState.IMPORT_FAILED
    for function in ("f", "g"):
        with pytest.raises(LearnerImportFailed) as info:
            policy.admit(function)
        assert info.value is error
    policy.spend(5.0)
    assert policy.state is ModuleState.SPENT
    with pytest.raises(LearnerTimeout, match="time budget"):
        policy.admit("f")


@pytest.mark.parametrize(("reported", "counted"), [(0.3, 0.3), (2.0, 2.0), (2.5, 0.0), (-0.1, 0.0), ("0.3", 0.0), (None, 0.0)])
def test_learner_seconds_count_only_plausible_reports(reported: object, counted: float) -> None:
    """What the learner process says its function ran counts only as a number from 0 to the call's limit + 1 s."""
    policy = CallPolicy("mod")
    policy.answered(reported, 1.0)
    assert policy.learner_seconds == pytest.approx(counted)
