"""Step 2: skip unchanged submissions that are already graded (the resumable state)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from grader.batch.context import BatchContext, Submission
from grader.paths import write_atomically


def state_path(ctx: BatchContext) -> Path:
    """The state file: student → fingerprint and total of the last recorded grading."""
    return ctx.out_dir / "state.json"


def load_state(path: Path) -> dict[str, dict[str, Any]]:
    """The recorded state; an unreadable file counts as empty (everything is regraded)."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in raw.items() if isinstance(v, dict)} if isinstance(raw, dict) else {}


def save_entry(path: Path, student: str, entry: dict[str, Any]) -> None:
    """Add one student's entry, atomically (a crash leaves the old or the new file)."""
    state = load_state(path)
    state[student] = entry
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, json.dumps(state, indent=1, sort_keys=True))


def skip_unchanged(ctx: BatchContext) -> BatchContext:
    """Keep in ``todo`` what is new or changed (everything with ``force``)."""
    state = load_state(state_path(ctx))
    todo: list[Submission] = []
    skipped: list[Submission] = []
    for sub in ctx.submissions:
        done = state.get(sub.student, {}).get("fingerprint") == sub.fingerprint
        (skipped if done and not ctx.force else todo).append(sub)
    return dataclasses.replace(ctx, todo=tuple(todo), skipped=tuple(s.student for s in skipped))
