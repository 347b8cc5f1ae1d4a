"""Where dlgrade's own files are (the package, its suites and, in a checkout, the repository); how it writes files."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, Final

PACKAGE: Final = Path(__file__).resolve().parent
"""The ``grader`` package."""
SUITES: Final = PACKAGE / "suites"
"""``public/``, ``hidden/`` (a checkout or an instructor's install only) and ``suites.ini``."""
PUBLIC: Final = SUITES / "public"
HIDDEN: Final = SUITES / "hidden"
REPO: Final = PACKAGE.parent
"""The project checkout holding the package (solutions/, exercises/, demo/ where they exist)."""
SOLUTIONS: Final = REPO / "solutions"
EXERCISES: Final = REPO / "exercises"


def write_atomically(path: Path, content: bytes | str | Callable[[BinaryIO], object], *, mode: int = 0o644) -> None:
    """Write ``path`` whole or not at all: whoever reads it (a parallel session, the batch) gets the old file or the new.

    The content goes to a new file beside ``path`` (created exclusively, never through a link),
    which gets ``mode`` and then replaces ``path`` in one rename (a link at ``path`` is replaced,
    not written through). ``content``: bytes, text (written as UTF-8), or a function that writes
    into the open binary file.

    Raises:
        OSError: ``path`` was left as it was (the new file is removed).
    """
    fd, staged = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            if callable(content):
                content(handle)
            else:
                handle.write(content.encode("utf-8") if isinstance(content, str) else content)
        os.chmod(staged, mode)
        os.replace(staged, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(staged)
        raise


def user_id() -> int:
    """The user's uid; 0 on Windows, whose files report ``st_uid`` 0 and whose temporary folder is per user already."""
    getuid = getattr(os, "getuid", None)
    return int(getuid()) if getuid is not None else 0


class StagedWrites:
    """Several files written together: each staged beside its target, then all renamed into place, or none.

    ``stage`` every file (an error: ``discard``), then ``commit``. Each target is whole at any
    moment; a crash between two renames can leave some replaced and some not, never a half file.
    """

    def __init__(self) -> None:
        self._moves: list[tuple[str, Path]] = []

    def stage(self, path: Path, content: Callable[[BinaryIO], object], *, mode: int = 0o644) -> None:
        """Write a new file beside ``path`` (created exclusively) with ``content`` writing into it."""
        fd, staged = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        self._moves.append((staged, path))
        with os.fdopen(fd, "wb") as handle:
            content(handle)
        os.chmod(staged, mode)

    def discard(self) -> None:
        """Remove every staged file."""
        for staged, _ in self._moves:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(staged)
        self._moves.clear()

    def commit(self) -> None:
        """Rename every staged file onto its target."""
        for staged, path in self._moves:
            os.replace(staged, path)
        self._moves.clear()


def assignment_output(course_dir: Path, assignment: str) -> Path:
    """Where dlgrade keeps its own files of one assignment of a course: ``COURSE/dlgrade/<assignment>/``.

    Its ``results/`` (:func:`results_dir`) and ``feedback/`` (:func:`feedback_dir`), the batch's state and
    CSV, the class report and the exports.
    """
    return Path(course_dir) / "dlgrade" / assignment


def results_dir(course_dir: Path, assignment: str) -> Path:
    """The batch's results file per student (``<student>.json``) of an assignment."""
    return assignment_output(course_dir, assignment) / "results"


def feedback_dir(course_dir: Path, assignment: str) -> Path:
    """The batch's Markdown feedback and learning curves per student of an assignment."""
    return assignment_output(course_dir, assignment) / "feedback"
