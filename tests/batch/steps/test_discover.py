"""Step 1, discover: submitted folders, their times from timestamp.txt, fingerprints, the students filter."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from grader.batch.context import BatchContext
from grader.batch.executor import LocalPool
from grader.batch.steps.discover import discover, fingerprint, parse_utc, read_timestamp

ASSIGNMENT = "tensor_ops"


def _folder(course: Path, student: str, code: str = "x = 1\n", stamp: str | None = None) -> Path:
    folder = course / "submitted" / student / ASSIGNMENT
    folder.mkdir(parents=True)
    (folder / f"{ASSIGNMENT}.py").write_text(code, encoding="utf-8")
    if stamp is not None:
        (folder / "timestamp.txt").write_text(stamp, encoding="utf-8")
    return folder


def _ctx(course: Path, students: tuple[str, ...] = ()) -> BatchContext:
    return BatchContext(course, ASSIGNMENT, LocalPool(1), students)


def test_timestamp_in_nbgrader_format_is_naive_utc(tmp_path: Path) -> None:
    """``2025-03-04 05:06:07.891011 UTC`` (what nbgrader collect writes) is read to the microsecond, naive UTC."""
    folder = _folder(tmp_path, "ada", stamp="2025-03-04 05:06:07.891011 UTC")
    assert read_timestamp(folder) == datetime(2025, 3, 4, 5, 6, 7, 891011)


def test_timestamp_with_an_offset_is_converted_to_utc(tmp_path: Path) -> None:
    """A timestamp with a UTC offset (nbgrader accepts those) becomes the same instant in naive UTC."""
    folder = _folder(tmp_path, "ada", stamp="2025-03-04 07:06:07.5+02:00")
    assert read_timestamp(folder) == datetime(2025, 3, 4, 5, 6, 7, 500000)


@pytest.mark.parametrize("text", [
    "2025-03-04 05:06:07.891011 UTC", "2025-03-04 07:06:07.5+02:00", "2025-03-04 05:06:07 -0500",
    "2025-03-04 05:06:07 America/Chicago", "2025-03-04 05:06:07 EST", "2025-03-04T05:06:07", "2025-03-04",
])
def test_timestamps_are_read_as_nbgrader_reads_them(text: str) -> None:
    """parse_utc (nbgrader's function, so that discovering submissions need not import nbgrader) agrees with it."""
    from nbgrader.utils import parse_utc as nbgrader_parse_utc

    assert parse_utc(text) == nbgrader_parse_utc(text)


def test_discovering_submissions_does_not_import_nbgrader(tmp_path: Path) -> None:
    """The batch's grading sessions start without waiting for nbgrader's import (about 2 s)."""
    _folder(tmp_path, "ada", stamp="2025-03-04 05:06:07.891011 UTC")
    probe = ("import sys\nfrom pathlib import Path\nfrom grader.batch.context import BatchContext\n"
             "from grader.batch.executor import LocalPool\nfrom grader.batch.steps.discover import discover\n"
             "ctx = discover(BatchContext(Path(sys.argv[1]), 'tensor_ops', LocalPool(1)))\n"
             "print(len(ctx.submissions), 'nbgrader' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", probe, str(tmp_path)], capture_output=True, text=True, check=True,
                         timeout=120).stdout
    assert out.split() == ["1", "False"]


def test_missing_or_garbled_timestamp_falls_back_to_the_folder_time(tmp_path: Path) -> None:
    """Without a readable timestamp.txt the folder's modification time (UTC) is the submission time."""
    when = datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
    missing = _folder(tmp_path, "ada")
    garbled = _folder(tmp_path, "ben", stamp="last tuesday, around noon")
    for folder in (missing, garbled):
        os.utime(folder, (when.timestamp(), when.timestamp()))
        assert read_timestamp(folder) == when.replace(tzinfo=None)


def test_fingerprint_follows_content_not_location(tmp_path: Path) -> None:
    """Same files give the same fingerprint anywhere; a changed byte, a renamed or an added file change it."""
    a = _folder(tmp_path, "ada", code="x = 1\n", stamp="2025-03-04 05:06:07.000000 UTC")
    b = _folder(tmp_path, "ben", code="x = 1\n", stamp="2025-03-04 05:06:07.000000 UTC")
    first = fingerprint(a)
    assert fingerprint(b) == first
    (b / f"{ASSIGNMENT}.py").write_text("x = 2\n", encoding="utf-8")
    changed = fingerprint(b)
    assert changed != first
    (b / "notes.txt").write_text("", encoding="utf-8")
    assert fingerprint(b) not in (first, changed)
    (a / "timestamp.txt").write_text("2025-03-05 05:06:07.000000 UTC", encoding="utf-8")
    assert fingerprint(a) != first
    sub = a / "data"
    sub.mkdir()
    before = fingerprint(a)
    (sub / "weights.txt").write_text("1", encoding="utf-8")
    assert fingerprint(a) != before


def test_discover_finds_every_submission_of_the_assignment(tmp_path: Path) -> None:
    """Every submitted/<student>/<assignment>/ is found, sorted by student; other assignments are ignored."""
    _folder(tmp_path, "ben", stamp="2025-03-04 05:06:07.000001 UTC")
    _folder(tmp_path, "ada", stamp="2025-03-04 05:06:07.000002 UTC")
    (tmp_path / "submitted" / "cy" / "losses").mkdir(parents=True)
    (tmp_path / "submitted" / "stray.txt").write_text("", encoding="utf-8")
    ctx = discover(_ctx(tmp_path))
    assert [s.student for s in ctx.submissions] == ["ada", "ben"]
    ada = ctx.submissions[0]
    assert ada.folder == tmp_path / "submitted" / "ada" / ASSIGNMENT
    assert ada.timestamp == datetime(2025, 3, 4, 5, 6, 7, 2)
    assert ada.fingerprint == fingerprint(ada.folder)
    assert ctx.errors == ()


def test_students_filter_and_missing_students(tmp_path: Path) -> None:
    """Only the selected students are discovered; one without a submission of the assignment is an error."""
    for student in ("ada", "ben", "cy"):
        _folder(tmp_path, student)
    (tmp_path / "submitted" / "dot" / "losses").mkdir(parents=True)
    ctx = discover(_ctx(tmp_path, ("cy", "ada", "dot", "zed")))
    assert [s.student for s in ctx.submissions] == ["ada", "cy"]
    assert ctx.errors == (f"dot: no submission of {ASSIGNMENT}", f"zed: no submission of {ASSIGNMENT}")


def test_no_submitted_folder_means_nothing_to_do(tmp_path: Path) -> None:
    """A course without submitted/ discovers nothing and reports nothing."""
    ctx = discover(_ctx(tmp_path))
    assert ctx.submissions == ()
    assert ctx.errors == ()
