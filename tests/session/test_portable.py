"""The learner's whole flow on an interpreter made to look like Windows' or macOS's (see ``foreign_os.py``).

The grading side's Linux-only parts (memfd seals, namespaces, rlimits, ctypes system calls)
are not importable there; the learner's checks must not need them.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.session.learners import SOLVED, STUB, learner_copy, run_pytest, score, table

pytestmark = [pytest.mark.learner,
              pytest.mark.skipif(sys.platform != "linux", reason="simulates the other systems on Linux (elsewhere the "
                                 "learner tests run for real)")]

SYSTEMS = ("windows", "macos")
PROBE = """
import importlib
for name in ("fcntl", "resource", "grader.runner.shared", "grader.runner.limits", "grader.runner.sandbox"):
    try:
        importlib.import_module(name)
    except (ImportError, AttributeError) as exc:
        print(name, "unavailable", type(exc).__name__)
    else:
        print(name, "available")
import ctypes, os
try:
    ctypes.CDLL(None)
except TypeError:
    print("CDLL(None) fails")
print("memfd_create" in dir(os), os.path.exists("/proc/self"))
"""


def _env(tmp_path: Path, system: str) -> dict[str, str]:
    site = tmp_path / "site"
    site.mkdir(exist_ok=True)
    shutil.copy(Path(__file__).with_name("foreign_os.py"), site / "sitecustomize.py")
    # Hypothesis runs its installed plugins at import: trio's (installed here with the instructor's Jupyter, not
    # in a learner's core install) takes its Linux branch, as sys.platform stays "linux", and calls CDLL(None)
    return {"PYTHONPATH": str(site), "DLGRADE_FOREIGN_OS": system, "HYPOTHESIS_NO_PLUGINS": "1"}


@pytest.mark.parametrize("system", SYSTEMS)
def test_the_simulation_takes_the_linux_only_parts_away(tmp_path: Path, system: str) -> None:
    """The simulated system lacks what the grading side relies on: the learner tests below run without it."""
    env = _env(tmp_path, system)
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True,
                         cwd=tmp_path).stdout
    assert "grader.runner.shared unavailable" in out
    assert "False False" in out  # no memfd_create, no /proc
    if system == "windows":
        for name in ("fcntl", "resource", "grader.runner.limits", "grader.runner.sandbox"):
            assert f"{name} unavailable ModuleNotFoundError" in out
        assert "CDLL(None) fails" in out
    else:
        assert "fcntl available" in out
        assert "grader.runner.shared unavailable AttributeError" in out


@pytest.mark.parametrize("system", SYSTEMS)
@pytest.mark.parametrize("where", ["inside exercises/", "the folder above"])
def test_the_learner_flow_on_another_system(tmp_path: Path, system: str, where: str) -> None:
    """A learner's copy under pytest: the solution scores full marks, the stub 0 with its table, no error."""
    learner_copy(tmp_path)
    env, args = _env(tmp_path, system), ()
    if where == "the folder above":
        # the plugins of a learner's core install only: others installed here take their Linux branches
        env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
        args = ("-p", "dlgrade", "-p", "hypothesispytest")
    result = run_pytest(tmp_path / "exercises" if where == "inside exercises/" else tmp_path, *args, env=env)
    assert table(result.stdout, SOLVED).startswith(f"{SOLVED}.py  30/30\n"), result.stdout + result.stderr
    assert table(result.stdout, STUB).startswith(f"{STUB}.py  0/15\n")
    assert table(result.stdout, STUB).count("not implemented yet") == 6
    assert score(result.stdout) == "Score: 30 / 45"
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize("system", SYSTEMS)
def test_dlgrade_check_on_another_system(tmp_path: Path, system: str) -> None:
    """``dlgrade check`` runs the public checks without the sandbox where it cannot run: full marks, no traceback."""
    folder = learner_copy(tmp_path)
    done = subprocess.run([sys.executable, "-m", "grader.cli", "check", SOLVED, STUB, "--submission", str(folder)],
                          env={**_clean_env(), **_env(tmp_path, system)}, capture_output=True, text=True,
                          cwd=tmp_path, timeout=300, check=False)
    assert table(done.stdout, SOLVED).startswith(f"{SOLVED}.py  30/30\n"), done.stdout + done.stderr
    assert table(done.stdout, STUB).startswith(f"{STUB}.py  0/15\n")
    assert "Traceback" not in done.stdout + done.stderr


def _clean_env() -> dict[str, str]:
    """The caller's environment without its dlgrade and pytest settings, in English."""
    import os

    return {k: v for k, v in os.environ.items() if not k.startswith(("DLGRADE_", "PYTEST_", "PYTHONPATH"))} | {
        "DLGRADE_LANG": "en", "PYTHONUTF8": "1"}
