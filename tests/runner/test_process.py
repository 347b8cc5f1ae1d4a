"""The handle on one learner process: its states from spawn to stop, and what each state refuses.

The promises of the isolated runner as a whole (limits, sandbox, restarts) are in test_client.py and
test_sandbox.py; here: the handle alone, started from scratch and forked from a warm runner.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from grader.runner.errors import LearnerCrashed, LearnerTimeout
from grader.runner.forkserver import ForkServer
from grader.runner.limits import Limits
from grader.runner.process import LearnerProcess, ProcessState, ProcessStateError, start
from grader.runner.sandbox import Sandbox
from grader.runner.scratch import ScratchCopy
from tests.runner.processes import gone as _gone

MODULE = '''
import os


def double(x):
    return x * 2


def loop():
    while True:
        pass


def exit_os():
    os._exit(3)
'''
START = 30.0
CALL = {"op": "call", "readonly": False, "watch": False, "keep": False}


@pytest.fixture
def scratch(tmp_path: Path) -> Iterator[ScratchCopy]:
    """A scratch copy of a submission holding proc_mod.py (removed afterwards)."""
    (tmp_path / "proc_mod.py").write_text(MODULE, encoding="utf-8")
    copy = ScratchCopy(tmp_path)
    yield copy
    copy.remove()


@pytest.fixture(params=["scratch", "warm"])
def server(request: pytest.FixtureRequest) -> Iterator[ForkServer | None]:
    """No warm runner (learners start from scratch), or one that must not fail over."""
    forkserver = ForkServer(Limits()) if request.param == "warm" else None
    yield forkserver
    if forkserver is not None:
        assert forkserver.failed is None, forkserver.failed
        forkserver.close()


def _process(scratch: ScratchCopy, server: ForkServer | None, sandbox: Sandbox | None = None) -> LearnerProcess:
    return LearnerProcess("proc_mod", scratch.folder(), scratch.capture, limits=Limits(),
                          sandbox=sandbox or Sandbox.detect(), forkserver=server)


def _ready(scratch: ScratchCopy, server: ForkServer | None) -> LearnerProcess:
    process = _process(scratch, server)
    process.spawn()
    assert process.wait_ready(START)["status"] == "ready"
    return process


def _ask(process: LearnerProcess, function: str, *args: Any) -> None:
    process.send({**CALL, "function": function}, (args, {}))


def test_a_process_goes_from_new_through_ready_and_busy_to_stopped(scratch: ScratchCopy, server: ForkServer | None) -> None:
    """NEW until spawned, STARTING until its first message, READY between calls, BUSY during one, STOPPED after stop()."""
    process = _process(scratch, server)
    assert process.state is ProcessState.NEW and process.pid == 0
    process.spawn()
    assert process.state is ProcessState.STARTING and process.pid > 0
    assert process.warm is (server is not None)
    assert process.wait_ready(START)["status"] == "ready"
    assert process.state is ProcessState.READY
    _ask(process, "double", 21)
    assert process.state is ProcessState.BUSY
    meta, value = process.receive(5)
    assert (meta["status"], value) == ("ok", 42)
    assert process.state is ProcessState.READY
    pid = process.pid
    process.stop()
    assert process.state is ProcessState.STOPPED
    assert _gone(pid)


def test_stopping_twice_is_harmless(scratch: ScratchCopy, server: ForkServer | None) -> None:
    """A second stop() changes nothing and reports the same exit code; stopping a NEW handle starts nothing."""
    unused = _process(scratch, server)
    assert unused.stop() is None
    assert unused.state is ProcessState.STOPPED and unused.pid == 0
    with pytest.raises(ProcessStateError, match="stopped"):
        unused.spawn()
    process = _ready(scratch, server)
    first = process.stop()
    assert process.stop() == first == process.exit_code
    assert process.state is ProcessState.STOPPED


def test_a_timeout_kills_the_process_and_leaves_the_handle_dead(scratch: ScratchCopy, server: ForkServer | None) -> None:
    """A request not answered in time ends the process (DEAD); the handle takes no further request."""
    process = _ready(scratch, server)
    pid = process.pid
    _ask(process, "loop")
    began = time.monotonic()
    with pytest.raises(LearnerTimeout, match=r"stopped after 0\.5 s"):
        process.receive(0.5)
    assert time.monotonic() - began < 3
    assert process.state is ProcessState.DEAD
    assert _gone(pid)
    with pytest.raises(ProcessStateError, match="dead"):
        _ask(process, "double", 1)


def test_a_crash_leaves_the_handle_dead_with_the_exit_status(scratch: ScratchCopy, server: ForkServer | None) -> None:
    """A process that exits during a call is DEAD with its own exit status; stopping it afterwards keeps both."""
    process = _ready(scratch, server)
    _ask(process, "exit_os")
    with pytest.raises(LearnerCrashed, match="exited with status 3"):
        process.receive(5)
    assert (process.state, process.exit_code) == (ProcessState.DEAD, 3)
    assert process.stop() == 3
    assert process.state is ProcessState.DEAD


def test_a_handle_refuses_what_its_state_does_not_allow(scratch: ScratchCopy) -> None:
    """Sending before the process is ready, reading an answer nobody asked for, or spawning twice is refused."""
    process = _process(scratch, None, Sandbox("rlimits"))
    with pytest.raises(ProcessStateError, match="new, not ready"):
        _ask(process, "double", 1)
    with pytest.raises(ProcessStateError, match="new, not starting"):
        process.wait_ready(START)
    process.spawn()
    try:
        with pytest.raises(ProcessStateError, match="starting, not new"):
            process.spawn()
        with pytest.raises(ProcessStateError, match="starting, not ready"):
            _ask(process, "double", 1)
        process.wait_ready(START)
        with pytest.raises(ProcessStateError, match="ready, not busy"):
            process.receive(1)
        _ask(process, "double", 2)
        assert process.receive(5)[1] == 4  # the refusals changed nothing
    finally:
        process.stop()


def test_a_first_message_other_than_ready_stops_the_process(tmp_path: Path, server: ForkServer | None) -> None:
    """A module that cannot be imported: its first message says why, and the handle is DEAD, its process gone."""
    (tmp_path / "proc_mod.py").write_text("x = 1 +\n", encoding="utf-8")
    copy = ScratchCopy(tmp_path)
    try:
        process = _process(copy, server)
        process.spawn()
        pid = process.pid
        meta = process.wait_ready(START)
        assert meta["status"] == "import_failed" and meta["type"] == "SyntaxError"
        assert process.state is ProcessState.DEAD
        assert _gone(pid)
    finally:
        copy.remove()


def test_start_replaces_a_forked_learner_that_cannot_isolate_itself(scratch: ScratchCopy) -> None:
    """start() hands back a fresh, READY process in place of a forked one that failed (DEAD), and retires the runner."""
    server = ForkServer(Limits())
    sandbox = Sandbox("rlimits")
    sandbox._cgroup = Path("/nonexistent/dlgrade-cgroup")  # a forked learner cannot join it: it answers so
    forked = _process(scratch, server, sandbox)
    try:
        process, meta = start(forked, START)
        assert meta["status"] == "ready"
        assert process is not forked and forked.state is ProcessState.DEAD
        assert process.state is ProcessState.READY and not process.warm
        assert server.failed is not None and "could not isolate itself" in server.failed
        process.stop()
    finally:
        forked.stop()
        server.close()
