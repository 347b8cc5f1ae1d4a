"""A progress bar with ETA on stderr (plain text; one line, redrawn on a terminal)."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class ProgressBar:
    """Called with ``(done, total)``; draws ``[#####     ] 12/30  ETA 0:08``."""

    def __init__(self, label: str, stream: TextIO | None = None, width: int = 30) -> None:
        """Draw on ``stream`` (default stderr)."""
        self.label = label
        self.stream = stream or sys.stderr
        self.width = width
        self.start = time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        """Redraw for ``done`` of ``total``."""
        elapsed = time.monotonic() - self.start
        filled = self.width * done // total if total else self.width
        eta = "--:--" if done == 0 else _clock(elapsed / done * (total - done))
        line = f"{self.label} [{'#' * filled}{' ' * (self.width - filled)}] {done}/{total}  ETA {eta}"
        end = "\n" if done >= total else ""
        if self.stream.isatty():
            self.stream.write(f"\r{line}{end}")
        elif done >= total or done == 0 or done % max(1, total // 10) == 0:
            self.stream.write(line + "\n")
        self.stream.flush()


def _clock(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}:{secs:02d}"
