"""grader.api: the environment and command line of a grading session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from grader.api import SESSION_BLAS, SESSION_PLUGINS, run_session, session_env
from grader.results import Report


def test_session_env_turns_plugin_autoload_off_and_keeps_the_rest(monkeypatch: pytest.MonkeyPatch) -> None:
    """A session gets the caller's environment (or the given one) with PYTEST_DISABLE_PLUGIN_AUTOLOAD=1."""
    monkeypatch.setenv("DLGRADE_PROBE", "kept")
    assert session_env()["DLGRADE_PROBE"] == "kept"
    assert session_env()["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] == "1"
    assert session_env({"ONLY": "this"}) == {"ONLY": "this", "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1", **SESSION_BLAS}


def test_a_session_loads_no_third_party_plugin_and_rewrites_no_hypothesis_module(tmp_path: object) -> None:
    """A session has neither hypothesis's nor anyio's pytest plugin, and rewrites no hypothesis module.

    Assertion rewriting is costly where bytecode is not cached. With autoload on, the same probe
    sees 73 hypothesis modules rewritten and both plugins loaded.
    """
    probe = (
        "import sys, pytest\n"
        "class Probe:\n"
        "    def pytest_sessionfinish(self, session):\n"
        "        pm = session.config.pluginmanager\n"
        "        rewritten = [m for m, mod in sys.modules.items() if m.startswith('hypothesis')\n"
        "                     and type(getattr(mod, '__loader__', None)).__name__ == 'AssertionRewritingHook']\n"
        "        print('PROBE', pm.has_plugin('_hypothesis_pytestplugin'), pm.has_plugin('anyio'), len(rewritten))\n"
        "sys.exit(pytest.main(['-q', '--co', '-p', 'no:cacheprovider', *sys.argv[1:]], plugins=[Probe()]))\n"
    )
    env = session_env()
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    proc = subprocess.run([sys.executable, "-c", probe, *SESSION_PLUGINS, "-p", "grader.session.plugin"], capture_output=True,
                          text=True, env=env, cwd=str(tmp_path), check=False, timeout=120)
    line = next((x for x in proc.stdout.splitlines() if x.startswith("PROBE")), proc.stdout + proc.stderr)
    assert line == "PROBE False False 0"


def _children_of_this_process() -> list[str]:
    """Command lines of this process's live child processes (Linux /proc)."""
    pids = []
    for task in Path("/proc/self/task").iterdir():
        pids += (task / "children").read_text().split()
    return [Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace") for pid in pids]


def test_run_session_reports_each_submission_while_the_session_still_runs(tmp_path: Path, root: Path) -> None:
    """on_done gets every submission id, in grading order, and on_report its report, while the session still runs."""
    folders = {}
    for name in ("ann", "bob", "cy"):
        folders[name] = tmp_path / name
        folders[name].mkdir()
        shutil.copy(root / "exercises" / "tensor_ops.py", folders[name])
    shutil.copy(root / "solutions" / "tensor_ops.py", folders["bob"])
    seen: list[tuple[str, bool]] = []
    early: dict[str, tuple[Report, bool]] = {}
    reports = run_session(folders, ["tensor_ops"], only={n: ["naive_relu"] for n in folders},
                          on_done=lambda sid: seen.append((sid, any("pytest" in c for c in _children_of_this_process()))),
                          on_report=lambda sid, report: early.setdefault(
                              sid, (report, any("pytest" in c for c in _children_of_this_process()))))
    assert seen == [("ann", True), ("bob", True), ("cy", True)]
    assert [r.modules[0].functions[0].status for r in reports.values()] == ["not_implemented", "passed", "not_implemented"]
    # each report also came as soon as its submission was graded, the same as the one returned at the end
    assert early == {sid: (report, True) for sid, report in reports.items()}


def test_a_session_past_its_timeout_is_stopped_and_scores_zero(tmp_path: Path, root: Path) -> None:
    """A session that outlives its timeout is stopped; every function scores 0 with the reason.

    The learner's naive_relu sleeps far beyond the session's 0.5 s (a stub alone may be graded faster than that).
    """
    folder = tmp_path / "ann"
    folder.mkdir()
    source = (root / "exercises" / "tensor_ops.py").read_text(encoding="utf-8")
    slow = "\n\ndef naive_relu(x):\n    import time\n\n    time.sleep(60)\n    return x\n"
    (folder / "tensor_ops.py").write_text(source + slow, encoding="utf-8")
    report = run_session({"ann": folder}, ["tensor_ops"], only={"ann": ["naive_relu"]}, timeout=0.5)["ann"]
    (function,) = report.modules[0].functions
    assert (function.points, function.status) == (0.0, "error")
    assert "grading session stopped after 0.5 s" in function.message


def _learner_processes() -> set[int]:
    """PIDs of live learner processes and their sandbox wrappers (any session's)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes()
                state = next(x for x in (entry / "status").read_text().splitlines() if x.startswith("State:"))
            except (OSError, StopIteration):
                continue
            if (b"grader.runner.inside.child" in cmdline or b"dlgrade-sandbox" in cmdline) and "zombie" not in state:
                found.add(int(entry.name))
    return found


def test_a_stopped_session_takes_its_learner_processes_with_it(tmp_path: Path, root: Path) -> None:
    """When a session is stopped (here: while a learner module is still importing), its learner processes die too.

    The kernel kills them with the session (parent-death signal); they would otherwise run on
    until their own limits (this one sleeps 20 s in its import, within the 30 s import limit).
    """
    folder = tmp_path / "ann"
    folder.mkdir()
    source = (root / "exercises" / "tensor_ops.py").read_text(encoding="utf-8")
    (folder / "tensor_ops.py").write_text(source + "\nimport time\ntime.sleep(20)\n", encoding="utf-8")
    before = _learner_processes()
    report = run_session({"ann": folder}, ["tensor_ops"], only={"ann": ["naive_relu"]}, timeout=8.0)["ann"]
    assert "grading session stopped after 8 s" in report.modules[0].functions[0].message
    deadline = time.monotonic() + 5
    while _learner_processes() - before and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _learner_processes() - before


BLAS_THREADS = """
import os, numpy as np
before = len(os.listdir("/proc/self/task"))
np.dot(np.ones((200, 200)), np.ones((200, 200)))
print(before, len(os.listdir("/proc/self/task")))
"""


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs /proc to count threads")
def test_a_session_computes_with_one_blas_thread() -> None:
    """With the session's environment NumPy runs in one thread, even where the caller's allows a thread per core."""
    many = {**os.environ, "OPENBLAS_NUM_THREADS": "2", "MKL_NUM_THREADS": "2"}
    threads = [subprocess.run([sys.executable, "-c", BLAS_THREADS], env=env, capture_output=True, text=True,
                              check=True).stdout.split() for env in (many, session_env(many))]
    assert threads[1] == ["1", "1"]
    assert threads[0] != threads[1]  # the caller's setting did start BLAS threads: the test can tell them apart
