"""A learner's copy (exercises/ only: no solutions, no hidden tests) gives the local feedback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from grader.catalogue import MODULES, POINTS
from grader.paths import REPO

ROOT = REPO


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A fresh learner's copy of the generated exercises/ folder."""
    target = tmp_path / "exercises"
    shutil.copytree(ROOT / "exercises", target)
    return target


def _pytest(folder: Path, *args: str, lang: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DLGRADE_", "PYTEST_"))}
    if lang:
        env["DLGRADE_LANG"] = lang
    return subprocess.run([sys.executable, "-X", "importtime", "-m", "pytest", *args], cwd=folder, env=env,
                          capture_output=True, text=True, timeout=300, check=False)


def test_copy_holds_no_solution_and_no_hidden_test(copy: Path) -> None:
    """The learner's copy is stubs, one-line check files, pytest.ini and the notebooks — nothing else."""
    names = sorted(p.relative_to(copy).as_posix() for p in copy.rglob("*") if p.is_file())
    assert names == sorted(["pytest.ini", *(f"{m}.py" for m in MODULES), *(f"test_{m}.py" for m in MODULES),
                            *(f"notebooks/{m}.ipynb" for m in MODULES)])
    for path in (p for p in copy.rglob("*") if p.is_file()):
        assert "SOLUTION" not in path.read_text(encoding="utf-8")


@pytest.mark.parametrize(("lang", "pending", "score"), [("en", "not implemented yet", "Score: 0 / "),
                                                         ("zh", "尚未实现", "得分：0 / ")])
def test_untouched_stubs_are_reported_not_implemented(copy: Path, lang: str, pending: str, score: str) -> None:
    """On the stubs, every function is listed as not implemented, with no traceback, and scores 0."""
    result = _pytest(copy, "test_tensor_ops.py", "test_losses.py", lang=lang)
    assert result.stdout.count(pending) == len(POINTS["tensor_ops"]) + len(POINTS["losses"])
    assert score in result.stdout
    assert "Traceback" not in result.stdout
    assert "NotImplementedError" not in result.stdout


def test_failure_message_names_the_rule_and_the_mismatch(copy: Path) -> None:
    """A learner's slips show up as precise messages: integrity, first mismatching index, partial score."""
    source = (ROOT / "solutions" / "tensor_ops.py").read_text(encoding="utf-8")
    source += '''

def naive_relu(x):
    return np.maximum(x, 0).astype(x.dtype)


def naive_matrix_dot(x, y):
    z = np.zeros((x.shape[0], y.shape[1]), dtype=np.result_type(x, y))
    for i in range(x.shape[0]):
        for j in range(y.shape[1]):
            for k in range(x.shape[1] - 1):
                z[i, j] += x[i, k] * y[k, j]
    return z
'''
    (copy / "tensor_ops.py").write_text(source, encoding="utf-8")
    out = _pytest(copy, "test_tensor_ops.py").stdout
    assert "used whole-array NumPy inside a naive_* function (maximum)" in out
    assert "first at index (0, 0): expected 4, got 1" in out
    assert "Score: 25 / 30" in out
    zh = _pytest(copy, "test_tensor_ops.py", "--lang", "zh").stdout
    assert "第一个位于索引 (0, 0)：应为 4，实际为 1" in zh
    assert "得分：25 / 30" in zh


@pytest.mark.parametrize("module", ["tensors", "tensor_ops", "losses", "gradients"])
def test_public_checks_of_numpy_modules_never_import_tensorflow(copy: Path, module: str) -> None:
    """Running a NumPy module's public checks, on stubs or solutions, imports no TensorFlow or Keras."""
    shutil.copy(ROOT / "solutions" / f"{module}.py", copy / f"{module}.py")
    result = _pytest(copy, f"test_{module}.py")
    assert f"Score: {sum(POINTS[module].values())} / {sum(POINTS[module].values())}" in result.stdout
    imported = {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in result.stderr.splitlines() if "|" in line}
    assert "numpy" in imported
    assert not imported & {"tensorflow", "keras"}


@pytest.mark.slow
def test_public_checks_give_the_solutions_full_marks(tmp_path: Path) -> None:
    """The public checks of every module, run on the reference solutions, give every point (Keras ones included).

    A public check stricter than the catalogue would tell a learner with a correct solution that it is wrong.
    """
    from grader.api import check_report

    for module in MODULES:
        text = (ROOT / "solutions" / f"{module}.py").read_text(encoding="utf-8")
        (tmp_path / f"{module}.py").write_text("\n".join(x for x in text.splitlines() if "SOLUTION" not in x) + "\n",
                                               encoding="utf-8")
    report = check_report(tmp_path, MODULES, hidden=False)
    lost = {(m.name, f.name): f.message for m in report.modules for f in m.functions if f.points != f.max_points}
    assert lost == {}
    assert report.total == report.max_total > 0
