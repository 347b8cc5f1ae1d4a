"""The warm runner: learners forked from it, and fresh starts whenever it cannot serve.

Its sandbox promises are checked with the fresh ones in test_sandbox.py and test_client.py (both parametrised
over how the learner starts); here: its life cycle and its failures.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

import numpy as np
import pytest

from grader.runner.client import IsolatedLearner
from grader.runner.errors import LearnerCrashed
from grader.runner.forkserver import ForkServer, ForkServerError
from grader.runner.limits import Limits
from grader.runner.sandbox import Sandbox
from tests.runner.processes import gone as _gone
from tests.runner.processes import running as _running

MODULE = '''
import os
import subprocess


def double(x):
    return x * 2


def frozen():
    import gc
    return gc.get_freeze_count()


def pids(duration):
    """Start a `sleep`; the pid of this process and of the sleep (as this process sees them)."""
    child = subprocess.Popen(["sleep", duration])
    return [os.getpid(), child.pid]
'''


@pytest.fixture
def submission(tmp_path: Path) -> Path:
    """A folder holding warm_mod.py."""
    folder = tmp_path / "sub"
    folder.mkdir()
    (folder / "warm_mod.py").write_text(MODULE, encoding="utf-8")
    return folder


def _expect_fresh_start(learner: IsolatedLearner, server: ForkServer) -> None:
    """The learner answers, started from scratch instead of forked; then learner and runner are closed."""
    try:
        assert learner.call("double", 21) == 42
        assert learner.pid and not learner.warm
    finally:
        learner.close()
        server.close()


def test_learners_are_forked_from_the_warm_runner(submission: Path) -> None:
    """A learner started with a forkserver is the runner's child (not a new interpreter) and answers calls."""
    server = ForkServer(Limits())
    learner = IsolatedLearner(submission, "warm_mod", sandbox=Sandbox("rlimits"), forkserver=server)
    try:
        np.testing.assert_array_equal(learner.call("double", np.arange(3)), [0, 2, 4])
        pid = learner.pid
        assert pid and learner.warm and server._proc is not None
        parent = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
        assert parent == server._proc.pid
    finally:
        learner.close()
        server.close()
    assert server.failed is None


def test_forked_learners_find_the_runners_objects_frozen(submission: Path) -> None:
    """The warm runner freezes what it imported before forking (gc.freeze): a learner's collections skip those objects.

    A collection that walked them would write to every page holding one, copying the pages the
    learner shares with the runner (copy-on-write) for nothing.
    """
    server = ForkServer(Limits())
    learner = IsolatedLearner(submission, "warm_mod", sandbox=Sandbox("rlimits"), forkserver=server)
    try:
        assert learner.call("frozen") > 10_000  # NumPy's import alone leaves tens of thousands of objects
        assert learner.warm
    finally:
        learner.close()
        server.close()


def test_learners_die_with_the_warm_runner(submission: Path) -> None:
    """Closing the runner (as a session does at its end, or when it dies) ends its learners and what they started."""
    server = ForkServer(Limits())
    learner = IsolatedLearner(submission, "warm_mod", sandbox=Sandbox("rlimits"), forkserver=server)
    try:
        mine, sleeper = learner.call("pids", "100")
        assert _running(mine) and _running(sleeper)
        server.close()
        assert _gone(mine)
    finally:
        learner.close()
        if _running(sleeper):  # at 'rlimits' nothing kills what a learner started but its process group
            os.kill(sleeper, signal.SIGKILL)
    assert not _running(mine)


def test_a_dead_warm_runner_means_fresh_starts(submission: Path) -> None:
    """If the runner dies, the next learner starts from scratch and works; the runner says why it is not used."""
    server = ForkServer(Limits())
    try:
        first = IsolatedLearner(submission, "warm_mod", sandbox=Sandbox("rlimits"), forkserver=server)
        first.call("double", 1)
        first.close()
        assert server._proc is not None
        os.kill(server._proc.pid, signal.SIGKILL)
        server._proc.wait()
        second = IsolatedLearner(submission, "warm_mod", sandbox=Sandbox("rlimits"), forkserver=server)
        try:
            assert second.call("double", 21) == 42
            assert second.pid and not second.warm  # started from scratch
        finally:
            second.close()
    finally:
        server.close()
    assert server.failed is not None and "warm runner" in server.failed
    with pytest.raises(ForkServerError):
        server.spawn({}, (0, 1, 2))


def test_a_learner_that_cannot_isolate_itself_is_started_fresh(submission: Path) -> None:
    """A forked learner whose set-up fails (here: its pids cgroup is missing) answers so instead of running.

    The learner is then started from scratch, and the runner is not used again.
    """
    server = ForkServer(Limits())
    sandbox = Sandbox("rlimits")
    sandbox._cgroup = Path("/nonexistent/dlgrade-cgroup")
    _expect_fresh_start(IsolatedLearner(submission, "warm_mod", sandbox=sandbox, forkserver=server), server)
    assert server.failed is not None
    assert "could not isolate itself" in server.failed and "cgroup" in server.failed


def test_a_runner_of_other_limits_is_not_used(submission: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A learner whose limits differ from the runner's (its thread variables were set at import) starts fresh.

    The runner is not even started for it.
    """
    server = ForkServer(Limits(threads=2))
    launched: list[ForkServer] = []
    monkeypatch.setattr(ForkServer, "launch", launched.append)
    _expect_fresh_start(IsolatedLearner(submission, "warm_mod", sandbox=Sandbox("rlimits"), forkserver=server), server)
    assert launched == []


def test_a_forked_learner_that_dies_before_starting_is_started_fresh(
    submission: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A forked learner that dies before it is ready (here: a request the runner cannot read) gets a fresh start.

    The fresh one starts, so the runner was at fault: it is not used again.
    """
    server = ForkServer(Limits())
    monkeypatch.setattr(Sandbox, "warm_request", lambda self: {"level": "rlimits", "env": None})
    _expect_fresh_start(IsolatedLearner(submission, "warm_mod", sandbox=Sandbox("rlimits"), forkserver=server), server)
    assert server.failed is not None and "did not start where a fresh one did" in server.failed


def test_a_submission_that_dies_at_import_does_not_disable_the_runner(tmp_path: Path) -> None:
    """A module that calls os._exit at import fails as before (started fresh too, it dies the same way).

    The runner is still used for the next learner: one hostile submission does not slow the others down.
    """
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "warm_mod.py").write_text("import os\n\nos._exit(3)\n", encoding="utf-8")
    server = ForkServer(Limits())
    hostile = IsolatedLearner(folder, "warm_mod", sandbox=Sandbox("rlimits"), forkserver=server)
    try:
        with pytest.raises(LearnerCrashed, match="exited with status 3"):
            hostile.call("double", 1)
        assert server.failed is None
    finally:
        hostile.close()
    (folder / "warm_mod.py").write_text(MODULE, encoding="utf-8")
    honest = IsolatedLearner(folder, "warm_mod", sandbox=Sandbox("rlimits"), forkserver=server)
    try:
        assert honest.call("double", 2) == 4
        assert honest.pid and honest.warm
    finally:
        honest.close()
        server.close()
