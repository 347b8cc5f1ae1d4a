"""Step 3: grade the submissions in parallel sessions; record each result as it arrives.

Sessions run on the executor; recording happens here, in one thread — the only writer of
the gradebook and the state file — each submission as soon as its session has graded it
(sessions write each submission's results file when its checks are done), while the sessions
grade the next ones. (The hand-over is a queue in this process: an executor whose jobs run on
other machines would return a chunk's submissions when the chunk is done.) A submission counts
as done only once its grades are in the gradebook and its state entry is saved, so a run
interrupted anywhere (even by ``kill -9``) is finished by the next run without losing or
double-counting anything: re-recording replaces a student's grades, it never adds to them.
"""

from __future__ import annotations

import dataclasses
import json
import math
import queue
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from grader.api import SESSION_TIMEOUT, run_session, session_failed
from grader.batch.context import BatchContext, Graded, Submission, reference_cache
from grader.batch.steps.state import save_entry, state_path
from grader.compat import defer_iri_grammar
from grader.paths import results_dir
from grader.results import Report

if TYPE_CHECKING:
    from grader.gradebook.gradebook import Recorder

MAX_CHUNK = 32
"""Most submissions graded by one session (one start-up cost shared by all of them)."""


def chunks(items: Sequence[Submission], workers: int) -> list[tuple[Submission, ...]]:
    """One chunk per worker (each session starts once), at most :data:`MAX_CHUNK` each.

    Progress still moves per submission: sessions report each submission as it finishes.
    """
    if not items:
        return []
    size = max(1, min(MAX_CHUNK, math.ceil(len(items) / workers)))
    return [tuple(items[i : i + size]) for i in range(0, len(items), size)]


class _Progress:
    """Counts graded submissions across worker threads and redraws the bar from 0 (thread-safe)."""

    def __init__(self, ctx: BatchContext) -> None:
        self._draw = ctx.progress
        self._total = len(ctx.todo)
        self._seen: set[str] = set()
        self._lock = threading.Lock()
        if self._draw:
            self._draw(0, self._total)

    def done(self, student: str) -> None:
        with self._lock:
            if student in self._seen:
                return
            self._seen.add(student)
            if self._draw:
                self._draw(len(self._seen), self._total)


def _session(ctx: BatchContext, chunk: tuple[Submission, ...], progress: _Progress,
             on_report: Callable[[str, Report], None] | None = None) -> dict[str, Report]:
    return run_session(
        {s.student: s.folder for s in chunk},
        [ctx.assignment],
        hidden=True,
        lang=ctx.lang,
        isolation=ctx.isolation or None,
        hide=(ctx.course_dir,),
        # shared by the course's sessions (filled when the course was made, see grader.batch.prime; hidden from learners)
        reference_cache=reference_cache(ctx.course_dir),
        timeout=SESSION_TIMEOUT * len(chunk),
        on_done=progress.done,
        on_report=on_report,
    )


def _grade_chunk(ctx: BatchContext, chunk: tuple[Submission, ...], progress: _Progress,
                 deliver: Callable[[Graded], None]) -> list[Graded]:
    """Grade a chunk in one session; if the whole session failed, each submission again on its own.

    Each submission's report is handed to ``deliver`` as soon as the session has graded it (so
    it is recorded while the session grades the next); the submissions it could not hand over
    so (a session of one; a session that failed) are returned. A session that fails as a whole
    (stopped at its time limit, killed, crashed) has graded nothing after the submissions it
    delivered; regrading alone keeps whatever caused it to the one submission that did.
    """
    by_id = {s.student: s for s in chunk}
    delivered: set[str] = set()

    def early(student: str, report: Report) -> None:
        if student in by_id and student not in delivered:
            delivered.add(student)
            deliver(Graded(by_id[student], report))

    reports = _session(ctx, chunk, progress, early)
    rest = [s for s in chunk if s.student not in delivered]
    if len(chunk) > 1:
        for s in [s for s in rest if session_failed(reports[s.student])]:
            reports[s.student] = _session(ctx, (s,), progress)[s.student]
    for s in chunk:  # a session that died early reported some submissions never
        progress.done(s.student)
    return [Graded(s, reports[s.student]) for s in rest]


def _record(ctx: BatchContext, recorder: Recorder | ValueError, graded: Graded) -> str | None:
    sub, report = graded.submission, graded.report
    results = results_dir(ctx.course_dir, ctx.assignment)
    results.mkdir(parents=True, exist_ok=True)
    data = report.to_json()
    data["student"] = sub.student
    data["timestamp"] = sub.timestamp.isoformat()
    (results / f"{sub.student}.json").write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    try:
        if isinstance(recorder, ValueError):
            raise recorder
        recorder.record(sub.student, report, sub.timestamp, submission=sub.folder)
    except ValueError as exc:
        return f"{sub.student}: not recorded in the gradebook: {exc}"
    entry = {
        "fingerprint": sub.fingerprint,
        "total": report.total,
        "max_total": report.max_total,
        "graded_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    save_entry(state_path(ctx), sub.student, entry)
    return None


def _recorder(ctx: BatchContext) -> Recorder | ValueError:
    """One gradebook recorder for the whole batch, or why there is none (each submission then reports it)."""
    defer_iri_grammar()  # for library callers too (the CLI has done it): nbgrader's import then compiles no IRI grammar
    from grader.gradebook.gradebook import Recorder

    try:
        return Recorder(ctx.course_dir, ctx.assignment)
    except ValueError as exc:
        return exc


def grade(ctx: BatchContext) -> BatchContext:
    """Grade ``todo`` and record every result (gradebook, results file, state), each as soon as it is graded."""
    done: list[Graded] = []
    errors: list[str] = []
    progress = _Progress(ctx)
    if not ctx.todo:
        return ctx
    work = chunks(ctx.todo, ctx.executor.workers)
    arrived: queue.Queue[Graded | BaseException | None] = queue.Queue()

    def run_sessions() -> None:
        try:
            for rest in ctx.executor.map_unordered(lambda chunk: _grade_chunk(ctx, chunk, progress, arrived.put), work):
                for graded in rest:
                    arrived.put(graded)
        except BaseException as exc:  # noqa: BLE001 - handed to the recording thread, which raises it
            arrived.put(exc)
        else:
            arrived.put(None)

    with ThreadPoolExecutor(2) as helpers:
        # the recorder imports nbgrader: opened beside the first sessions, not before them
        opening = helpers.submit(_recorder, ctx)
        helpers.submit(run_sessions)
        recorder = None
        try:
            while (item := arrived.get()) is not None:  # this thread is the gradebook's only writer
                if isinstance(item, BaseException):
                    raise item
                recorder = recorder or opening.result()
                error = _record(ctx, recorder, item)
                if error:
                    errors.append(error)
                else:
                    done.append(item)
        finally:
            opened = opening.result()
            if not isinstance(opened, ValueError):
                opened.close()
    return dataclasses.replace(ctx, graded=tuple(done), errors=ctx.errors + tuple(errors))
