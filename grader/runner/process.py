"""The grading side's handle on one learner process: start it, send it a request, read its answer, stop it.

A :class:`LearnerProcess` is used once: it goes from :attr:`ProcessState.NEW` through
``STARTING`` (started, its first message unread) to ``READY`` (and ``BUSY`` while a call's
answer is unread), and ends ``DEAD`` (it timed out, crashed or did not start, and was stopped)
or ``STOPPED`` (its owner stopped it). A restart is a new handle. What to do about a timeout
or a crash, the scratch copy and the time budget are the caller's
(:class:`grader.runner.client.IsolatedLearner`).
"""

from __future__ import annotations

import contextlib
import enum
import os
import select
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from grader.runner import protocol
from grader.runner.errors import LearnerCrashed, LearnerTimeout
from grader.runner.forkserver import ForkServer, ForkServerError
from grader.runner.inside.zygote import SANDBOX_FAILED
from grader.runner.limits import Limits, die_with_parent
from grader.runner.sandbox import Sandbox

CRASH_GRACE = 0.5
"""Seconds a learner process whose pipe closed gets to end by itself, so that its own exit status
(``sys.exit(3)``, killed by a signal) is what the message reports."""
MIN_START_WAIT = 1.0
"""Seconds a first message is waited for at least, however long ago the process was started."""


class ProcessState(enum.Enum):
    """Where one learner process is in its life."""

    NEW = "new"
    """Not started."""
    STARTING = "starting"
    """Started; its first message (ready, or why not) is unread."""
    READY = "ready"
    """Said it is ready, and has no request to answer."""
    BUSY = "busy"
    """A request was sent; its answer is unread."""
    DEAD = "dead"
    """Timed out, crashed, broke the protocol or did not start, and was stopped (its process tree killed)."""
    STOPPED = "stopped"
    """Stopped by its owner (its process tree killed)."""


LIVE = frozenset({ProcessState.STARTING, ProcessState.READY, ProcessState.BUSY})
"""The states in which a process (tree) exists that stop() ends."""


class ProcessStateError(RuntimeError):
    """A handle was asked for something its state does not allow (a bug of the caller, never the learner's doing)."""


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


class LearnerProcess:
    """One learner process for one module: forked from the warm runner where it can serve, else started from scratch."""

    def __init__(self, module: str, scratch: Path, capture: Path, *, limits: Limits, sandbox: Sandbox,
                 forkserver: ForkServer | None) -> None:
        """``capture``: the file the process's stdout and stderr are appended to."""
        self.module = module
        self.scratch = scratch
        self.capture = capture
        self.limits = limits
        self.sandbox = sandbox
        self.forkserver = forkserver
        self._state = ProcessState.NEW
        self._proc: subprocess.Popen[bytes] | None = None
        self._warm_pid = 0
        self._fds = (-1, -1)  # answers from it, requests to it
        self._side: socket.socket | None = None
        self._reader = _DeadlineReader(-1, 0.0)
        self._spawned_at = 0.0
        self._parent = 0
        self._exit_code: int | None = None

    @property
    def state(self) -> ProcessState:
        """Where the process is in its life."""
        return self._state

    @property
    def warm(self) -> bool:
        """Whether it was forked from the warm runner (False before it was started)."""
        return bool(self._warm_pid)

    @property
    def pid(self) -> int:
        """Its pid as this process sees it (0 before it was started); kept after it ended, for messages and tests."""
        return self._warm_pid or (self._proc.pid if self._proc is not None else 0)

    @property
    def exit_code(self) -> int | None:
        """How it ended (negative: the signal that killed it), once stopped; None where unknown or not ended."""
        return self._exit_code

    def replacement(self) -> LearnerProcess:
        """A new handle for the same module, scratch folder, limits, sandbox and warm runner."""
        return LearnerProcess(self.module, self.scratch, self.capture, limits=self.limits, sandbox=self.sandbox,
                              forkserver=self.forkserver)

    def _expect(self, *states: ProcessState) -> None:
        if self._state not in states:
            wanted = " or ".join(s.value for s in states)
            raise ProcessStateError(f"the learner process is {self._state.value}, not {wanted}")

    def spawn(self, *, warm: bool = True) -> None:
        """NEW → STARTING: prepare the sandbox and start the process, not waiting for it.

        Forked from the warm runner where ``warm`` and the runner serves these limits; otherwise (or where the
        runner fails to fork) started from scratch with the sandbox's command.

        Raises:
            OSError: it could not be started (then DEAD, nothing left open).
        """
        self._expect(ProcessState.NEW)
        self.sandbox.prepare(self.scratch)
        req_r, req_w = os.pipe()
        resp_r, resp_w = os.pipe()
        side, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)  # shared arrays' descriptors
        self._fds, self._side, self._state = (resp_r, req_w), side, ProcessState.STARTING
        self._parent = os.getpid()
        try:
            with open(self.capture, "ab") as capture:
                fds = (req_r, resp_w, capture.fileno(), theirs.fileno())
                if not (warm and self._fork_warm(fds)):
                    self._proc = self._popen(fds)
        except OSError:
            self._end(ProcessState.DEAD)
            raise
        finally:
            theirs.close()
            os.close(req_r)
            os.close(resp_w)
        self._reader.fd = resp_r
        self._spawned_at = time.monotonic()

    def _fork_warm(self, fds: tuple[int, int, int, int]) -> bool:
        """Fork the process from the warm runner; False where there is none for these limits, or it cannot serve."""
        server = self.forkserver
        if server is None or server.failed is not None or server.limits != self.limits:
            return False
        _, extra_env = self.sandbox.command([], self.scratch)
        request = {
            "module": self.module,
            "scratch": str(self.scratch),
            "env": {**self.limits.environment(self.scratch), **extra_env},
            **self.sandbox.warm_request(),
        }
        try:
            self._warm_pid = server.spawn(request, fds)
        except ForkServerError:
            return False
        return True

    def _popen(self, fds: tuple[int, int, int, int]) -> subprocess.Popen[bytes]:
        """Start the process from scratch: a new interpreter, through the sandbox's command."""
        req_r, resp_w, capture, theirs = fds
        argv, extra_env = self.sandbox.command(
            [sys.executable, "-I", "-m", "grader.runner.inside.child", str(req_r), str(resp_w), self.module, str(theirs)],
            self.scratch,
        )
        return subprocess.Popen(
            argv,
            cwd=self.scratch,
            stdin=subprocess.DEVNULL,
            stdout=capture,
            stderr=capture,
            pass_fds=(req_r, resp_w, theirs),
            env={**self.limits.environment(self.scratch), **extra_env},
            preexec_fn=self._preexec,  # noqa: PLW1509 - the grading session starts no threads
            start_new_session=True,
        )

    def _preexec(self) -> None:
        self.sandbox.preexec()
        self.limits.apply()
        die_with_parent(self._parent)

    def wait_ready(self, start_timeout: float) -> dict[str, Any]:
        """STARTING → READY: its first message, waited for until ``start_timeout`` after the spawn (at least 1 s from now).

        Where the message says anything but ready (the import failed, the sandbox could not be set up), the
        process is stopped (DEAD) and the message returned, for the caller to say why.

        Raises:
            LearnerTimeout: no message in time (DEAD).
            LearnerCrashed: it died or sent nonsense (DEAD).
        """
        self._expect(ProcessState.STARTING)
        meta, _ = self._read(max(MIN_START_WAIT, start_timeout - (time.monotonic() - self._spawned_at)))
        if meta.get("status") == "ready":
            self._state = ProcessState.READY
        else:
            self._end(ProcessState.DEAD)
        return meta

    def send(self, meta: dict[str, Any], payload: Any) -> None:
        """READY → BUSY: send one request.

        Raises:
            LearnerCrashed: its request pipe is broken (DEAD).
            grader.runner.protocol.ProtocolError: ``payload`` cannot be sent (nothing was written: still READY).
        """
        self._expect(ProcessState.READY)
        try:
            protocol.write_message(_Writer(self._fds[1]), meta, payload, side=self._side)  # type: ignore[arg-type]
        except OSError as exc:
            code = self._end(ProcessState.DEAD)
            raise LearnerCrashed(_death(code, exc)) from None
        self._state = ProcessState.BUSY

    def receive(self, timeout: float) -> tuple[dict[str, Any], Any]:
        """BUSY → READY: the answer to the request sent, waited for ``timeout`` seconds.

        Raises:
            LearnerTimeout: no answer in time (DEAD).
            LearnerCrashed: it died or sent nonsense (DEAD).
        """
        self._expect(ProcessState.BUSY)
        answer = self._read(timeout)
        self._state = ProcessState.READY
        return answer

    def _read(self, timeout: float) -> tuple[dict[str, Any], Any]:
        self._reader.deadline = time.monotonic() + timeout
        try:
            return protocol.read_message(self._reader)  # type: ignore[arg-type]
        except TimeoutError:
            self._end(ProcessState.DEAD)
            raise LearnerTimeout(f"stopped after {timeout:g} s (infinite loop or far too slow?)") from None
        except (EOFError, protocol.ProtocolError, OSError) as exc:
            code = self._end(ProcessState.DEAD, CRASH_GRACE if isinstance(exc, EOFError) else 0.0)
            raise LearnerCrashed(_death(code, exc)) from None

    def stop(self, grace: float = 0.0) -> int | None:
        """Any state → STOPPED (DEAD stays DEAD): end the process and all it started; its exit code. Harmless when ended."""
        if self._state in (ProcessState.DEAD, ProcessState.STOPPED):
            return self._exit_code
        return self._end(ProcessState.STOPPED, grace)

    def _end(self, state: ProcessState, grace: float = 0.0) -> int | None:
        """Close the pipes, kill the process tree (after ``grace`` s for a forked one), empty the cgroup; enter ``state``."""
        self._state = state
        for fd in self._fds:
            if fd >= 0:
                os.close(fd)
        self._fds = (-1, -1)
        if self._side is not None:
            self._side.close()
            self._side = None
        self._exit_code = self._kill(grace)
        return self._exit_code

    def _kill(self, grace: float) -> int | None:
        if self._warm_pid and self.forkserver is not None:
            try:
                code = self.forkserver.stop(self._warm_pid, grace)
            except ForkServerError:  # the warm runner died: its learners died with it
                code = None
            self.sandbox.kill_all()
            return code
        if self._proc is None:
            return None
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self._proc.pid, signal.SIGKILL)
        code = self._proc.wait()
        self.sandbox.kill_all()
        return code


def start(process: LearnerProcess, start_timeout: float) -> tuple[LearnerProcess, dict[str, Any]]:
    """Start ``process`` (where NEW) and read its first message, falling back to a fresh start where a forked one fails.

    A forked learner that dies or hangs before its first message, or cannot isolate itself, is replaced by
    one started from scratch; where that one answers, the warm runner was at fault and is not used again
    (a module that fails either way does not retire it). Returns the process that answered — ``process``
    or its fresh replacement — and its first message (READY where it says ready, else DEAD).

    Raises:
        LearnerTimeout: no first message in time (from the fresh start, where there was one).
        LearnerCrashed: the process died before its first message (likewise).
        OSError: a process could not be started.
    """
    if process.state is ProcessState.NEW:
        process.spawn()
    try:
        meta = process.wait_ready(start_timeout)
    except (LearnerTimeout, LearnerCrashed):
        if not process.warm:
            raise
        return _fresh(process, start_timeout, "a learner forked from it did not start where a fresh one did")
    if meta.get("status") == SANDBOX_FAILED and process.warm:
        return _fresh(process, start_timeout, f"a forked learner could not isolate itself: {meta.get('message')}")
    return process, meta


def _fresh(failed: LearnerProcess, start_timeout: float, why: str) -> tuple[LearnerProcess, dict[str, Any]]:
    """After a forked learner failed to start: start one from scratch; if it answers, retire the warm runner."""
    failed.stop()
    fresh = failed.replacement()
    fresh.spawn(warm=False)
    meta = fresh.wait_ready(start_timeout)
    if fresh.forkserver is not None:
        fresh.forkserver.failed = why
    return fresh, meta


def _death(code: int | None, exc: BaseException) -> str:
    if code is not None and code < 0:
        name = signal.Signals(-code).name
        hint = " (memory limit?)" if name in ("SIGKILL", "SIGSEGV", "SIGABRT") else ""
        return f"the learner process was killed by {name}{hint}"
    if code is not None:
        return f"the learner process exited with status {code} (sys.exit or os._exit?)"
    return f"the learner process stopped answering ({type(exc).__name__})"
