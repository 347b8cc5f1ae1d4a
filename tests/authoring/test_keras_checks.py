"""grader.authoring.keras_checks helpers that need no Keras: memoising per submission."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from grader.authoring.keras_checks import once_per_learner


@dataclass
class _Handle:
    """Stands for a learner handle: a mutable dataclass, so unhashable like IsolatedLearner."""

    name: str
    calls: list[str] = field(default_factory=list)


def test_once_per_learner_calls_once_per_handle() -> None:
    """Each handle's function runs once; equal but distinct handles (two submissions) are not mixed up."""

    @once_per_learner
    def build(handle: _Handle) -> str:
        handle.calls.append("build")
        return f"model of {handle.name}"

    ann, bob = _Handle("same"), _Handle("same")
    assert ann == bob  # equal, yet two submissions
    assert [build(ann), build(ann), build(bob)] == ["model of same"] * 3
    assert ann.calls == ["build"]
    assert bob.calls == ["build"]


def test_once_per_learner_does_not_cache_failures() -> None:
    """A call that raises is retried by the next check, which then reports the failure itself."""

    @once_per_learner
    def build(handle: _Handle) -> int:
        handle.calls.append("build")
        if len(handle.calls) < 3:
            raise ValueError("learner crashed")
        return len(handle.calls)

    handle = _Handle("ann")
    for _ in range(2):
        with pytest.raises(ValueError, match="learner crashed"):
            build(handle)
    assert build(handle) == 3
    assert build(handle) == 3
    assert handle.calls == ["build"] * 3
