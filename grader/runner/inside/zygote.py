"""A warm runner: imports NumPy (and Keras) once, then forks one learner process per request.

Started by :class:`grader.runner.forkserver.ForkServer` as
``python -I -m grader.runner.inside.zygote SOCKET_FD [MODULE ...]`` with the learner environment. It
imports the modules named (``numpy``, ``keras``), then answers requests on a SOCK_SEQPACKET
socket only the grading session holds: ``spawn`` (JSON plus the learner's request pipe, answer
pipe and capture file, passed as file descriptors) forks a learner and answers its pid;
``stop`` ends one (after a grace period for it to exit by itself) and answers its exit code,
negative for a signal, as :class:`subprocess.Popen` would. It never runs learner code itself:
the forked process isolates itself first (:func:`_learner`), at the level the session asked
for, with everything a learner started from scratch gets -- rlimits, a new session, a clean
environment, only its own file descriptors -- and then serves calls as
:mod:`grader.runner.inside.child` does.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import json
import os
import signal
import socket
import sys
import time
from pathlib import Path
from typing import Any

from grader.runner import protocol
from grader.runner.inside import child, jail
from grader.runner.limits import Limits, die_with_parent

SANDBOX_FAILED = "sandbox_failed"
"""Status a forked learner answers instead of ``ready`` when it could not isolate itself."""
SPAWN_FDS = 4
"""A spawn request's descriptors: the learner's request pipe, answer pipe, capture file, descriptor socket."""


def _learner(req: dict[str, Any], fds: list[int], zygote: int, last_cap: int, binds: list[str]) -> None:
    """The forked process: isolate, then serve the learner module (never returns)."""
    req_r, resp_w, capture, side = fds
    os.setsid()
    die_with_parent(zygote)
    os.dup2(capture, 1)
    os.dup2(capture, 2)
    keep = {0, 1, 2, req_r, resp_w, side}
    for fd in map(int, os.listdir("/proc/self/fd")):
        if fd not in keep:
            with contextlib.suppress(OSError):  # the listing's own descriptor, already closed
                os.close(fd)
    scratch = Path(req["scratch"])
    level = str(req["level"])
    try:
        if req.get("cgroup"):
            Path(req["cgroup"], "cgroup.procs").write_text(str(os.getpid()))
        if level == "namespaces":
            jail.enter_namespaces()
            first = os.fork()
            if first:
                jail.mirror(first, (req_r, resp_w, side))
            die_with_parent(os.getppid())
            jail.build(scratch, [Path(p) for p in req["hide"]], binds)
        else:
            os.chdir(scratch)
            if level == "uid":
                jail.become_nobody()
                die_with_parent(os.getppid())  # a change of user clears it
        _environment(req)
        Limits(**req["limits"]).apply()
        if level == "namespaces":
            jail.drop_privileges(last_cap)
    except OSError as exc:
        with os.fdopen(resp_w, "wb") as out:
            protocol.write_message(out, {"status": SANDBOX_FAILED, "message": str(exc)[:500]})
        os._exit(71)
    _fresh_start()
    with os.fdopen(req_r, "rb") as inp, os.fdopen(resp_w, "wb") as out:
        child.serve(inp, out, str(req["module"]), socket.socket(fileno=side))
    os._exit(0)


def _environment(req: dict[str, Any]) -> None:
    """The learner's own environment (what a learner started from scratch gets)."""
    os.environ.clear()
    os.environ.update({str(k): str(v) for k, v in req["env"].items()})
    keras_config = sys.modules.get("keras.src.backend.config")
    if keras_config is not None and hasattr(keras_config, "_KERAS_DIR"):
        vars(keras_config)["_KERAS_DIR"] = os.environ["KERAS_HOME"]  # read once at Keras' import, in the zygote


def _fresh_start() -> None:
    """What differs between a fresh interpreter and a fork of the zygote: random state, signals."""
    import tempfile

    import numpy as np

    np.random.seed()
    tempfile.tempdir = None
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)


def _stop(pid: int, grace: float) -> int | None:
    """Wait up to ``grace`` seconds for the learner to end, then kill its process group; its exit code."""
    deadline = time.monotonic() + grace
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        if time.monotonic() >= deadline:
            break
        time.sleep(0.005)
    for kill in (os.killpg, os.kill):
        with contextlib.suppress(ProcessLookupError):
            kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def serve(sock: socket.socket) -> None:
    """Answer the session's requests until it closes the socket."""
    me = os.getpid()
    last_cap = jail.last_capability() if os.path.exists("/proc/sys/kernel/cap_last_cap") else 63
    binds = jail.allowlist()
    children: set[int] = set()
    sock.send(json.dumps({"status": "ready"}).encode())
    while True:
        message, fds, _, _ = socket.recv_fds(sock, 1 << 16, SPAWN_FDS)
        if not message:
            return
        req = json.loads(message)
        if req.get("op") == "spawn" and len(fds) == SPAWN_FDS:
            sys.stdout.flush()
            pid = os.fork()
            if pid == 0:
                try:
                    sock.close()
                    _learner(req, fds, me, last_cap, binds)
                finally:
                    os._exit(70)
            children.add(pid)
            for fd in fds:
                os.close(fd)
            sock.send(json.dumps({"pid": pid}).encode())
        elif req.get("op") == "stop" and int(req.get("pid", 0)) in children:
            children.discard(int(req["pid"]))
            code = _stop(int(req["pid"]), float(req.get("grace", 0.0)))
            sock.send(json.dumps({"code": code}).encode())
        else:
            for fd in fds:
                os.close(fd)
            sock.send(json.dumps({"error": "bad request"}).encode())


def main() -> None:
    """Entry point: ``python -I -m grader.runner.inside.zygote SOCKET_FD [MODULE ...]``."""
    sock = socket.socket(fileno=int(sys.argv[1]))
    for name in sys.argv[2:]:
        importlib.import_module(name)
    gc.freeze()  # the learners forked from here leave these objects to their collector (no copy-on-write of their pages)
    serve(sock)


if __name__ == "__main__":
    main()
