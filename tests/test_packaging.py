"""What a learner installs: the wheel and the sdist hold no solution and no hidden test."""

from __future__ import annotations

import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from grader.tools.stubs import solution_lines

ROOT = Path(__file__).resolve().parent.parent
SOLUTION_LINES = {
    line
    for path in (ROOT / "solutions").glob("*.py")
    for line in solution_lines(path.read_text(encoding="utf-8"))
    if len(line) >= 20  # distinctive code, not `return z`
}
MAX_SHARED_LINES = 3
"""A reference formula may coincide with a solution line (``np.exp(z - z.max(...))``); three
distinct solution-only lines in one file mean a solution was shipped."""
MARKER_DOCS = ("grader/tools/stubs.py", "grader/gradebook/leaks.py", "README.md", "PKG-INFO", "METADATA")
"""Files that name the markers: the generator, the release checker and the docs."""
HIDDEN_TESTS = {p.name for p in (ROOT / "grader" / "suites" / "hidden").glob("test_*.py")}


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    """Build the wheel and the sdist once; name → {member path: text}."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--wheel", "--sdist", "--outdir", str(out), str(ROOT)],
                   check=True, capture_output=True, cwd=tmp_path_factory.mktemp("build"))
    contents: dict[str, dict[str, str]] = {}
    for path in out.iterdir():
        if path.suffix == ".whl":
            with zipfile.ZipFile(path) as zf:
                contents["wheel"] = {n: zf.read(n).decode(errors="replace") for n in zf.namelist()}
        elif path.name.endswith(".tar.gz"):
            with tarfile.open(path) as tf:
                contents["sdist"] = {
                    m.name: tf.extractfile(m).read().decode(errors="replace")  # type: ignore[union-attr]
                    for m in tf.getmembers() if m.isfile()
                }
    return contents


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["wheel", "sdist"])
def test_package_ships_the_learner_side(kind: str, dist: dict[str, dict[str, str]]) -> None:
    """The package holds the plugin, the runner and the public checks."""
    names = dist[kind]
    parts = ("grader/session/plugin.py", "grader/runner/inside/child.py", "grader/suites/public/test_tensor_ops.py",
             "grader/suites/suites.ini")
    for part in parts:
        assert any(n.endswith(part) for n in names), part


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["wheel", "sdist"])
def test_package_holds_no_solution_and_no_hidden_test(kind: str, dist: dict[str, dict[str, str]]) -> None:
    """No solutions/ file, no hidden suite, no solution marker and no solution-only line in any member."""
    leaks = []
    for name, text in dist[kind].items():
        if "solutions/" in name or "/hidden/" in name or (Path(name).name in HIDDEN_TESTS and "/public/" not in name):
            leaks.append(name)
        if ("BEGIN SOLUTION" in text or "END SOLUTION" in text) and not name.endswith(MARKER_DOCS):
            leaks.append(f"{name}: marker")
        stripped = {line.strip() for line in text.splitlines()}
        found = stripped & SOLUTION_LINES
        if len(found) >= MAX_SHARED_LINES:
            leaks.append(f"{name}: {sorted(found)[:3]}")
    assert leaks == []
    assert SOLUTION_LINES, "solution lines were found to compare against"
