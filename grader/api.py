"""The library API: check one submission, or several in one grading session.

A grading session is a separate ``python -m pytest`` process that runs the public or
hidden suites with :mod:`grader.session.plugin`; learner code runs in further processes below it
(:mod:`grader.runner`). Its results file is read back fail-closed: whatever it lacks
scores 0 with a reason.
"""

from __future__ import annotations

import compileall
import contextlib
import functools
import json
import os
import select
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path
from typing import Any

from grader.catalogue import MODULES, POINTS
from grader.feedback.echo import clean
from grader.paths import HIDDEN, PACKAGE, PUBLIC, SUITES
from grader.results import FunctionResult, ModuleResult, Report, report_from_json
from grader.session import files as session_files

SESSION_TIMEOUT = 3600.0
"""Seconds one grading session of one submission may take before it is stopped (its functions score 0)."""
SESSION_FAILED = "the grading session produced no results:"
"""How the message of every function begins when the whole session failed (see :func:`session_failed`)."""


class SuiteMissing(LookupError):
    """No suite exists for a module (e.g. hidden suites outside an instructor's install)."""


def default_submission() -> Path:
    """The learner's ``exercises/`` when run from a project checkout, else the current folder."""
    return Path("exercises") if Path("exercises", "tensor_ops.py").is_file() else Path(".")


def suite_file(module: str, *, hidden: bool) -> Path:
    """The suite of one module.

    Raises:
        KeyError: for a module that is not in the catalogue.
        SuiteMissing: if the suite is not installed.
    """
    if module not in POINTS:
        raise KeyError(f"unknown module {module!r}; known: {', '.join(MODULES)}")
    path = (HIDDEN if hidden else PUBLIC) / f"test_{module}.py"
    if not path.is_file():
        kind = "hidden suite (instructors only)" if hidden else "public checks"
        raise SuiteMissing(f"no {kind} for {module}: {path} is not installed")
    return path


SESSION_PLUGINS: tuple[str, ...] = ()
"""Third-party pytest plugins a grading session loads (with :func:`session_env`'s autoload off): none.

Hypothesis's own plugin is not needed: the grading plugin runs every @given check itself
(:mod:`grader.session.replay`), and the plugin's hooks would run around every check."""


SESSION_BLAS = {"OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
"""A grading session's NumPy computes with one BLAS thread.

Its references are small (a few hundred elements), and a batch runs one session per core; with a
thread per core, OpenBLAS's idle threads spin between calls: about 30 % more CPU for the same
session (measured: 8.5 → 5.8 CPU s for 15 ``tensor_ops`` submissions), taken from the session
on the other core. (Learner processes and warm runners get their own thread counts:
:class:`grader.runner.limits.Limits`; TensorFlow's threads are not BLAS threads.)"""


def session_env(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of a grading session: ``env`` (default: this process's), plugin autoload off, one BLAS thread.

    With autoload on, pytest loads every installed plugin (nbgrader's dependencies bring anyio and
    platformdirs) and marks each plugin's whole distribution for assertion rewriting: all of
    hypothesis is then parsed and rewritten at every session start wherever bytecode is not
    written (``PYTHONDONTWRITEBYTECODE``, read-only installs) — over a second per session.
    """
    merged = dict(os.environ if env is None else env)
    merged["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    merged.update(SESSION_BLAS)
    return merged


@functools.cache
def ensure_bytecode() -> None:
    """Write the package's bytecode once per process, where the folder is writable.

    Every grading session and every learner process imports dlgrade's modules; where bytecode
    is not written on import (``PYTHONDONTWRITEBYTECODE``, as on these machines, or learner
    processes whose sandbox mounts the package read-only) each of them would compile them
    from source again.
    """
    with contextlib.suppress(OSError):
        compileall.compile_dir(PACKAGE, quiet=2)


def run_session(
    submissions: Mapping[str, Path],
    modules: Sequence[str] = MODULES,
    *,
    hidden: bool = True,
    lang: str | None = None,
    only: Mapping[str, Collection[str]] | None = None,
    extra_args: Sequence[str] = (),
    env: Mapping[str, str] | None = None,
    timeout: float = SESSION_TIMEOUT,
    on_done: Callable[[str], None] | None = None,
    on_report: Callable[[str, Report], None] | None = None,
) -> dict[str, Report]:
    """Grade several submissions in one grading session.

    Args:
        submissions: submission id → folder holding ``<module>.py`` files.
        modules: catalogue modules to grade.
        hidden: hidden suites (grading) instead of public checks.
        lang: feedback language (``en``/``zh``), default from the environment.
        only: submission id → functions to grade (others are left out of its report).
        extra_args: further pytest arguments.
        env: environment of the session (default: this process's).
        timeout: seconds before the session is stopped.
        on_done: called (in this thread) with each submission id as soon as its checks have run.
        on_report: called (in this thread) with each submission id and its report as soon as its
            checks have run, where the session has written it then (several submissions); the
            returned reports are the same.

    Returns:
        submission id → report, with every expected function present.
    """
    files = [str(suite_file(m, hidden=hidden)) for m in modules]
    only = only or {}
    ensure_bytecode()
    with tempfile.TemporaryDirectory(prefix="dlgrade-session-") as tmp:
        results = Path(tmp, "results.json")
        args = [sys.executable, "-m", "pytest", "-c", str(SUITES / "suites.ini"), "--rootdir", str(SUITES),
                *SESSION_PLUGINS, "--dlgrade-json", str(results), "--dlgrade-direct",
                "--dlgrade-quick-exit", *files]
        for sid, path in submissions.items():
            args += ["--dlgrade-submission", f"{sid}={Path(path).resolve()}"]
        for sid, functions in only.items():
            args += ["--dlgrade-only", f"{sid}={','.join(functions)}"]
        if lang:
            args += ["--lang", lang]
        args += list(extra_args)

        index = {sid: i for i, sid in enumerate(submissions)}

        def done(sid: str) -> None:
            if sid not in submissions:
                return
            if on_done is not None:
                on_done(sid)
            if on_report is None:
                return
            try:
                raw = json.loads(session_files.partial_results(results, index[sid]).read_text(encoding="utf-8"))
            except (OSError, ValueError):  # none written (a session of one): the report comes at the end
                return
            on_report(sid, report_from_json(raw, _expected(modules, only.get(sid))))

        detail = _run_pytest(args, Path(tmp), session_env(env), timeout, done)
        raw: Any = json.loads(results.read_text(encoding="utf-8")) if results.exists() else None
    return _reports(raw, submissions, modules, only, detail)


def _run_pytest(args: list[str], cwd: Path, env: dict[str, str], timeout: float,
                on_done: Callable[[str], None]) -> str:
    """Run a session, passing on its progress lines as they come; return the tail of its output."""
    read_fd, write_fd = os.pipe()
    with open(cwd / "session.out", "wb") as sink:
        try:
            proc = subprocess.Popen([*args, "--dlgrade-progress-fd", str(write_fd)], cwd=cwd, env=env,
                                    stdin=subprocess.DEVNULL, stdout=sink, stderr=subprocess.STDOUT,
                                    pass_fds=(write_fd,))
        finally:
            os.close(write_fd)
    deadline = time.monotonic() + timeout
    pending = b""
    with os.fdopen(read_fd, "rb", buffering=0) as progress:
        while (remaining := deadline - time.monotonic()) > 0:
            if not select.select([progress], [], [], remaining)[0]:
                continue
            chunk = progress.read(4096)
            if not chunk:  # the session exited (or closed its end)
                break
            *lines, pending = (pending + chunk).split(b"\n")
            for line in lines:
                sid = session_files.parse(line.decode("utf-8", "replace"))
                if sid is not None:
                    on_done(sid)
    try:
        proc.wait(timeout=max(deadline - time.monotonic(), 1.0))
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        return f"grading session stopped after {timeout:g} s"
    return (cwd / "session.out").read_text(encoding="utf-8", errors="replace")[-4000:].strip()


def _reports(
    raw: Any,
    submissions: Mapping[str, Path],
    modules: Sequence[str],
    only: Mapping[str, Collection[str]],
    detail: str,
) -> dict[str, Report]:
    if raw is None:
        # the session's own output may quote the learner's text (a suite error's traceback): one clean line
        reason = f"{SESSION_FAILED} {clean(detail[-500:])}"
        return {sid: _failed_report(modules, only.get(sid), reason) for sid in submissions}
    per = raw.get("submissions", {}) if len(submissions) > 1 else {next(iter(submissions)): raw}
    reports = {}
    for sid in submissions:
        reports[sid] = report_from_json(per.get(sid, {}), _expected(modules, only.get(sid)))
    return reports


def _expected(modules: Sequence[str], wanted: Collection[str] | None) -> dict[str, dict[str, int]]:
    """Module → function → points of what a submission's report must hold."""
    expected = {m: {f: p for f, p in POINTS[m].items() if wanted is None or f in wanted} for m in modules}
    return {m: fs for m, fs in expected.items() if fs}


def session_failed(report: Report) -> bool:
    """Whether a report only says that its whole grading session failed (nothing of the submission was graded)."""
    functions = [f for m in report.modules for f in m.functions]
    return bool(functions) and all(f.message.startswith(SESSION_FAILED) for f in functions)


def _failed_report(modules: Sequence[str], wanted: Collection[str] | None, reason: str) -> Report:
    return Report(tuple(
        ModuleResult(m, tuple(FunctionResult(f, 0.0, float(p), "error", reason)
                              for f, p in POINTS[m].items() if wanted is None or f in wanted))
        for m in modules
    ))


def check_report(
    submission: Path | None = None,
    modules: Sequence[str] = MODULES,
    *,
    hidden: bool = False,
    lang: str | None = None,
    allow_weak_isolation: bool = False,
    warn: Callable[[str], None] | None = None,
) -> Report:
    """Grade one submission; see :func:`run_session`.

    Hidden checks run learner code the instructor did not write: below ``namespaces`` they are
    refused unless ``allow_weak_isolation`` (then ``warn`` is told what does not hold).

    Raises:
        WeakIsolation: hidden checks below ``namespaces``, not allowed.
    """
    path = Path(submission) if submission is not None else default_submission()
    extra: list[str] = []
    if hidden:
        from grader.runner.sandbox import detect_level, require_namespaces

        level = detect_level()
        warning = require_namespaces(level, allow_weak=allow_weak_isolation)
        if warning is not None and warn is not None:
            warn(warning)
        extra = ["--dlgrade-isolation", level]
    return run_session({"submission": path}, modules, hidden=hidden, lang=lang, extra_args=extra)["submission"]


def check(
    submission: Path | None = None,
    modules: Sequence[str] = MODULES,
    *,
    hidden: bool = True,
    lang: str | None = None,
) -> dict[str, Any]:
    """Grade one submission and return the results file's content (a JSON-able dict)."""
    return check_report(submission, modules, hidden=hidden, lang=lang).to_json()


