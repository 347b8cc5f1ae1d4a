"""Calling learner code: in a separate, limited process (grading) or in-process (local).

This is the only place in dlgrade that touches learner code. Suites talk to a
:class:`Learner` and get plain values back; everything the learner does wrong arrives as
one of the exceptions in :mod:`grader.runner.errors`.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, Protocol

from grader.feedback.echo import LIMIT, clean, excerpt
from grader.runner import protocol
from grader.runner.errors import (
    FunctionMissing,
    LearnerCrashed,
    LearnerImportFailed,
    LearnerRaised,
    LearnerTimeout,
    NotImplementedYet,
    UngradableValue,
)
from grader.runner.forkserver import ForkServer, ForkServerError
from grader.runner.inside.zygote import SANDBOX_FAILED
from grader.runner.limits import Limits, die_with_parent
from grader.runner.protocol import Ref
from grader.runner.sandbox import Sandbox

NAME_LIMIT = 100
"""Characters kept of a learner-chosen name (exception class, ``file:line``, argument, operation)."""
MAX_ITEMS = 100
"""Entries kept of each list a call's answer reports (mutated arguments, operations, warnings)."""
DEFAULT_TIMEOUT = 10.0
"""Seconds of wall-clock time for one call unless the suite asks for more."""
MAX_CRASHES = 3
"""After this many crashes of one function, its further calls fail at once."""
START_TIMEOUT = 30.0
"""Seconds for the learner process to start and import the module."""
CRASH_GRACE = 0.5
"""Seconds a learner process whose pipe closed gets to end by itself, so that its own exit status
(``sys.exit(3)``, killed by a signal) is what the message reports."""
MODULE_BUDGET = 300.0
"""Seconds of wall-clock time one learner module may use in a session, all calls together;
past it every further call fails at once (a hostile or hopelessly slow submission costs
only its own points and a bounded amount of time)."""


@dataclass(frozen=True)
class CallRecord:
    """What one call of a learner function produced.

    Attributes:
        value: the returned value (plain NumPy/Python values only).
        mutated: argument positions (``"0"``, ``"1"`` …) or keyword names whose array
            contents the call changed.
        operations: whole-array NumPy operations seen (``watch=True`` only).
        lines: Python lines the call executed outside NumPy (``watch=True`` only).
        elements: the largest number of elements among the array inputs and outputs.
        warnings: warnings the call raised (``"RuntimeWarning: overflow encountered in exp"``).
        ref: with ``keep=True``, a handle on the returned object in the learner process, to
            pass to later calls (its ``value`` is then the object's plain-data export).
    """

    value: Any
    mutated: tuple[str, ...] = ()
    operations: tuple[str, ...] = ()
    lines: int = 0
    elements: int = 0
    warnings: tuple[str, ...] = ()
    ref: Ref | None = None


class Learner(Protocol):
    """The suites' view of one learner module."""

    module: str

    def run(
        self,
        function: str,
        args: tuple[Any, ...] = (),
        kwargs: dict[str, Any] | None = None,
        *,
        readonly: bool = False,
        watch: bool = False,
        timeout: float | None = None,
        keep: bool = False,
    ) -> CallRecord:
        """Call ``function(*args, **kwargs)`` and report everything about the call."""
        ...

    def call(self, function: str, *args: Any, **kwargs: Any) -> Any:
        """Call ``function(*args, **kwargs)`` and return its value."""
        ...

    def put_file(self, name: str, data: bytes) -> str:
        """Make a file readable by learner code; returns the path to pass to it."""
        ...

    def close(self) -> None:
        """Release the learner process and scratch files."""
        ...


def _raise_for(meta: dict[str, Any], module: str, function: str) -> None:
    """Raise the fault an answer reports; its learner-controlled text bounded (:func:`grader.feedback.echo.excerpt`).

    The learner process could send anything here (its code runs in that process): an exception
    message holding a file it read, forged names of any length.
    """
    status = meta.get("status")
    if status == "ok":
        return
    if status == "not_implemented":
        raise NotImplementedYet(f"{module}.{function} is not implemented yet")
    if status == "missing":
        raise FunctionMissing(f"{module}.py does not define {function}()")
    if status == "bad_value":
        raise UngradableValue(f"{function}() returned a value that cannot be graded: {excerpt(str(meta.get('message')))}")
    if status == "raised":
        mro = _texts(meta.get("mro"), NAME_LIMIT, None)  # all of them: is_a looks for built-in classes at the end
        raise LearnerRaised(excerpt(str(meta.get("type")), NAME_LIMIT), mro, excerpt(str(meta.get("message", ""))),
                            excerpt(str(meta.get("where", "")), NAME_LIMIT))
    raise LearnerCrashed(f"unexpected answer from the learner process: {excerpt(repr(status), NAME_LIMIT)}")


def _texts(raw: Any, limit: int, items: int | None = MAX_ITEMS) -> tuple[str, ...]:
    """The first ``items`` entries of a list an answer reports, each bounded by :func:`~grader.feedback.echo.excerpt`.

    (Anything but a list or tuple: none.)
    """
    return tuple(excerpt(str(v), limit) for v in raw[:items]) if isinstance(raw, (list, tuple)) else ()


def _record(meta: dict[str, Any], value: Any) -> CallRecord:
    """The call's record; the names and warnings it reports bounded like :func:`_raise_for`'s text."""
    return CallRecord(
        value=value,
        mutated=_texts(meta.get("mutated"), NAME_LIMIT),
        operations=_texts(meta.get("operations"), NAME_LIMIT),
        lines=int(meta.get("lines", 0)),
        elements=int(meta.get("elements", 0)),
        warnings=_texts(meta.get("warnings"), LIMIT),
        ref=Ref(int(meta["ref"])) if isinstance(meta.get("ref"), int) else None,
    )


class _DeadlineReader:
    """A buffered reader on a pipe that gives up at a deadline."""

    def __init__(self, fd: int, deadline: float) -> None:
        self.fd = fd
        self.deadline = deadline
        self.buffer = b""

    def _wait(self) -> None:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0 or not select.select([self.fd], [], [], remaining)[0]:
            raise TimeoutError

    def read(self, n: int) -> bytes:
        if not self.buffer:
            self._wait()
            self.buffer = os.read(self.fd, max(n, 1 << 16) if n < (1 << 24) else 1 << 24)
            if not self.buffer:
                return b""
        chunk, self.buffer = self.buffer[:n], self.buffer[n:]
        return chunk

    def readinto(self, view: memoryview) -> int:
        if self.buffer:
            count = min(len(view), len(self.buffer))
            view[:count], self.buffer = self.buffer[:count], self.buffer[count:]
            return count
        self._wait()
        return os.readv(self.fd, [view])


class _Writer:
    def __init__(self, fd: int) -> None:
        self.fd = fd

    def write(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            view = view[os.write(self.fd, view) :]

    def flush(self) -> None:
        return None


@dataclass
class IsolatedLearner:
    """A learner module loaded in its own process, on a scratch copy of the submission.

    The process is started on the first call and started again after a timeout or crash,
    so one runaway call costs only that call. With a ``forkserver`` of the same limits it is
    forked from that warm runner (NumPy, Keras already imported) and isolates itself; where
    the warm runner fails, it is started from scratch.
    """

    submission: Path
    module: str
    timeout: float = DEFAULT_TIMEOUT
    limits: Limits = field(default_factory=Limits)
    sandbox: Sandbox = field(default_factory=Sandbox.detect)
    _proc: subprocess.Popen[bytes] | None = field(default=None, init=False, repr=False)
    _scratch: Path | None = field(default=None, init=False, repr=False)
    _fds: tuple[int, int] = field(default=(-1, -1), init=False, repr=False)
    _side: socket.socket | None = field(default=None, init=False, repr=False)
    _import_error: LearnerImportFailed | LearnerTimeout | None = field(default=None, init=False, repr=False)
    _reader: _DeadlineReader | None = field(default=None, init=False, repr=False)
    _given_up: dict[str, LearnerTimeout | LearnerCrashed] = field(default_factory=dict, init=False, repr=False)
    _crashes: dict[str, int] = field(default_factory=dict, init=False, repr=False)
    budget: float = MODULE_BUDGET
    _used: float = field(default=0.0, init=False, repr=False)
    _parent: int = field(default=0, init=False, repr=False)
    forkserver: ForkServer | None = None
    _spawned_at: float | None = field(default=None, init=False, repr=False)
    """When the process whose first message (ready, or why not) is still unread was started (see prestart)."""
    _warm_pid: int = field(default=0, init=False, repr=False)
    _launched_warm: bool = field(default=False, init=False, repr=False)
    learner_seconds: float = field(default=0.0, init=False)
    """Seconds the learner's functions ran, as the learner process measured them (calls that answered; a
    diagnostic figure, never scored: learner code could misreport it)."""

    def _scratch_dir(self) -> Path:
        if self._scratch is None:
            self._scratch = Path(tempfile.mkdtemp(prefix="dlgrade-"))
            src = Path(self.submission)
            for item in src.iterdir() if src.is_dir() else ():
                # a symbolic link is not followed: it could name the solutions, which this process can read
                if item.is_symlink() or item.name.startswith("."):
                    continue
                if item.is_file() and item.stat().st_size < 50_000_000:
                    shutil.copy2(item, self._scratch / item.name)
        return self._scratch

    def prestart(self) -> None:
        """Start the learner process now, without waiting for it: the first call finds it started.

        A grading session starts the next submission's learner while it grades this one: its fork,
        sandbox and import (~55 ms) are no longer waited for, nor counted in the module's time
        budget. The import still has :data:`START_TIMEOUT` from now; whatever goes wrong is found,
        and reported, by the first call. Nothing happens where the process is started already or
        the module file is missing (the first call reports that).
        """
        if self._import_error is not None or self._running():
            return
        scratch = self._scratch_dir()
        if (scratch / f"{self.module}.py").is_file():
            try:
                self._spawn(scratch)
            except OSError:
                self._stop()  # the first call starts it again, and reports what fails then

    def _start(self) -> None:
        if self._import_error is not None:
            raise self._import_error
        scratch = self._scratch_dir()
        if not (scratch / f"{self.module}.py").is_file():
            self._import_error = LearnerImportFailed(f"{self.module}.py was not found in the submission")
            raise self._import_error
        try:
            if self._spawned_at is None:  # not prestarted
                self._spawn(scratch)
            meta = self._first_message()
        except (LearnerTimeout, LearnerCrashed):
            if not self._launched_warm:
                raise
            # the submission's fault, or the warm runner's? A fresh start tells: if it fails too, its error stands
            meta = self._start_fresh(scratch, "a learner forked from it did not start where a fresh one did")
        if meta.get("status") == SANDBOX_FAILED and self._launched_warm:
            meta = self._start_fresh(scratch, f"a forked learner could not isolate itself: {meta.get('message')}")
        if meta.get("status") == "import_failed":
            where = f" at {excerpt(str(meta['where']), NAME_LIMIT)}" if meta.get("where") else ""
            self._import_error = LearnerImportFailed(f"importing {self.module}.py failed{where}: "
                                                     f"{excerpt(str(meta.get('type')), NAME_LIMIT)}: "
                                                     f"{excerpt(str(meta.get('message')))}")
            self._stop()
            raise self._import_error
        if meta.get("status") != "ready":
            self._stop()
            raise LearnerCrashed(f"the learner process did not start: {excerpt(repr(meta.get('status')), NAME_LIMIT)}")

    def _start_fresh(self, scratch: Path, why: str) -> dict[str, Any]:
        """After a forked learner failed to start: start one from scratch; if it starts, retire the warm runner."""
        self._stop()
        self._import_error = None
        self._spawn(scratch, warm=False)
        meta = self._first_message()
        if self.forkserver is not None:
            self.forkserver.failed = why
        return meta

    def _spawn(self, scratch: Path, *, warm: bool = True) -> None:
        """Prepare the sandbox, start the learner process (forked from the warm runner where possible), not waiting for it."""
        self.sandbox.prepare(scratch)
        req_r, req_w = os.pipe()
        resp_r, resp_w = os.pipe()
        side, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)  # shared arrays' descriptors
        capture = open(scratch.parent / f"{scratch.name}.out", "ab")  # noqa: SIM115 - closed below
        self._parent = os.getpid()
        try:
            self._launched_warm = warm and self._fork_warm(scratch, (req_r, resp_w, capture.fileno(), theirs.fileno()))
            if not self._launched_warm:
                argv, extra_env = self.sandbox.command(
                    [sys.executable, "-I", "-m", "grader.runner.inside.child", str(req_r), str(resp_w), self.module,
                     str(theirs.fileno())], scratch
                )
                self._proc = subprocess.Popen(
                    argv,
                    cwd=scratch,
                    stdin=subprocess.DEVNULL,
                    stdout=capture,
                    stderr=capture,
                    pass_fds=(req_r, resp_w, theirs.fileno()),
                    env={**self.limits.environment(scratch), **extra_env},
                    preexec_fn=self._preexec,  # noqa: PLW1509 - the grading session starts no threads
                    start_new_session=True,
                )
        finally:
            capture.close()
            theirs.close()
            os.close(req_r)
            os.close(resp_w)
        self._fds = (resp_r, req_w)
        self._side = side
        self._reader = _DeadlineReader(resp_r, 0.0)
        self._spawned_at = time.monotonic()

    def _first_message(self) -> dict[str, Any]:
        """The started process's first message: START_TIMEOUT from its start (at least 1 s from now)."""
        began, self._spawned_at = self._spawned_at or time.monotonic(), None
        try:
            return self._receive(max(1.0, START_TIMEOUT - (time.monotonic() - began)))[0]
        except LearnerTimeout:
            self._import_error = LearnerTimeout(f"importing {self.module}.py took more than {START_TIMEOUT:g} s")
            raise self._import_error from None

    def _fork_warm(self, scratch: Path, fds: tuple[int, int, int, int]) -> bool:
        """Fork the learner process from the warm runner; False where there is none for these limits."""
        server = self.forkserver
        if server is None or server.failed is not None or server.limits != self.limits:
            return False
        _, extra_env = self.sandbox.command([], scratch)
        request = {
            "module": self.module,
            "scratch": str(scratch),
            "env": {**self.limits.environment(scratch), **extra_env},
            **self.sandbox.warm_request(),
        }
        try:
            self._warm_pid = server.spawn(request, fds)
        except ForkServerError:
            return False
        return True

    def _preexec(self) -> None:
        self.sandbox.preexec()
        self.limits.apply()
        die_with_parent(self._parent)

    def _receive(self, timeout: float) -> tuple[dict[str, Any], Any]:
        try:
            assert self._reader is not None  # set by _start  # noqa: S101 - internal invariant
            self._reader.deadline = time.monotonic() + timeout
            return protocol.read_message(self._reader)  # type: ignore[arg-type]
        except TimeoutError:
            self._stop()
            raise LearnerTimeout(f"stopped after {timeout:g} s (infinite loop or far too slow?)") from None
        except (EOFError, protocol.ProtocolError, OSError) as exc:
            code = self._stop(CRASH_GRACE if isinstance(exc, EOFError) else 0.0)
            raise LearnerCrashed(_death(code, exc)) from None

    def _running(self) -> bool:
        """Whether a learner process was started (and not stopped since), its first message read or not."""
        return self._proc is not None or bool(self._warm_pid)

    def _stop(self, grace: float = 0.0) -> int | None:
        proc, self._proc = self._proc, None
        self._spawned_at = None
        for fd in self._fds:
            if fd >= 0:
                os.close(fd)
        self._fds = (-1, -1)
        if self._side is not None:
            self._side.close()
            self._side = None
        warm, self._warm_pid = self._warm_pid, 0
        if warm and self.forkserver is not None:
            try:
                code = self.forkserver.stop(warm, grace)
            except ForkServerError:  # the warm runner died: its learners died with it
                code = None
            self.sandbox.kill_all()
            return code
        if proc is None:
            return None
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        code = proc.wait()
        self.sandbox.kill_all()
        return code

    def run(
        self,
        function: str,
        args: tuple[Any, ...] = (),
        kwargs: dict[str, Any] | None = None,
        *,
        readonly: bool = False,
        watch: bool = False,
        timeout: float | None = None,
        keep: bool = False,
    ) -> CallRecord:
        """Call ``function(*args, **kwargs)`` in the learner process (see :class:`Learner`)."""
        if function in self._given_up:
            raise self._given_up[function]
        if self._used >= self.budget:
            raise LearnerTimeout(f"{self.module}.py used up its {self.budget:g} s time budget; not run")
        began = time.monotonic()
        try:
            return self._run(function, args, kwargs, readonly=readonly, watch=watch, timeout=timeout, keep=keep)
        finally:
            self._used += time.monotonic() - began

    def _run(
        self,
        function: str,
        args: tuple[Any, ...],
        kwargs: dict[str, Any] | None,
        *,
        readonly: bool,
        watch: bool,
        timeout: float | None,
        keep: bool,
    ) -> CallRecord:
        if self._spawned_at is not None or not self._running():
            self._start()
        meta = {"op": "call", "function": function, "readonly": readonly, "watch": watch, "keep": keep}
        try:
            try:
                protocol.write_message(_Writer(self._fds[1]), meta, (tuple(args), dict(kwargs or {})),  # type: ignore[arg-type]
                                       side=self._side)
            except OSError as exc:
                code = self._stop()
                raise LearnerCrashed(_death(code, exc)) from None
            limit = self.timeout if timeout is None else timeout
            answer, value = self._receive(min(limit, max(1.0, self.budget - self._used)))
        except LearnerTimeout as exc:
            # one timeout is enough: later calls of this function fail at once
            self._given_up[function] = LearnerTimeout(f"{exc} (not run again)")
            raise
        except LearnerCrashed as exc:
            self._crashes[function] = self._crashes.get(function, 0) + 1
            if self._crashes[function] >= MAX_CRASHES:
                self._given_up[function] = LearnerCrashed(f"{exc} (crashed {MAX_CRASHES} times, not run again)")
            raise
        seconds = answer.get("seconds")
        if isinstance(seconds, (int, float)) and 0 <= seconds <= limit + 1:
            self.learner_seconds += float(seconds)
        _raise_for(answer, self.module, function)
        return _record(answer, value)

    def call(self, function: str, *args: Any, **kwargs: Any) -> Any:
        """Call ``function(*args, **kwargs)`` and return its value."""
        return self.run(function, args, kwargs).value

    def put_file(self, name: str, data: bytes) -> str:
        """Write a file into the scratch directory; returns its path relative to it."""
        safe = Path(name).name
        (self._scratch_dir() / safe).write_bytes(data)
        return safe

    def output(self, limit: int = 4000) -> str:
        """The last ``limit`` bytes the learner's code printed, as one line without control characters.

        (Learner output is the learner's text: :func:`grader.feedback.echo.clean`; bound ``limit`` before
        putting it in a message.)
        """
        if self._scratch is None:
            return ""
        path = self._scratch.parent / f"{self._scratch.name}.out"
        if not path.exists():
            return ""
        with open(path, "rb") as fh:
            fh.seek(max(0, path.stat().st_size - limit))
            return clean(fh.read().decode(errors="replace"))

    def close(self) -> None:
        """Stop the learner process and delete the scratch copy."""
        self._stop()
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            Path(f"{self._scratch}.out").unlink(missing_ok=True)
            self._scratch = None


def _death(code: int | None, exc: BaseException) -> str:
    if code is not None and code < 0:
        name = signal.Signals(-code).name
        hint = " (memory limit?)" if name in ("SIGKILL", "SIGSEGV", "SIGABRT") else ""
        return f"the learner process was killed by {name}{hint}"
    if code is not None:
        return f"the learner process exited with status {code} (sys.exit or os._exit?)"
    return f"the learner process stopped answering ({type(exc).__name__})"


@dataclass
class InProcessLearner:
    """A learner module imported into this process: the learner's own local checks.

    Values cross the same encode/decode boundary as in the isolated runner, so suites see
    the same values either way; there are no time limits.
    """

    submission: Path
    module: str
    _mod: ModuleType | None = field(default=None, init=False, repr=False)
    _files: Path | None = field(default=None, init=False, repr=False)
    _import_error: LearnerImportFailed | None = field(default=None, init=False, repr=False)
    _objects: dict[int, Any] = field(default_factory=dict, init=False, repr=False)

    def _load(self) -> ModuleType:
        if self._import_error is not None:
            raise self._import_error
        if self._mod is None:
            path = Path(self.submission) / f"{self.module}.py"
            if not path.is_file():
                self._import_error = LearnerImportFailed(f"{path.name} was not found in {self.submission}")
                raise self._import_error
            spec = importlib.util.spec_from_file_location(f"_dlgrade_learner_{self.module}", path)
            if spec is None or spec.loader is None:
                raise LearnerImportFailed(f"cannot load {path}")
            mod = importlib.util.module_from_spec(spec)
            try:
                spec.loader.exec_module(mod)
            except (Exception, SystemExit) as exc:  # any import-time failure is the learner's, sys.exit too
                self._import_error = LearnerImportFailed(f"importing {path.name} failed: "
                                                         f"{excerpt(type(exc).__name__, NAME_LIMIT)}: {excerpt(str(exc))}")
                raise self._import_error from exc
            self._mod = mod
        return self._mod

    def run(
        self,
        function: str,
        args: tuple[Any, ...] = (),
        kwargs: dict[str, Any] | None = None,
        *,
        readonly: bool = False,
        watch: bool = False,
        timeout: float | None = None,
        keep: bool = False,
    ) -> CallRecord:
        """Call ``function(*args, **kwargs)`` in this process (see :class:`Learner`)."""
        from grader.runner.inside import child
        from grader.runner.named import build

        module = self._load()
        header, buffers = protocol.encode((tuple(args), dict(kwargs or {})))
        call_args = protocol.decode(header, buffers, named=build, refs=child.resolver(self._objects))
        meta = {"function": function, "readonly": readonly, "watch": watch}
        answer, value = child._call(module, meta, call_args)
        if keep:
            value = child.keep(self._objects, answer, value)
        _raise_for(answer, self.module, function)
        try:
            header, buffers = protocol.encode(value)
        except protocol.ProtocolError as exc:
            raise UngradableValue(f"{function}() returned a value that cannot be graded: {excerpt(str(exc))}") from None
        return _record(answer, protocol.decode(header, buffers))

    def call(self, function: str, *args: Any, **kwargs: Any) -> Any:
        """Call ``function(*args, **kwargs)`` and return its value."""
        return self.run(function, args, kwargs).value

    def put_file(self, name: str, data: bytes) -> str:
        """Write a file into a temporary folder; returns its absolute path."""
        if self._files is None:
            self._files = Path(tempfile.mkdtemp(prefix="dlgrade-files-"))
        path = self._files / Path(name).name
        path.write_bytes(data)
        return str(path)

    def close(self) -> None:
        """Forget the module and delete temporary files."""
        self._mod = None
        self._objects.clear()
        if self._files is not None:
            shutil.rmtree(self._files, ignore_errors=True)
            self._files = None
