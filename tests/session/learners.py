"""A learner's copy of exercises/ in a test's folder, and ``pytest`` run on it as a learner runs it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from grader.paths import REPO

SOLVED = "tensor_ops"
"""The module whose reference solution the copies hold (30 points)."""
STUB = "losses"
"""The module left as its stub (15 points, none earned)."""


def learner_copy(folder: Path, modules: tuple[str, ...] = (SOLVED, STUB), solved: tuple[str, ...] = (SOLVED,)) -> Path:
    """``folder/exercises``: the generated pytest.ini, the stubs and check files of ``modules``, ``solved``'s solutions."""
    target = folder / "exercises"
    target.mkdir(parents=True)
    shutil.copy(REPO / "exercises" / "pytest.ini", target)
    for module in modules:
        shutil.copy(REPO / "exercises" / f"test_{module}.py", target)
        source = REPO / ("solutions" if module in solved else "exercises") / f"{module}.py"
        shutil.copy(source, target / f"{module}.py")
    return target


def run_pytest(cwd: Path, *args: str, env: Mapping[str, str] | None = None,
               python: str = sys.executable) -> subprocess.CompletedProcess[str]:
    """``python -m pytest ARGS`` in ``cwd``, in English, without the caller's pytest or dlgrade settings."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DLGRADE_", "PYTEST_", "PYTHONPATH"))}
    clean |= {"DLGRADE_LANG": "en", "PYTHONUTF8": "1", **(env or {})}  # the table's ✓ through a pipe on Windows
    return subprocess.run([python, "-m", "pytest", *args], cwd=cwd, env=clean, capture_output=True, text=True,
                          encoding="utf-8", timeout=300, check=False)


def table(output: str, module: str) -> str:
    """The lines of ``module``'s block in the score table (heading and one row per function)."""
    match = re.search(rf"^{module}\.py  .*\n(?:  .*\n)*", output, re.MULTILINE)
    return match.group(0) if match else ""


def score(output: str) -> str:
    """The table's last line (``Score: 30 / 45``), or "" without a table."""
    found = re.findall(r"^Score: .*$", output, re.MULTILINE)
    return found[-1] if found else ""
