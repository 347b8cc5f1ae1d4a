"""A learner's ``pip install dlgrade`` (no extras) in a fresh venv: full marks, nothing of the instructor's side."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from grader.paths import REPO

CORE_LIMIT_MB = 150
"""The most a core install may put into site-packages."""
UNREACHABLE = ("NewConnectionError", "Temporary failure in name resolution", "Network is unreachable",
               "No matching distribution found", "Could not find a version that satisfies")
"""What pip says when the package index cannot be reached."""


@pytest.mark.slow
def test_core_install_checks_a_numpy_module_without_the_instructors_packages(tmp_path: Path) -> None:
    """Built wheel, fresh venv, no extras: tensor_ops' solution gets 30/30; no nbgrader, TensorFlow, Keras, Jupyter."""
    result = subprocess.run([sys.executable, str(REPO / "benchmarks" / "learner_install.py"), "--json", "--runs", "1",
                             "--keep", str(tmp_path)], capture_output=True, text=True, timeout=1800, check=False)
    if result.returncode != 0 and any(word in result.stderr for word in UNREACHABLE):
        pytest.skip(f"the package index cannot be reached: {result.stderr.strip().splitlines()[-1]}")
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert figures["score"] == "30 / 30", figures["stdout_tail"] + figures["stderr_tail"]
    assert figures["heavy_imported"] == []
    assert figures["heavy_installed"] == []
    assert figures["site_packages_mb"] <= CORE_LIMIT_MB
