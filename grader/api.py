"""The library API: check one submission, or several in one grading session.

A grading session is a separate ``python -m pytest`` process that runs the public or
hidden suites with :mod:`grader.session.plugin`; learner code runs in further processes below it
(:mod:`grader.runner`). What it does is one typed value, its spec (:func:`session_spec`), written
as one file; each submission's results file is read back fail-closed
(:func:`grader.results.read_report`): whatever it lacks scores 0 with a reason.
"""

from __future__ import annotations

import compileall
import contextlib
import dataclasses
import functools
import importlib
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
from grader.feedback.messages import language
from grader.notebooks.handin import notebook_submissions
from grader.paths import HIDDEN, PACKAGE, PUBLIC
from grader.results import Report, read_report
from grader.session import files as session_files
from grader.session.spec import InvalidSpec, SessionSpec, session_command

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
thread per core, OpenBLAS's idle threads spin between calls and take CPU from the session on
the other core (see benchmarks/README.md). (Learner processes and warm runners get their own thread counts:
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
    isolation: str | None = None,
    hide: Sequence[Path] = (),
    reference_cache: Path | None = None,
    inprocess: bool = False,
    env: Mapping[str, str] | None = None,
    timeout: float = SESSION_TIMEOUT,
    on_done: Callable[[str], None] | None = None,
    on_report: Callable[[str, Report], None] | None = None,
    extra_args: Sequence[str] = (),
) -> dict[str, Report]:
    """Grade several submissions in one grading session.

    Args:
        submissions: submission id → folder holding ``<module>.py`` files (or a ``<module>.ipynb`` in place of
            one: :mod:`grader.notebooks.handin`).
        modules: catalogue modules to grade.
        hidden: hidden suites (grading) instead of public checks.
        lang: feedback language (``en``/``zh``), default from the environment.
        only: submission id → functions to grade (others are left out of its report).
        isolation: the isolation level learner code runs at, already detected on this machine
            (a batch detects it once); None: detected here (``DLGRADE_ISOLATION`` if set).
        hide: folders hidden from learner processes besides dlgrade's own (a course).
        reference_cache: folder of references and recorded examples shared by sessions (None: memory only).
        inprocess: public checks with the learner's module imported in the session (no sandbox: Windows, macOS).
        env: environment of the session process (default: this process's); dlgrade's settings are
            not read from it: the session's spec says everything (:func:`session_spec`).
        timeout: seconds before the session is stopped.
        on_done: called (in this thread) with each submission id as soon as its checks have run.
        on_report: called (in this thread) with each submission id and its report as soon as its
            checks have run; the returned reports are the same.
        extra_args: plain pytest arguments for tests and benchmarks (``--collect-only``); what the
            session does is the arguments above, in its spec: ``--dlgrade-*`` options are refused.

    Returns:
        submission id → report, with every expected function present.

    Raises:
        InvalidSpec: (a ValueError) an argument that makes no valid session, naming it.
        ValueError: ``extra_args`` holds a ``--dlgrade-*`` option; ``DLGRADE_ISOLATION`` names no level.
        RuntimeError: ``DLGRADE_ISOLATION`` names a level this machine cannot run.
    """
    dlgrade = [arg for arg in extra_args if arg.startswith("--dlgrade")]
    if dlgrade:
        raise ValueError(f"run_session: {dlgrade[0]} is no session option: the session's spec says what it does "
                         "(run_session's arguments)")
    # a <module>.ipynb handed in without <module>.py: graded as the module rebuilt from its code cells
    with notebook_submissions(submissions, modules) as converted:
        spec = session_spec(converted.folders, modules, hidden=hidden, lang=lang, only=only, isolation=isolation,
                            hide=hide, reference_cache=reference_cache, inprocess=inprocess)
        files = [str(suite_file(m, hidden=spec.hidden)) for m in spec.modules]
        reports = _run_spec(spec, [*files, *extra_args], session_env(env), timeout=timeout, on_done=on_done,
                            on_report=converted.on_report(on_report))
        return {sid: converted.report(sid, report) for sid, report in reports.items()}


def session_spec(
    submissions: Mapping[str, Path],
    modules: Sequence[str] = MODULES,
    *,
    hidden: bool = True,
    lang: str | None = None,
    only: Mapping[str, Collection[str]] | None = None,
    isolation: str | None = None,
    hide: Sequence[Path] = (),
    reference_cache: Path | None = None,
    inprocess: bool = False,
) -> SessionSpec:
    """The spec of a grading session (arguments as :func:`run_session`), its results and progress left to the caller.

    The one place a session's settings come from the user's environment: ``DLGRADE_LANG``
    (without ``lang``) and ``DLGRADE_ISOLATION`` (without ``isolation``) are read here, never in
    the session. Paths are made absolute (the session runs in a folder of its own).

    Raises:
        InvalidSpec: (a ValueError) an argument that makes no valid session, naming it.
        ValueError, RuntimeError: ``DLGRADE_ISOLATION`` names no level, or one this machine cannot run.
    """
    if inprocess:  # the learner's own public checks of their own code: no sandbox (none on Windows or macOS)
        if hidden:
            raise InvalidSpec("inprocess", "hidden checks never run learner code in the session's process")
        level = None
    else:
        from grader.runner.sandbox import detect_level

        level = isolation if isolation is not None else detect_level()
    return SessionSpec(
        submissions={sid: Path(path).resolve() for sid, path in submissions.items()},
        modules=tuple(modules),
        hidden=hidden,
        only={sid: frozenset(functions) for sid, functions in (only or {}).items()},
        lang=language(lang),
        isolation=level,
        hide=tuple(Path(p).resolve() for p in hide),
        reference_cache=Path(reference_cache).resolve() if reference_cache is not None else None,
        direct=True,
        quick_exit=True,
        inprocess=inprocess,
    )


def _run_spec(spec: SessionSpec, args: list[str], env: dict[str, str], *, timeout: float,
              on_done: Callable[[str], None] | None, on_report: Callable[[str, Report], None] | None) -> dict[str, Report]:
    """Run a session of ``spec`` (pytest ``args``: its suite files) with results files in a folder of its own.

    Returns every submission's report.
    """
    expected = {sid: _expected(spec.modules, spec.only.get(sid)) for sid in spec.submissions}
    early: dict[str, Report] = {}
    ensure_bytecode()
    with tempfile.TemporaryDirectory(prefix="dlgrade-session-") as tmp:
        spec = dataclasses.replace(spec, results={sid: Path(tmp, f"results.{i}.json") for i, sid in enumerate(spec.submissions)})

        def done(sid: str) -> None:
            if sid not in spec.submissions:
                return
            if on_done is not None:
                on_done(sid)
            # its results file is written just before its line: a report at once, the same as at the end
            if on_report is not None and sid not in early and spec.results[sid].is_file():
                early[sid] = read_report(spec.results[sid], expected[sid])
                on_report(sid, early[sid])

        detail = _run_pytest(spec, args, Path(tmp), env, timeout=timeout, on_done=done)
        # the session's own output may quote the learner's text (a suite error's traceback): one clean line
        failed = f"{SESSION_FAILED} {clean(detail[-500:])}"
        return {sid: early[sid] if sid in early else read_report(spec.results[sid], expected[sid], missing=failed)
                for sid in spec.submissions}


def _run_pytest(spec: SessionSpec, pytest_args: list[str], cwd: Path, env: dict[str, str], *, timeout: float,
                on_done: Callable[[str], None]) -> str:
    """Run a session (its spec written beside its output), passing on its progress lines as they come.

    Returns the tail of its output.
    """
    if spec.inprocess:
        return _run_plain(spec, pytest_args, cwd, env, timeout=timeout)
    read_fd, write_fd = os.pipe()
    with open(cwd / "session.out", "wb") as sink:
        try:
            spec_file = dataclasses.replace(spec, progress_fd=write_fd).write(cwd / "spec.json")
            args = session_command(spec_file, *SESSION_PLUGINS, *pytest_args)
            proc = subprocess.Popen(args, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=sink,
                                    stderr=subprocess.STDOUT, pass_fds=(write_fd,))
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


def _run_plain(spec: SessionSpec, pytest_args: list[str], cwd: Path, env: dict[str, str], *, timeout: float) -> str:
    """A learner's public checks in a plain subprocess: no progress pipe (``pass_fds`` and ``select`` on pipes are POSIX-only).

    Returns the tail of its output.
    """
    args = session_command(spec.write(cwd / "spec.json"), *SESSION_PLUGINS, *pytest_args)
    try:
        done = subprocess.run(args, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return f"grading session stopped after {timeout:g} s"
    return done.stdout.decode("utf-8", "replace")[-4000:].strip()


def _expected(modules: Sequence[str], wanted: Collection[str] | None) -> dict[str, dict[str, int]]:
    """Module → function → points of what a submission's report must hold."""
    expected = {m: {f: p for f, p in POINTS[m].items() if wanted is None or f in wanted} for m in modules}
    return {m: fs for m, fs in expected.items() if fs}


def session_failed(report: Report) -> bool:
    """Whether a report only says that its whole grading session failed (nothing of the submission was graded)."""
    functions = [f for m in report.modules for f in m.functions]
    return bool(functions) and all(f.message.startswith(SESSION_FAILED) for f in functions)


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
    refused unless ``allow_weak_isolation`` (then ``warn`` is told what does not hold). Public
    checks off Linux (no sandbox there) run the learner's own code in the session's process.

    Raises:
        WeakIsolation: hidden checks below ``namespaces``, not allowed.
    """
    path = Path(submission) if submission is not None else default_submission()
    if not hidden and not _sandbox_here():
        return run_session({"submission": path}, modules, hidden=False, lang=lang, inprocess=True)["submission"]
    from grader.runner.sandbox import detect_level, grading_level

    level = grading_level(allow_weak=allow_weak_isolation, warn=warn) if hidden else detect_level()
    return run_session({"submission": path}, modules, hidden=hidden, lang=lang, isolation=level)["submission"]


def _sandbox_here() -> bool:
    """Whether learner code can run in dlgrade's sandbox on this system (Linux, its Linux-only parts importable)."""
    if sys.platform != "linux":
        return False
    try:
        importlib.import_module("grader.runner.client")  # the isolated runner and the Linux-only parts it needs
        importlib.import_module("grader.runner.shared")  # memfd seals
    except (ImportError, AttributeError):  # a module or a constant this system does not have
        return False
    return True


def check(
    submission: Path | None = None,
    modules: Sequence[str] = MODULES,
    *,
    hidden: bool = True,
    lang: str | None = None,
) -> dict[str, Any]:
    """Grade one submission and return the results file's content (a JSON-able dict)."""
    return check_report(submission, modules, hidden=hidden, lang=lang).to_json()


