"""The grading session's handle on a warm runner (:mod:`grader.runner.inside.zygote`).

Starting a learner from scratch costs a new Python, NumPy's import and, for the Keras
modules, TensorFlow's, once per learner module and submission. A :class:`ForkServer`
pays them once per grading session: its zygote imports them and forks a learner per request,
which isolates itself as a learner started from scratch would. Anything wrong with the zygote
(it cannot start, dies, answers nonsense) raises :class:`ForkServerError`; the caller then
starts learners from scratch, as before (:class:`grader.runner.client.IsolatedLearner`).
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import socket
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from grader.runner.limits import Limits, die_with_parent

START_TIMEOUT = 120.0
"""Seconds for the zygote to import what it preloads (TensorFlow's import is slow, far slower on a loaded machine)."""
ANSWER_TIMEOUT = 30.0
"""Seconds for the zygote to answer one request."""
LEARNER_SIDE = ("numpy.random", "tempfile", "grader.runner.named")
"""What every forked learner imports before it serves (its fresh start reseeds NumPy's random state, resets
tempfile; the request loop builds named functions): imported once by the warm runner instead of per learner
(NumPy 2 loads numpy.random lazily; with tempfile's own imports, a noticeable share of each learner's start)."""
NUMPY_PRELOAD = ("numpy", *LEARNER_SIDE)
"""What the NumPy modules' warm runner imports."""
KERAS_PRELOAD = ("numpy", *LEARNER_SIDE, "keras")
"""What the Keras modules' warm runner imports: a learner forked from it builds its model at once instead of
importing TensorFlow first; its training is as fast as a fresh learner's."""


class ForkServerError(RuntimeError):
    """The warm runner cannot serve (the message says why); start learners from scratch instead."""


@dataclass
class ForkServer:
    """One zygote process for one kind of learner (its limits and preloaded modules)."""

    limits: Limits
    preload: tuple[str, ...] = NUMPY_PRELOAD
    failed: str | None = None
    _proc: subprocess.Popen[bytes] | None = field(default=None, init=False, repr=False)
    _sock: socket.socket | None = field(default=None, init=False, repr=False)
    _home: Path | None = field(default=None, init=False, repr=False)
    _ready: bool = field(default=False, init=False, repr=False)

    def launch(self) -> None:
        """Start the zygote without waiting for it (its imports then overlap the session's own work)."""
        if self.failed is not None or self._sock is not None:
            return
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self._home = Path(tempfile.mkdtemp(prefix="dlgrade-zygote-"))
        parent = os.getpid()
        self._sock = ours
        try:
            self._proc = subprocess.Popen(
                [sys.executable, "-I", "-m", "grader.runner.inside.zygote", str(theirs.fileno()), *self.preload],
                cwd=self._home,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                pass_fds=(theirs.fileno(),),
                env=self.limits.environment(self._home),
                preexec_fn=lambda: die_with_parent(parent),  # noqa: PLW1509 - the grading session starts no threads
                start_new_session=True,
            )
        except OSError as exc:
            self._fail(f"the warm runner could not start: {exc}")
        finally:
            theirs.close()

    def _start(self) -> socket.socket:
        if self.failed is not None:
            raise ForkServerError(self.failed)
        self.launch()
        if not self._ready:
            if self._answer(START_TIMEOUT, "status") != "ready":
                self._fail("the warm runner did not start")
            self._ready = True
        assert self._sock is not None  # noqa: S101 - launch() set it or raised
        return self._sock

    def _fail(self, why: str) -> None:
        self.failed = why
        self.close()
        raise ForkServerError(why)

    def _answer(self, timeout: float, key: str) -> Any:
        sock = self._sock
        if sock is None or not select.select([sock], [], [], timeout)[0]:
            self._fail(f"the warm runner did not answer within {timeout:g} s")
        assert sock is not None  # noqa: S101 - _fail raised otherwise
        try:
            answer = json.loads(sock.recv(1 << 16) or b"null")
        except (OSError, ValueError) as exc:
            self._fail(f"the warm runner's answer is unreadable: {exc}")
        if not isinstance(answer, dict) or key not in answer:
            self._fail(f"the warm runner stopped or answered nonsense: {answer!r}")
        return answer[key]

    def spawn(self, request: dict[str, Any], fds: tuple[int, int, int, int]) -> int:
        """Fork a learner process; ``fds`` = its request pipe, answer pipe, capture file and descriptor socket. Its pid."""
        sock = self._start()
        message = json.dumps({"op": "spawn", "limits": asdict(self.limits), **request}).encode()
        try:
            socket.send_fds(sock, [message], list(fds))
        except OSError as exc:
            self._fail(f"the warm runner is gone: {exc}")
        pid = self._answer(ANSWER_TIMEOUT, "pid")
        if not isinstance(pid, int):
            self._fail(f"the warm runner answered no pid: {pid!r}")
        return int(pid)

    def stop(self, pid: int, grace: float = 0.0) -> int | None:
        """End learner ``pid`` (after ``grace`` seconds to end by itself); its exit code, negative for a signal."""
        if self._sock is None:
            return None
        try:
            self._sock.send(json.dumps({"op": "stop", "pid": pid, "grace": grace}).encode())
        except OSError as exc:
            self._fail(f"the warm runner is gone: {exc}")
        code = self._answer(ANSWER_TIMEOUT + grace, "code")
        return int(code) if isinstance(code, int) else None

    def close(self) -> None:
        """Stop the zygote (its learners die with it) and remove its folder."""
        self._ready = False
        sock, self._sock = self._sock, None
        if sock is not None:
            sock.close()
        proc, self._proc = self._proc, None
        if proc is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, 9)
            proc.wait()
        if self._home is not None:
            shutil.rmtree(self._home, ignore_errors=True)
            self._home = None
