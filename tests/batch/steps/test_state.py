"""Step 2, the resumable state: entries saved atomically, unchanged graded submissions skipped unless forced."""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime
from pathlib import Path

from grader.batch.context import BatchContext, Submission
from grader.batch.executor import LocalPool
from grader.batch.steps.state import load_state, save_entry, skip_unchanged, state_path


def _sub(tmp_path: Path, student: str, fingerprint: str) -> Submission:
    return Submission(student, tmp_path / "submitted" / student / "tensor_ops", datetime(2025, 1, 1), fingerprint)


def test_state_file_lives_under_the_course(tmp_path: Path) -> None:
    """The state is COURSE/dlgrade/<assignment>/state.json."""
    ctx = BatchContext(tmp_path, "tensor_ops", LocalPool(1))
    assert state_path(ctx) == tmp_path / "dlgrade" / "tensor_ops" / "state.json"


def test_unreadable_state_counts_as_empty(tmp_path: Path) -> None:
    """A missing, truncated or foreign state file is an empty state (everything is regraded), never an error."""
    path = tmp_path / "state.json"
    assert load_state(path) == {}
    for text in ('{"ada": {"fingerprint": "x"', "[1, 2]", '"text"'):
        path.write_text(text, encoding="utf-8")
        assert load_state(path) == {}
    path.write_text(json.dumps({"ada": {"fingerprint": "x"}, "ben": 3}), encoding="utf-8")
    assert load_state(path) == {"ada": {"fingerprint": "x"}}


def test_save_entry_adds_one_student_atomically(tmp_path: Path) -> None:
    """Saving keeps the other students' entries, replaces the student's own, and leaves no temporary file."""
    path = tmp_path / "dlgrade" / "tensor_ops" / "state.json"
    save_entry(path, "ada", {"fingerprint": "a1", "total": 30})
    save_entry(path, "ben", {"fingerprint": "b1", "total": 3})
    save_entry(path, "ada", {"fingerprint": "a2", "total": 29})
    assert load_state(path) == {"ada": {"fingerprint": "a2", "total": 29}, "ben": {"fingerprint": "b1", "total": 3}}
    assert sorted(p.name for p in path.parent.iterdir()) == ["state.json"]


def test_skip_unchanged_keeps_new_and_changed_submissions(tmp_path: Path) -> None:
    """Same fingerprint as recorded: skipped; changed or never graded: to do; force: everything to do."""
    ctx = BatchContext(tmp_path, "tensor_ops", LocalPool(1))
    save_entry(state_path(ctx), "ada", {"fingerprint": "same"})
    save_entry(state_path(ctx), "ben", {"fingerprint": "old"})
    subs = (_sub(tmp_path, "ada", "same"), _sub(tmp_path, "ben", "new"), _sub(tmp_path, "cy", "first"))
    ctx = dataclasses.replace(ctx, submissions=subs)
    skipped = skip_unchanged(ctx)
    assert [s.student for s in skipped.todo] == ["ben", "cy"]
    assert skipped.skipped == ("ada",)
    forced = skip_unchanged(dataclasses.replace(ctx, force=True))
    assert [s.student for s in forced.todo] == ["ada", "ben", "cy"]
    assert forced.skipped == ()
