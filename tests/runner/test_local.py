"""The learner's side: a learner's local checks load nothing of the instructor's side."""

from __future__ import annotations

import json
import subprocess
import sys

from grader.paths import PUBLIC, REPO

INSTRUCTOR_SIDE = (
    "grader.runner.client", "grader.runner.process", "grader.runner.forkserver", "grader.runner.sandbox",
    "grader.runner.limits", "grader.runner.inside.jail", "grader.runner.inside.seccomp", "grader.runner.inside.zygote",
    "grader.gradebook", "grader.batch", "grader.api",
    "nbgrader", "keras", "tensorflow",
)
"""Modules a learner's local checks must not import (the next step ships the learner's side on its own)."""

PROBE = """
import json, sys
sys.argv = ["pytest"]
import grader.session.plugin
for path in sorted(__import__("pathlib").Path(sys.argv_public).glob("test_*.py")):
    __import__(f"grader.suites.public.{path.stem}")
from grader.runner.local import InProcessLearner
learner = InProcessLearner(sys.argv_solutions, "tensor_ops")
import numpy as np
value = learner.call("naive_relu", np.array([[-1.0, 2.0]]))
import pathlib, tempfile
from grader.notebooks.kernel import check
notebook = pathlib.Path(tempfile.mkdtemp(), "tensor_ops.ipynb")
cell = {"cell_type": "code", "source": open(sys.argv_solutions + "/tensor_ops.py").read(), "metadata": {}, "outputs": []}
notebook.write_text(json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
table = check("tensor_ops", notebook=notebook)
print(json.dumps({"value": value.tolist(), "notebook": table.report.total, "loaded": sorted(sys.modules)}))
"""


def _loaded() -> dict[str, object]:
    probe = PROBE.replace("sys.argv_public", repr(str(PUBLIC))).replace("sys.argv_solutions", repr(str(REPO / "solutions")))
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=REPO).stdout
    result: dict[str, object] = json.loads(out.strip().splitlines()[-1])
    return result


def test_local_checks_load_nothing_of_the_instructors_side() -> None:
    """The plugin, every public suite, an in-process call and a notebook's check load no sandbox, gradebook, nbgrader or Keras.

    The call works (naive_relu of the solution), so the probe did reach learner code.
    """
    found = _loaded()
    assert found["value"] == [[0.0, 2.0]]
    assert found["notebook"] == 30.0  # the notebook's check ran the public checks on the solution's cells
    loaded = set(found["loaded"])  # type: ignore[call-overload]
    assert [m for m in INSTRUCTOR_SIDE if m in loaded or any(n.startswith(m + ".") for n in loaded)] == []
