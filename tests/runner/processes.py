"""Process helpers for the runner tests: a process's state and parent, whether it still runs."""

from __future__ import annotations

import time
from pathlib import Path


def stat(pid: int) -> tuple[str, int] | None:
    """State letter and parent pid of a process, None if it does not exist."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return None
    return fields[0], int(fields[1])


def running(pid: int) -> bool:
    """Whether a process exists and is not a zombie."""
    found = stat(pid)
    return found is not None and found[0] not in ("Z", "X")


def gone(pid: int, within: float = 5.0) -> bool:
    """Wait until a process no longer runs (absent, or a zombie nobody reaped yet)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not running(pid):
            return True
        time.sleep(0.05)
    return False
