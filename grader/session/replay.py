"""Hypothesis examples drawn once per grading session, replayed for every further submission.

Every submission gets the same examples of a ``@given`` check (the plugin keys them on the
check, never on the learner), so running Hypothesis's engine once per submission only
repeats the same generation, for every ``@given`` check of the module.
Instead, the first run of a check in which every example passes records the values
Hypothesis handed the check (its ``@given`` arguments and every ``data.draw``), and later
submissions get exactly those values, in the same order, without the engine.

Why the replay is faithful: without shrinking, Hypothesis stops at the first failing
example and reports it; the examples before it do not depend on the learner (checks draw
before and independently of what the learner returns). So a learner that fails at example
*k* of the record would have failed there under Hypothesis too, and one that passes every
example would have passed. Until a check has a record (its submissions so far all failed
it), or if a check draws other than was recorded, the engine runs it as before.

Only trusted values are recorded: what Hypothesis generated in the grading process.
"""

from __future__ import annotations

import copy
import functools
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis.control import current_build_context
from hypothesis.errors import HypothesisDeprecationWarning, UnsatisfiedAssumption
from hypothesis.strategies import DataObject

from grader.session import replay_store
from grader.session.replay_store import Example, Record


class ReplayExhausted(Exception):
    """A replayed check asked for a draw the record does not hold (fall back to Hypothesis)."""


def _label(label: Any) -> str | None:
    return None if label is None else str(label)


class _RecordingData:
    """Stands in for Hypothesis's ``data`` object and keeps a copy of every draw."""

    def __init__(self, data: DataObject, example: Example) -> None:
        self._data = data
        self._example = example

    def draw(self, strategy: Any, label: Any = None) -> Any:
        value = self._data.draw(strategy, label=label)
        self._example.draws.append((_label(label), copy.deepcopy(value)))
        return value


class _ReplayData:
    """Hands a check the recorded draws in order; labels must match the recording."""

    def __init__(self, draws: list[tuple[str | None, Any]]) -> None:
        self._draws = draws
        self._next = 0

    def draw(self, strategy: Any, label: Any = None) -> Any:
        if self._next >= len(self._draws):
            raise ReplayExhausted("the check drew more values than were recorded")
        recorded_label, value = self._draws[self._next]
        if recorded_label != _label(label):
            raise ReplayExhausted(f"draw {self._next + 1} has label {label!r}, recorded {recorded_label!r}")
        self._next += 1
        return copy.deepcopy(value)


class _Recorder:
    """Wraps a check's inner function while Hypothesis runs it, keeping each valid example."""

    def __init__(self, inner: Callable[..., Any], fixtures: Mapping[str, Any]) -> None:
        self.examples: list[Example] = []
        self._fixtures = set(fixtures)

        @functools.wraps(inner)
        def recording(*args: Any, **kwargs: Any) -> Any:
            if current_build_context().is_final:  # Hypothesis reproducing the failure it found
                return inner(*args, **kwargs)
            given = {k: v for k, v in kwargs.items() if k not in self._fixtures}
            names = tuple(k for k, v in given.items() if isinstance(v, DataObject))
            example = Example({k: copy.deepcopy(v) for k, v in given.items() if k not in names}, names)
            for name in names:
                kwargs[name] = _RecordingData(kwargs[name], example)
            result = inner(*args, **kwargs)  # an invalid example (assume, filter) raises: not kept
            self.examples.append(example)
            return result

        self.function = recording


@dataclass
class ExampleBook:
    """Complete records by check key (see :func:`grader.session.plugin.example_key`), for one grading session.

    Attributes:
        folder: where records are also kept across sessions (None: memory only).
        replayed: checks decided by replaying a record.
        generated: checks run by Hypothesis's engine.
    """

    folder: Path | None = None
    records: dict[str, Record] = field(default_factory=dict)
    replayed: int = 0
    generated: int = 0

    def run(self, key: str, wrapped: Any, fixtures: Mapping[str, Any], suite: bytes = b"") -> None:
        """Run the ``@given`` check ``wrapped`` with ``fixtures``: replay if recorded, else Hypothesis.

        ``suite`` is the content of the check's suite file (it names the record on disk). Only a
        run in which every example passed is recorded: a failing run ends early, and its list
        would be too short for a submission that passes those examples. Raises whatever the
        check raises on its first failing example.
        """
        if key not in self.records and self.folder is not None:
            stored = replay_store.load(replay_store.record_file(self.folder, key, suite))
            if stored is not None:
                self.records[key] = stored
        record = self.records.get(key)
        if record is not None:
            self.replayed += 1  # counted before: a failing replay raises
            if _replay(record, wrapped.hypothesis.inner_test, fixtures):
                return
            self.replayed -= 1  # the check drew other values than recorded: the engine runs it
        self.generated += 1
        handle = wrapped.hypothesis
        original = handle.inner_test
        recorder = _Recorder(original, fixtures)
        handle.inner_test = recorder.function
        try:
            wrapped(**fixtures)
        finally:
            handle.inner_test = original
        self.records[key] = Record(recorder.examples)
        if self.folder is not None:
            replay_store.store(replay_store.record_file(self.folder, key, suite), self.records[key])


def _replay(record: Record, inner: Callable[..., Any], fixtures: Mapping[str, Any]) -> bool:
    """Run the recorded examples: True once they all passed; the first failure raises.

    False if the check asked for a draw the record does not hold (then Hypothesis runs it).
    """
    for example in record.examples:
        kwargs = {**fixtures, **copy.deepcopy(example.given)}
        replay = _ReplayData(example.draws)
        for name in example.data_names:
            kwargs[name] = replay
        try:
            with warnings.catch_warnings():
                # `assume(...)` outside Hypothesis's engine warns even when the assumption holds
                warnings.simplefilter("ignore", HypothesisDeprecationWarning)
                inner(**kwargs)
        except ReplayExhausted:
            return False
        except UnsatisfiedAssumption:  # cannot happen for a recorded (valid) example; skip it as Hypothesis would
            continue
    return True
