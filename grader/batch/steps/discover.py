"""Step 1: find ``submitted/<student>/<assignment>/`` folders, their times and fingerprints."""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from grader.batch.context import BatchContext, Submission

MAX_FILE = 50_000_000
"""Files larger than this are not fingerprinted (nor copied into the learner's scratch folder)."""


def fingerprint(folder: Path) -> str:
    """SHA-256 over the names and contents of the folder's files."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode())
        if path.stat().st_size <= MAX_FILE:
            digest.update(path.read_bytes())
    return digest.hexdigest()


def parse_utc(text: str) -> datetime:
    """Parse a ``timestamp.txt`` as ``nbgrader.utils.parse_utc`` does (naive UTC).

    nbgrader's own function, for strings (BSD-3-Clause, Project Jupyter): importing nbgrader here
    would delay the batch's first grading session.

    Raises:
        ValueError, OverflowError: a text dateutil cannot parse.
    """
    import dateutil.parser  # type: ignore[import-untyped]
    import dateutil.tz  # type: ignore[import-untyped]

    parts = text.split(" ")
    if len(parts) == 3:
        zone: Any = parts[2]
        try:
            zone = int(zone)
        except ValueError:
            zone = dateutil.tz.gettz(zone)
        ts = dateutil.parser.parse(" ".join([*parts[:2], "TZ"]), tzinfos={"TZ": zone})
    else:
        ts = dateutil.parser.parse(text)
    offset = ts.utcoffset()
    parsed: datetime = ts if offset is None else (ts - offset).replace(tzinfo=None)
    return parsed


def read_timestamp(folder: Path) -> datetime:
    """The submission time from ``timestamp.txt`` (nbgrader's format), naive UTC.

    Falls back to the folder's modification time when the file is missing or unreadable.
    """
    stamp = folder / "timestamp.txt"
    if stamp.is_file():
        try:
            parsed: datetime = parse_utc(stamp.read_text(encoding="utf-8").strip())
            return parsed.replace(tzinfo=None)
        except (ValueError, OverflowError):
            pass
    return datetime.fromtimestamp(folder.stat().st_mtime, UTC).replace(tzinfo=None)


def discover(ctx: BatchContext) -> BatchContext:
    """Every submission of the assignment (or of the selected students)."""
    root = ctx.course_dir / "submitted"
    found = []
    for student_dir in sorted(root.iterdir()) if root.is_dir() else ():
        folder = student_dir / ctx.assignment
        if not folder.is_dir() or (ctx.students and student_dir.name not in ctx.students):
            continue
        found.append(Submission(student_dir.name, folder, read_timestamp(folder), fingerprint(folder)))
    missing = sorted(set(ctx.students) - {s.student for s in found})
    errors = tuple(f"{s}: no submission of {ctx.assignment}" for s in missing)
    return dataclasses.replace(ctx, submissions=tuple(found), errors=ctx.errors + errors)
