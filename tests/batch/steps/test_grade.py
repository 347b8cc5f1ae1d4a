"""Step 3, grade: chunk sizing, any executor, and a result that cannot be recorded stays to do."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import pytest

from grader.batch.context import BatchContext, Submission
from grader.batch.steps.discover import discover
from grader.batch.steps.grade import MAX_CHUNK, chunks, grade
from grader.batch.steps.state import load_state, skip_unchanged, state_path
from grader.gradebook.table import gradebook_table
from grader.results import Report
from tests.batch.helpers import ASSIGNMENT, learner, solution_function, submit

T = TypeVar("T")
R = TypeVar("R")


def _subs(n: int) -> list[Submission]:
    return [Submission(f"s{i:03d}", Path(f"s{i:03d}"), datetime(2025, 1, 1), str(i)) for i in range(n)]


@pytest.mark.parametrize(
    ("n", "workers", "size"),
    [(1, 1, 1), (6, 1, 6), (6, 2, 3), (7, 2, 4), (3, 4, 1), (16, 1, 16), (100, 2, MAX_CHUNK), (100, 50, 2)],
)
def test_chunks_are_one_per_worker_and_bounded(n: int, workers: int, size: int) -> None:
    """One chunk per worker, never more than MAX_CHUNK per chunk; every item once, in order."""
    items = _subs(n)
    got = chunks(items, workers)
    assert [len(c) for c in got[:-1]] == [size] * (len(got) - 1)
    assert 1 <= len(got[-1]) <= size
    assert [s for c in got for s in c] == items
    assert all(isinstance(c, tuple) for c in got)


def test_no_submissions_no_chunks() -> None:
    """Nothing to grade gives no chunk (no grading session is started)."""
    assert chunks([], 4) == []


def test_a_chunks_session_is_given_typed_values(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The batch hands its sessions the course to hide, its level and its cache as typed values, never argv strings."""
    from grader.batch.context import reference_cache
    from grader.batch.steps import grade as grade_step

    asked: dict[str, Any] = {}

    def fake_run_session(submissions: dict[str, Path], modules: list[str], **kwargs: Any) -> dict[str, Report]:
        asked.update(kwargs, submissions=submissions, modules=modules)
        return {}

    monkeypatch.setattr(grade_step, "run_session", fake_run_session)
    ctx = BatchContext(tmp_path, ASSIGNMENT, SerialExecutor(), lang="zh", isolation="uid")
    grade_step._session(ctx, tuple(_subs(2)), grade_step._Progress(ctx))
    assert asked["submissions"] == {"s000": Path("s000"), "s001": Path("s001")} and asked["modules"] == [ASSIGNMENT]
    assert (asked["hide"], asked["isolation"], asked["lang"]) == ((tmp_path,), "uid", "zh")
    assert asked["reference_cache"] == reference_cache(tmp_path)
    assert "extra_args" not in asked and "env" not in asked


class SerialExecutor:
    """An executor that is not LocalPool: runs jobs one by one and remembers what it ran."""

    workers = 3

    def __init__(self) -> None:
        self.jobs: list[object] = []

    def map_unordered(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """``fn(item)`` for every item, one after the other."""
        for item in items:
            self.jobs.append(item)
            yield fn(item)


def test_grade_uses_the_given_executor_and_keeps_unrecordable_results_to_do(course: Path) -> None:
    """Chunks go to the context's executor; a result the gradebook refuses is an error, not done, not in the state."""
    good = submit(course, "ada", learner("stub", solution_function("naive_relu")))
    submit(course, "ben", learner("stub"))
    executor = SerialExecutor()
    ctx = discover(BatchContext(course, ASSIGNMENT, executor))
    ada, ben = ctx.submissions
    assert ada.folder == good
    # ben's recorded time disagrees with his timestamp.txt: nbgrader would not count it, so it is refused
    wrong = dataclasses.replace(ben, timestamp=ben.timestamp.replace(year=1999))
    ctx = grade(dataclasses.replace(ctx, todo=(ada, wrong)))
    assert executor.jobs == [(ada,), (wrong,)]  # workers=3: chunks of one
    assert [g.submission.student for g in ctx.graded] == ["ada"]
    assert len(ctx.errors) == 1
    assert ctx.errors[0].startswith("ben: not recorded in the gradebook: timestamp")
    assert list(load_state(state_path(ctx))) == ["ada"]
    assert [r["student"] for r in gradebook_table(course, ASSIGNMENT)] == ["ada"]
    assert gradebook_table(course, ASSIGNMENT)[0]["score"] == 2.0
    again = skip_unchanged(discover(BatchContext(course, ASSIGNMENT, executor)))
    assert [s.student for s in again.todo] == ["ben"]


def test_progress_counts_each_submission_once_and_ends_at_the_total(course: Path) -> None:
    """The bar moves per submission within one session (reported by the session and again at its end: counted once)."""
    for student in ("ada", "ben", "cy"):
        submit(course, student, learner("stub", solution_function("naive_relu")))
    events: list[str] = []

    class OneSession(SerialExecutor):
        workers = 1

        def map_unordered(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
            for result in super().map_unordered(fn, items):
                events.append("session ended")
                yield result

    ctx = discover(BatchContext(course, ASSIGNMENT, OneSession()))
    ctx = dataclasses.replace(ctx, progress=lambda done, total: events.append(f"{done}/{total}"))
    ctx = grade(dataclasses.replace(ctx, todo=ctx.submissions))
    assert events == ["0/3", "1/3", "2/3", "3/3", "session ended"]
    assert [g.submission.student for g in ctx.graded] == ["ada", "ben", "cy"]


class OneWorker(SerialExecutor):
    """A serial executor with one worker: the whole class in one chunk."""

    workers = 1


@pytest.mark.slow
def test_a_session_that_fails_as_a_whole_grades_each_submission_again_alone(
    course: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One submission that makes its whole session overrun costs only its own points.

    zed's module takes 18 s to import (legal: the import limit is 30 s), so the session of ada
    and zed overruns its 2 x 8 s and is stopped with nothing graded. Each is then graded in a
    session of its own: ada gets her points, zed alone overruns again and scores 0 saying why.
    """
    monkeypatch.setattr("grader.batch.steps.grade.SESSION_TIMEOUT", 8.0)
    submit(course, "ada", learner("stub", solution_function("naive_relu")))
    submit(course, "zed", learner("solution", "import time\ntime.sleep(18)"))
    ctx = discover(BatchContext(course, ASSIGNMENT, OneWorker()))
    ctx = grade(dataclasses.replace(ctx, todo=ctx.submissions))
    reports = {g.submission.student: g.report for g in ctx.graded}
    assert reports["ada"].total == 2.0
    assert reports["zed"].total == 0.0
    assert all("grading session stopped after 8 s" in f.message for m in reports["zed"].modules for f in m.functions)
    assert {r["student"]: r["score"] for r in gradebook_table(course, ASSIGNMENT)} == {"ada": 2.0, "zed": 0.0}
