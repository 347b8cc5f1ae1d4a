"""The learner's working folder: a scratch copy of the submission, made by the grading process."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from grader.feedback.echo import clean

MAX_FILE_BYTES = 50_000_000
"""Larger submitted files are not copied (a submission folder is not a place for data sets)."""


class ScratchCopy:
    """The submission's regular files copied into a temporary folder (made on first use), and the learner's output.

    Submitted symbolic links are never followed: the grading process can read the solutions, and a link
    to them, copied as its target, would hand them to learner code at every isolation level.
    """

    def __init__(self, submission: Path) -> None:
        self.submission = submission
        self._path: Path | None = None

    @property
    def path(self) -> Path | None:
        """The folder, where it was made (and not removed since)."""
        return self._path

    @property
    def capture(self) -> Path:
        """The file the learner's processes print into (beside the folder, out of the learner's reach)."""
        folder = self.folder()
        return folder.parent / f"{folder.name}.out"

    def folder(self) -> Path:
        """The folder, made now where it is not there."""
        if self._path is None:
            self._path = Path(tempfile.mkdtemp(prefix="dlgrade-"))
            src = Path(self.submission)
            for item in src.iterdir() if src.is_dir() else ():
                # a symbolic link is not followed: it could name the solutions, which this process can read
                if item.is_symlink() or item.name.startswith("."):
                    continue
                if item.is_file() and item.stat().st_size < MAX_FILE_BYTES:
                    shutil.copy2(item, self._path / item.name)
        return self._path

    def put_file(self, name: str, data: bytes) -> str:
        """Write a file into the folder; returns its path relative to it (its name, without any folders)."""
        safe = Path(name).name
        (self.folder() / safe).write_bytes(data)
        return safe

    def output(self, limit: int = 4000) -> str:
        """The last ``limit`` bytes the learner's code printed, as one line without control characters."""
        if self._path is None:
            return ""
        path = self._path.parent / f"{self._path.name}.out"
        if not path.exists():
            return ""
        with open(path, "rb") as fh:
            fh.seek(max(0, path.stat().st_size - limit))
            return clean(fh.read().decode(errors="replace"))

    def remove(self) -> None:
        """Delete the folder and the output file (a later use makes a fresh copy)."""
        if self._path is not None:
            shutil.rmtree(self._path, ignore_errors=True)
            Path(f"{self._path}.out").unlink(missing_ok=True)
            self._path = None
