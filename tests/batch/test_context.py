"""The batch context: frozen, replaced step by step, with dlgrade's folder under the course."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from grader.batch.context import BatchContext
from grader.batch.executor import LocalPool


def test_context_is_frozen_and_replaced(tmp_path: Path) -> None:
    """Steps cannot change a context in place; dataclasses.replace makes a new one and keeps the old."""
    ctx = BatchContext(tmp_path, "tensor_ops", LocalPool(1))
    with pytest.raises(dataclasses.FrozenInstanceError):
        ctx.force = True  # type: ignore[misc]
    new = dataclasses.replace(ctx, errors=("x",))
    assert new.errors == ("x",)
    assert ctx.errors == ()


def test_defaults_and_out_dir(tmp_path: Path) -> None:
    """A new context has everyone, no force, English, nothing found yet; out_dir is COURSE/dlgrade/<assignment>."""
    ctx = BatchContext(tmp_path, "losses", LocalPool(1))
    assert (ctx.students, ctx.force, ctx.lang, ctx.progress) == ((), False, "en", None)
    assert (ctx.submissions, ctx.todo, ctx.graded, ctx.skipped, ctx.errors) == ((), (), (), (), ())
    assert ctx.out_dir == tmp_path / "dlgrade" / "losses"
