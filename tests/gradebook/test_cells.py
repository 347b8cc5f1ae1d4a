"""The grade cells' score(): fails readably and only once per module, and keeps stderr clean."""

from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path

import pytest

from grader.gradebook import cells


def test_failed_grading_raises_readably_and_is_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """When the core cannot grade (an unknown module), score raises naming it; graded once per version of the file."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    cells.clear_cache()
    with pytest.raises(cells.ScoreUnavailableError, match=r"dlgrade could not grade not_a_module\.py"):
        cells.score("not_a_module", "f")
    assert len(cells._RESULTS) == 1
    (key, first), = cells._RESULTS.items()
    assert key == (str(tmp_path.resolve()), "not_a_module", False, None)
    with pytest.raises(cells.ScoreUnavailableError):
        cells.score("not_a_module", "g")
    assert list(cells._RESULTS.items()) == [(key, first)]
    (tmp_path / "not_a_module.py").write_text("# edited\n")
    with pytest.raises(cells.ScoreUnavailableError):
        cells.score("not_a_module", "g")
    assert len(cells._RESULTS) == 2, "an edited learner file is graded again"
    cells.clear_cache()
    assert not cells._RESULTS


def test_hidden_suites_only_under_autograde(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hidden suites grade inside `nbgrader autograde`; validate runs and local runs use the public checks."""
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    assert cells.hidden_suites()
    monkeypatch.setenv("NBGRADER_EXECUTION", "validate")
    assert not cells.hidden_suites()
    monkeypatch.delenv("NBGRADER_EXECUTION")
    assert not cells.hidden_suites()


def test_grading_output_never_reaches_stdout_or_stderr(capfd: pytest.CaptureFixture[str]) -> None:
    """Output of the core (Python streams, raw file descriptors as subprocesses use, warnings) is swallowed."""
    with cells._silenced():
        print("py-out")
        print("py-err", file=sys.stderr)
        os.write(1, b"fd-out\n")
        os.write(2, b"fd-err\n")
        warnings.warn("noise", UserWarning, stacklevel=1)
    print("after")
    assert capfd.readouterr() == ("after\n", "")
