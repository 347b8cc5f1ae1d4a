"""A hostile class: the submissions of tests/batch/hostile/ graded together with an honest full-marks learner.

Each hostile submission is the stub plus the reference solution's ``naive_relu`` (2 points)
plus one misdeed, so it deserves at most 2 points (0 when it cannot be imported). The
honest learner must keep 30/30, the gradebook must hold only what dlgrade wrote, and
nothing a submission starts, writes or sends may outlive or escape its sandbox.

These guarantees are the ``namespaces`` isolation level's (the weaker levels do not hide the
course or cut the network): the module is skipped elsewhere.
"""

from __future__ import annotations

import os
import socket
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from grader.batch.context import BatchContext
from grader.batch.executor import LocalPool
from grader.batch.pipeline import grade_assignment
from grader.catalogue import POINTS
from grader.gradebook.gradebook import record_grades
from grader.gradebook.table import gradebook_table
from grader.results import FunctionResult, ModuleResult, Report
from grader.runner.sandbox import detect_level
from tests.batch.helpers import (
    ASSIGNMENT,
    MAX_TOTAL,
    REPO,
    clone,
    db_counts,
    db_rows,
    learner,
    results_json,
    solution_function,
    student_rows,
    submit,
)

CORPUS = Path(__file__).resolve().parent / "hostile"
HONEST = "honest"
SENTINEL = "zed"
RELU = float(POINTS[ASSIGNMENT]["naive_relu"])
HOSTILE = sorted(p.stem for p in CORPUS.iterdir() if p.suffix in (".py", ".txt") and p.stem != "forge_integrity")
CANNOT_IMPORT = {"sys_exit_import": "SystemExit", "syntax_error": "SyntaxError"}
"""Submissions that fail at import: every function scores 0 and says why."""
NAIVE_ADD = {
    "infinite_loop": ("timeout", "stopped after 10 s"),
    "os_exit": ("error", "exited with status 0"),
    "deep_recursion": ("error", "SIGSEGV"),
    "memory_hog": (None, "MemoryError"),
    "keyboard_interrupt": (None, "KeyboardInterrupt"),
}
"""How naive_add's misdeed shows in its result: status (None: any) and a word of the message."""

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(detect_level() != "namespaces",
                       reason=f"the hostile corpus needs the namespaces isolation level; this machine has {detect_level()!r}"),
]


@dataclass
class Listener:
    """A TCP server on 127.0.0.1 that records every connection (the network submission's home)."""

    sock: socket.socket = field(default_factory=lambda: socket.create_server(("127.0.0.1", 0)))
    received: list[bytes] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    @property
    def port(self) -> int:
        """The port it listens on."""
        return int(self.sock.getsockname()[1])

    def serve(self) -> None:
        """Accept until stopped."""
        self.sock.settimeout(0.2)
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            with conn:
                conn.settimeout(1)
                try:
                    self.received.append(conn.recv(1024) or b"(connected)")
                except OSError:
                    self.received.append(b"(connected)")


@dataclass(frozen=True)
class HostileClass:
    """The graded hostile class and what was observed around it."""

    course: Path
    ctx: BatchContext
    marker: str
    received: list[bytes]
    honest_source: bytes
    sentinel_before: dict[str, list[tuple[Any, ...]]]
    sentinel_row: dict[str, Any]
    counts_before: dict[str, int]
    peak_lingering: int

    def report(self, student: str) -> Report:
        """The report dlgrade made for one student in this run."""
        return next(g.report for g in self.ctx.graded if g.submission.student == student)


def _source(name: str, course: Path, marker: str, port: int) -> str:
    path = CORPUS / (f"{name}.py" if (CORPUS / f"{name}.py").exists() else f"{name}.txt")
    fragment = path.read_text(encoding="utf-8")
    for key, value in {"__COURSE__": str(course), "__REPO__": str(REPO), "__HONEST__": HONEST,
                       "__MARKER__": marker, "__PORT__": str(port)}.items():
        fragment = fragment.replace(key, value)
    return learner("stub", solution_function("naive_relu"), fragment)


def _sentinel_result() -> Report:
    functions = tuple(FunctionResult(f, 1.5 if f == "naive_add" else 0.0, float(p), "failed", "sentinel")
                      for f, p in POINTS[ASSIGNMENT].items())
    return Report((ModuleResult(ASSIGNMENT, functions),))


def _processes_with(marker: str) -> list[str]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and entry.name != str(os.getpid()):
            try:
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if marker in cmdline:
                found.append(f"{entry.name}: {cmdline}")
    return found


class Watcher:
    """Counts, while grading runs, the processes whose command line holds the marker (they did start)."""

    def __init__(self, marker: str) -> None:
        self.marker = marker
        self.peak = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._watch, daemon=True)
        self.thread.start()

    def _watch(self) -> None:
        while not self.stop.wait(0.25):
            self.peak = max(self.peak, len(_processes_with(self.marker)))

    def close(self) -> int:
        """Stop watching; the largest count seen."""
        self.stop.set()
        self.thread.join()
        return self.peak


@pytest.fixture(scope="module")
def hostile_class(course_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[HostileClass]:
    """Grade the whole corpus, the forger and the honest learner in one run; a sentinel student was recorded before."""
    course = clone(course_template, tmp_path_factory.mktemp("hostile") / "course")
    marker = f"dlgrade-hostile-{uuid.uuid4().hex}"
    listener = Listener()
    server = threading.Thread(target=listener.serve, daemon=True)
    server.start()
    watcher = Watcher(marker)
    try:
        record_grades(course, ASSIGNMENT, SENTINEL, _sentinel_result(), datetime(2024, 12, 24, 8, 0, tzinfo=UTC))
        sentinel_before = student_rows(course, SENTINEL)
        sentinel_row = next(r for r in gradebook_table(course, ASSIGNMENT) if r["student"] == SENTINEL)
        counts_before = db_counts(course)
        honest = submit(course, HONEST, learner("solution"))
        for name in [*HOSTILE, "forge_integrity"]:
            submit(course, name, _source(name, course, marker, listener.port))
        ctx = grade_assignment(course, ASSIGNMENT, executor=LocalPool(2))
    finally:
        peak = watcher.close()
        listener.stop.set()
        server.join()
        listener.sock.close()
    yield HostileClass(course, ctx, marker, listener.received, (honest / f"{ASSIGNMENT}.py").read_bytes(),
                       sentinel_before, sentinel_row, counts_before, peak)
    for line in _processes_with(marker):  # never leave anything running, even when a test failed
        os.kill(int(line.split(":")[0]), 9)


def test_everyone_is_graded_and_recorded(hostile_class: HostileClass) -> None:
    """Every submission, hostile or not, is graded and recorded once; no run error."""
    ctx = hostile_class.ctx
    assert ctx.errors == ()
    expected = sorted([HONEST, *HOSTILE, "forge_integrity"])
    assert sorted(g.submission.student for g in ctx.graded) == expected
    rows = gradebook_table(hostile_class.course, ASSIGNMENT)
    assert [r["student"] for r in rows] == sorted([*expected, SENTINEL])
    for row in rows:
        if row["student"] != SENTINEL:
            assert row["score"] == pytest.approx(results_json(hostile_class.course, row["student"])["total"])


def test_honest_learner_keeps_full_marks(hostile_class: HostileClass) -> None:
    """The honest learner graded beside the hostile ones gets 30/30, in the report, the results file and the gradebook."""
    assert hostile_class.report(HONEST).total == MAX_TOTAL
    assert results_json(hostile_class.course, HONEST)["total"] == MAX_TOTAL
    row = next(r for r in gradebook_table(hostile_class.course, ASSIGNMENT) if r["student"] == HONEST)
    assert row["score"] == MAX_TOTAL
    assert all(g["score"] == g["max_score"] for g in row["functions"].values())
    assert hostile_class.report(HONEST).isolation == "namespaces"


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_submission_gets_at_most_its_honest_points(hostile_class: HostileClass, name: str) -> None:
    """A hostile submission scores its honest naive_relu (0 if it cannot be imported) and nothing else.

    Every lost point has a message; the misdeeds that show in naive_add's result are named there.
    """
    report = hostile_class.report(name)
    functions = {f.name: f for f in report.module(ASSIGNMENT).functions}
    honest_points = 0.0 if name in CANNOT_IMPORT else RELU
    assert report.total == honest_points, {f.name: (f.points, f.message[:80]) for f in functions.values() if f.points}
    assert functions["naive_relu"].points == honest_points
    for f in functions.values():
        if f.points < f.max_points:
            assert len(f.message) > 10, (f.name, f.message)
    if name in CANNOT_IMPORT:
        for f in functions.values():
            assert "import" in f.message and CANNOT_IMPORT[name] in f.message, (f.name, f.message)
    if name in NAIVE_ADD:
        status, word = NAIVE_ADD[name]
        add = functions["naive_add"]
        assert word in add.message, add.message
        assert status is None or add.status == status, (add.status, add.message)
    row = next(r for r in gradebook_table(hostile_class.course, ASSIGNMENT) if r["student"] == name)
    assert row["score"] == honest_points


def test_gradebook_holds_only_what_dlgrade_wrote(hostile_class: HostileClass) -> None:
    """The gradebook holds only what dlgrade wrote: a sentinel student recorded before is unchanged row for row.

    No manual score, no intruder, no extra row; the file is still a sound SQLite database.
    """
    course = hostile_class.course
    assert student_rows(course, SENTINEL) == hostile_class.sentinel_before
    assert next(r for r in gradebook_table(course, ASSIGNMENT) if r["student"] == SENTINEL) == hostile_class.sentinel_row
    assert db_rows(course, "SELECT COUNT(*) FROM grade WHERE manual_score IS NOT NULL")[0][0] == 0
    assert db_rows(course, "SELECT id FROM student WHERE id = 'intruder'") == []
    graded = len(hostile_class.ctx.graded)
    added = {"student": graded, "submitted_assignment": graded, "submitted_notebook": graded,
             "grade": graded * len(POINTS[ASSIGNMENT]), "comment": 0}
    assert db_counts(course) == {t: n + added[t] for t, n in hostile_class.counts_before.items()}
    assert db_rows(course, "PRAGMA integrity_check") == [("ok",)]
    assert not (course / "gradebook.db").read_bytes().endswith(b"garbage")


def test_other_learners_files_are_untouched(hostile_class: HostileClass) -> None:
    """The honest learner's submission, results file and feedback are what they were / what dlgrade wrote."""
    course = hostile_class.course
    folder = course / "submitted" / HONEST / ASSIGNMENT
    assert (folder / f"{ASSIGNMENT}.py").read_bytes() == hostile_class.honest_source
    assert (folder / "timestamp.txt").read_text(encoding="utf-8").startswith("2025-")
    feedback = (course / "dlgrade" / ASSIGNMENT / "feedback" / f"{HONEST}.md").read_text(encoding="utf-8")
    assert "30 / 30" in feedback
    for path in (course / "dlgrade" / ASSIGNMENT / "results").glob("*.json"):
        assert '"modules"' in path.read_text(encoding="utf-8"), path.name


def test_no_connection_left_the_sandbox(hostile_class: HostileClass) -> None:
    """The network submission's server on 127.0.0.1 never saw a connection."""
    assert hostile_class.received == []


def test_no_process_outlives_the_grading(hostile_class: HostileClass) -> None:
    """No process a submission started (background children, daemons, fork-bomb children) is still running.

    They did run: while grading, processes carrying the marker were seen.
    """
    assert hostile_class.peak_lingering > 0
    assert _processes_with(hostile_class.marker) == []


def test_forged_integrity_evidence_does_not_pay(hostile_class: HostileClass) -> None:
    """naive_relu written with np.maximum loses points even when it hides the NumPy operations.

    The submission patches the learner process's request loop (__main__._call) to report none;
    the static check of its source, read in the grading process (grader.authoring.integrity), still names
    np.maximum.
    """
    relu = hostile_class.report("forge_integrity").module(ASSIGNMENT).function("naive_relu")
    assert relu.points < RELU, relu
    assert relu.status == "integrity" and "np.maximum" in relu.message, relu
