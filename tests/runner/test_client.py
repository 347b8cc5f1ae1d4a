"""Calling learner code: the isolated runner survives everything a learner module can do.

Submissions are written to ``tmp_path``. The honest cases run against both the isolated
runner and the in-process one, which must agree.
"""

from __future__ import annotations

import os
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest

from grader.authoring.testing import Feedback, assert_array_matches, call_unmodified
from grader.runner.client import MAX_CRASHES, InProcessLearner, IsolatedLearner, Learner
from grader.runner.errors import (
    FunctionMissing,
    LearnerCrashed,
    LearnerFault,
    LearnerImportFailed,
    LearnerRaised,
    LearnerTimeout,
    NotImplementedYet,
    UngradableValue,
)
from grader.runner.forkserver import ForkServer
from grader.runner.limits import Limits
from grader.runner.policy import ModuleState
from grader.runner.sandbox import Sandbox, detect_level
from grader.runner.shared import shared_array
from tests.runner.processes import gone as _gone
from tests.runner.processes import running as _running
from tests.runner.processes import stat as _stat

MODULE = '''
import os
import signal
import subprocess
import sys

import numpy as np

NOT_A_FUNCTION = 5


def double(x):
    return x * 2


def mixed(x, *, scale=1):
    return (x.sum() * scale, [x.T.copy(), {"shape": x.shape, "n": int(x.size)}], 2**70, float("nan"))


def todo(x):
    raise NotImplementedError("todo: write your code here")


def value_error(x):
    raise ValueError(f"bad shape {x.shape}")


def loop(x):
    while True:
        pass


def exit_os(x):
    os._exit(3)


def exit_sys(x):
    sys.exit(4)


def kill_self(x):
    os.kill(os.getpid(), signal.SIGKILL)
    # PID 1 of a PID namespace (the namespaces sandbox) ignores its own SIGKILL: fault for real
    import ctypes
    ctypes.string_at(0)


def interrupt(x):
    raise KeyboardInterrupt


def fake_output(x):
    print('{"status": "ok", "value": 42}')
    sys.stdout.write("\\x08\\x00\\x00\\x00\\x00\\x00\\x00\\x00{\\"value\\": 1}")
    sys.stdout.flush()
    os.write(1, b"\\x10\\x00\\x00\\x00\\x00\\x00\\x00\\x00" + b'{"value": 7, "sizes": []}')
    return x + 1


def mutate(x):
    x[0] = 99
    return x.sum()


def fill(x, *, out):
    out[...] = 1
    return x.copy()


def rewrite_same(x):
    x[...] = np.where(np.isnan(x), np.float64("nan") * -1, x + 0.0)  # NaN with another sign bit, -0.0 + 0.0 = 0.0
    return x.shape


def ungradable(x):
    return object()


def bigmem(x):
    block = np.ones(10 * 1024**3 // 8)
    return float(block.sum())


def spawn(duration):
    subprocess.Popen(["sleep", duration])
    return duration


def read(path):
    with open(path, "rb") as fh:
        return np.frombuffer(fh.read(), dtype=np.uint8)


def scribble(x):
    with open("learner_mod.py", "w") as fh:
        fh.write("broken")
    return os.getcwd()


def environment(key):
    return os.environ.get(key, "")


def dot_cheat(x, y):
    return np.dot(x, y)


def corrupt_shared(x):
    import mmap
    done = 0
    with open("/proc/self/maps") as maps:
        spans = [line.split()[0] for line in maps if "dlgrade-shared" in line]
    for span in spans:
        try:
            fd = os.open(f"/proc/self/map_files/{span}", os.O_RDWR)
        except OSError:
            continue
        for attempt in (lambda: os.pwrite(fd, b"\\xff" * 8, 0),
                        lambda: mmap.mmap(fd, 0, flags=mmap.MAP_SHARED, prot=mmap.PROT_READ | mmap.PROT_WRITE)):
            try:
                attempt()
                done += 1
            except OSError:
                pass
        os.close(fd)
    x[...] = -1
    return done
'''

PATCHER = '''
import numpy as np

np.allclose = lambda *a, **k: True
np.isclose = lambda a, b, *r, **k: np.ones(np.broadcast(a, b).shape, dtype=bool)
np.array_equal = lambda *a, **k: True
np.testing.assert_allclose = lambda *a, **k: None
np.testing.assert_array_equal = lambda *a, **k: None


def double(x):
    return x * 3
'''


def _write(folder: Path, name: str, source: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.py").write_text(textwrap.dedent(source), encoding="utf-8")
    return folder


@pytest.fixture
def submission(tmp_path: Path) -> Path:
    """Write a folder holding learner_mod.py, a module that misbehaves in every way."""
    return _write(tmp_path / "sub", "learner_mod", MODULE)


@pytest.fixture(scope="module")
def shared_submission(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Write the same submission once per module, for the runners shared by the honest cases."""
    return _write(tmp_path_factory.mktemp("shared") / "sub", "learner_mod", MODULE)


Warm = Callable[[Limits], "ForkServer | None"]


@pytest.fixture(params=["scratch", "warm"])
def warm(request: pytest.FixtureRequest) -> Iterator[Warm]:
    """How isolated learners start: from scratch (``None``) or forked from a warm runner of the given limits.

    Every promise of the isolated runner must hold either way; the warm runner must not have failed over.
    """
    servers: list[ForkServer] = []

    def server(limits: Limits) -> ForkServer | None:
        if request.param == "scratch":
            return None
        servers.append(ForkServer(limits))
        return servers[-1]

    yield server
    for each in servers:
        assert each.failed is None, each.failed
        each.close()


@pytest.fixture
def isolated(submission: Path, warm: Warm) -> Iterator[IsolatedLearner]:
    """Start an isolated learner over the submission with a 1 s timeout and a 1 GiB memory cap."""
    limits = Limits(memory_bytes=1024**3)
    handle = IsolatedLearner(submission, "learner_mod", timeout=1, limits=limits, forkserver=warm(limits))
    yield handle
    handle.close()


@pytest.fixture(params=["isolated", "warm", "inprocess"], scope="module")
def either(request: pytest.FixtureRequest, shared_submission: Path) -> Iterator[Learner]:
    """Load the submission with each kind of learner (the honest cases must not depend on it)."""
    handle: Learner
    server = ForkServer(Limits()) if request.param == "warm" else None
    if request.param in ("isolated", "warm"):
        handle = IsolatedLearner(shared_submission, "learner_mod", timeout=5, forkserver=server)
    else:
        handle = InProcessLearner(shared_submission, "learner_mod")
    yield handle
    handle.close()
    if server is not None:
        assert server.failed is None, server.failed
        server.close()


def _x() -> np.ndarray:
    return np.random.default_rng(7).standard_normal((3, 4)).astype(np.float32)


def _with_argument(argument: str) -> list[int]:
    """Pids (as this process sees them) of running processes with ``argument`` on their command line."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                argv = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if argument.encode() in argv and _running(int(entry.name)):
                found.append(int(entry.name))
    return found


# --- values and statuses, both runners -----------------------------------------------------


def test_values_round_trip(either: Learner) -> None:
    """An array result comes back equal, same dtype; mixed containers keep types and big ints."""
    x = _x()
    got = either.call("double", x)
    np.testing.assert_array_equal(got, x * 2, strict=True)
    total, (transposed, info), big, nan = either.call("mixed", x, scale=2)
    assert type(total) is np.float32
    np.testing.assert_allclose(total, x.sum() * 2, rtol=1e-6)
    np.testing.assert_array_equal(transposed, x.T, strict=True)
    assert info == {"shape": (3, 4), "n": 12}
    assert big == 2**70 and type(big) is int
    assert np.isnan(nan)


def test_isolated_and_inprocess_agree(submission: Path, warm: Warm) -> None:
    """The same call gives bit-identical values in both runners."""
    x = _x()
    iso = IsolatedLearner(submission, "learner_mod", timeout=5, forkserver=warm(Limits()))
    try:
        a = iso.run("double", (x,))
        b = InProcessLearner(submission, "learner_mod").run("double", (x,))
    finally:
        iso.close()
    assert a.value.tobytes() == b.value.tobytes() and a.value.dtype == b.value.dtype
    assert (a.mutated, a.elements) == (b.mutated, b.elements) == ((), 12)


def test_not_implemented_becomes_not_implemented_yet(either: Learner) -> None:
    """A function still raising NotImplementedError raises NotImplementedYet (status not_implemented)."""
    with pytest.raises(NotImplementedYet, match=r"learner_mod\.todo") as info:
        either.call("todo", _x())
    assert info.value.status == "not_implemented"


def test_learner_exception_is_reported_with_type_mro_message_and_place(either: Learner) -> None:
    """A raised ValueError arrives as LearnerRaised with its type, MRO, message and file:line."""
    with pytest.raises(LearnerRaised) as info:
        either.call("value_error", _x())
    raised = info.value
    assert raised.type_name == "ValueError"
    assert raised.is_a("ValueError") and raised.is_a("Exception") and not raised.is_a("TypeError")
    assert raised.detail == "bad shape (3, 4)"
    assert raised.where.startswith("learner_mod.py:")
    assert raised.status == "error"


@pytest.mark.parametrize("name", ["no_such_function", "NOT_A_FUNCTION"])
def test_missing_or_non_callable_function_is_function_missing(either: Learner, name: str) -> None:
    """Calling a name the module lacks, or that is not callable, raises FunctionMissing naming it."""
    with pytest.raises(FunctionMissing, match=name):
        either.call(name, _x())


def test_mutated_inputs_are_reported_and_the_callers_array_is_untouched(either: Learner) -> None:
    """Writes into a positional or keyword input show in CallRecord.mutated; the caller's arrays never change."""
    x = _x()
    keep = x.copy()
    record = either.run("mutate", (x,))
    assert record.mutated == ("0",)
    np.testing.assert_array_equal(x, keep)
    out = np.zeros(3)
    record = either.run("fill", (x,), {"out": out})
    assert record.mutated == ("out",)
    np.testing.assert_array_equal(out, np.zeros(3))
    assert either.run("double", (x,)).mutated == ()


def test_writing_the_same_values_back_is_no_mutation(either: Learner) -> None:
    """An input whose bytes changed but whose values did not (NaNs in the same places, -0.0 as 0.0) is not "mutated"."""
    x = np.array([1.5, np.nan, -0.0, 2.0])
    assert either.run("rewrite_same", (x,)).mutated == ()
    assert either.run("mutate", (x,)).mutated == ("0",)


@pytest.mark.parametrize("level", ["namespaces", "rlimits"])
def test_shared_arrays_reach_the_learner_and_cannot_be_changed_for_the_next(
    submission: Path, warm: Warm, level: str
) -> None:
    """A shared-memory array arrives intact; learner writes reach neither the grader's array nor the next call.

    The learner looks for the block in its own memory map, opens it and tries to write it or map it
    writable: at ``rlimits`` (root, every capability) it can open the block, and the seals refuse it.
    """
    if level == "namespaces" and detect_level() != "namespaces":
        pytest.skip("namespaces isolation is not available here")
    limits = Limits(memory_bytes=1024**3)
    learner = IsolatedLearner(submission, "learner_mod", timeout=5, limits=limits, forkserver=warm(limits),
                              sandbox=Sandbox(level, ()))
    x = shared_array((300, 1000), np.float64)  # 2.4 MB
    x[...] = np.arange(300_000, dtype=np.float64).reshape(300, 1000)
    keep = x.copy()
    try:
        record = learner.run("corrupt_shared", (x,))
        assert record.value == 0
        assert record.mutated == ("0",)  # it wrote -1 into its own (copy-on-write) array
        np.testing.assert_array_equal(x, keep)
        np.testing.assert_array_equal(learner.call("double", x), keep * 2)
        np.testing.assert_array_equal(learner.call("double", x[100:200]), keep[100:200] * 2)
    finally:
        learner.close()


def test_a_change_to_a_large_input_is_reported_too(either: Learner) -> None:
    """Inputs of 1 MiB and more are checked by checksum, not a copy: a changed row still shows, no change does not."""
    big = np.arange(300_000, dtype=np.float64).reshape(600, 500)  # 2.4 MB
    assert either.run("mutate", (big,)).mutated == ("0",)
    assert either.run("double", (big,)).mutated == ()


def test_readonly_inputs_make_writes_raise(either: Learner) -> None:
    """With readonly=True a write into an input raises ValueError (read-only) and call_unmodified fails."""
    with pytest.raises(LearnerRaised, match="read-only") as info:
        either.run("mutate", (_x(),), readonly=True)
    assert info.value.is_a("ValueError")
    with pytest.raises(Feedback, match="modified its input") as fb:
        call_unmodified(either, "mutate", _x())
    assert "修改了输入参数" in fb.value.texts["zh"]
    np.testing.assert_array_equal(call_unmodified(either, "double", _x()), _x() * 2)


def test_arbitrary_object_is_ungradable(either: Learner) -> None:
    """Returning an arbitrary object raises UngradableValue naming the function and the type."""
    with pytest.raises(UngradableValue, match=r"ungradable\(\).*object"):
        either.call("ungradable", _x())


def test_put_file_is_readable_by_learner_code(either: Learner) -> None:
    """A file handed over with put_file can be opened by learner code through the returned path."""
    payload = bytes(range(256)) * 3
    path = either.put_file("../../escape/data.bin", payload)
    got = either.call("read", path)
    assert got.tobytes() == payload
    assert "escape" not in path


def test_watch_reports_the_same_operations_in_both_runners(either: Learner) -> None:
    """watch=True records np.dot in the learner's code and counts lines, whichever runner."""
    x, y = _x(), np.ones((4, 2), dtype=np.float32)
    record = either.run("dot_cheat", (x, y), watch=True)
    assert record.operations == ("np.dot",)
    assert record.lines >= 1
    np.testing.assert_allclose(record.value, x @ y, rtol=1e-6)
    assert type(record.value) is np.ndarray
    assert either.run("dot_cheat", (x, y)).operations == ()


# --- what only the isolated runner survives ------------------------------------------


def test_infinite_loop_times_out_and_is_not_run_again(isolated: IsolatedLearner) -> None:
    """An infinite loop is stopped after the 1 s timeout; its next call fails at once; other functions work."""
    start = time.monotonic()
    with pytest.raises(LearnerTimeout) as info:
        isolated.call("loop", _x())
    assert 0.9 <= time.monotonic() - start < 5
    assert info.value.status == "timeout"
    start = time.monotonic()
    with pytest.raises(LearnerTimeout, match="not run again"):
        isolated.call("loop", _x())
    assert time.monotonic() - start < 0.5
    np.testing.assert_array_equal(isolated.call("double", _x()), _x() * 2)


def test_per_call_timeout_overrides_the_default(submission: Path, warm: Warm) -> None:
    """run(timeout=0.5) stops a runaway call after about half a second even with a 30 s default."""
    handle = IsolatedLearner(submission, "learner_mod", timeout=30, forkserver=warm(Limits()))
    try:
        handle.call("double", _x())  # process started: the timeout below is the call's alone
        start = time.monotonic()
        with pytest.raises(LearnerTimeout):
            handle.run("loop", (_x(),), timeout=0.5)
        assert time.monotonic() - start < 3
    finally:
        handle.close()


@pytest.mark.parametrize(
    ("function", "error", "words"),
    [
        ("exit_os", LearnerCrashed, ("exited with status 3",)),
        ("kill_self", LearnerCrashed, ("killed by SIG",)),
        ("exit_sys", LearnerRaised, ("SystemExit", "4")),
        ("interrupt", LearnerRaised, ("KeyboardInterrupt",)),
    ],
)
def test_process_exits_and_signals_are_clear_errors_and_others_still_work(
    isolated: IsolatedLearner, function: str, error: type[LearnerFault], words: tuple[str, ...]
) -> None:
    """os._exit, SIGKILL, sys.exit and KeyboardInterrupt give a clear error; the next function call works."""
    with pytest.raises(error) as info:
        isolated.call(function, _x())
    for word in words:
        assert word in str(info.value)
    assert info.value.status == "error"
    np.testing.assert_array_equal(isolated.call("double", _x()), _x() * 2)


def test_function_crashing_repeatedly_is_given_up(isolated: IsolatedLearner) -> None:
    """After MAX_CRASHES crashes a function fails at once with a message saying so; others still work."""
    for _ in range(MAX_CRASHES):
        with pytest.raises(LearnerCrashed, match="status 3"):
            isolated.call("exit_os", _x())
    start = time.monotonic()
    with pytest.raises(LearnerCrashed, match=f"crashed {MAX_CRASHES} times"):
        isolated.call("exit_os", _x())
    assert time.monotonic() - start < 0.5
    np.testing.assert_array_equal(isolated.call("double", _x()), _x() * 2)


@pytest.mark.parametrize(("function", "error"), [("loop", LearnerTimeout), ("exit_os", LearnerCrashed)])
def test_a_restart_after_a_timeout_or_crash_uses_a_fresh_process(
    isolated: IsolatedLearner, function: str, error: type[LearnerFault]
) -> None:
    """A call that times out or crashes leaves no learner process running; the next call gets a new one."""
    isolated.call("double", _x())
    first = isolated.pid
    assert first
    with pytest.raises(error):
        isolated.call(function, _x())
    assert isolated.pid == 0
    assert _gone(first)
    np.testing.assert_array_equal(isolated.call("double", _x()), _x() * 2)
    assert isolated.pid not in (0, first) and _running(isolated.pid)
    assert isolated.state is ModuleState.OPEN


def test_a_spent_time_budget_fails_every_later_call_at_once(submission: Path, warm: Warm) -> None:
    """A call is stopped where the module's time budget runs out; after it, every call fails at once, saying so."""
    handle = IsolatedLearner(submission, "learner_mod", timeout=30, budget=1.5, forkserver=warm(Limits()))
    try:
        began = time.monotonic()
        with pytest.raises(LearnerTimeout, match=r"stopped after 1\.5 s"):
            handle.call("loop", _x())
        assert time.monotonic() - began < 5
        assert handle.state is ModuleState.SPENT
        began = time.monotonic()
        with pytest.raises(LearnerTimeout, match=r"learner_mod\.py used up its 1\.5 s time budget; not run"):
            handle.call("double", _x())
        assert time.monotonic() - began < 0.5
        assert handle.pid == 0
    finally:
        handle.close()


def test_memory_blow_up_is_an_error_not_a_hang(isolated: IsolatedLearner) -> None:
    """Allocating 10 GB under a 1 GiB cap raises MemoryError (or kills the process) quickly; others still work."""
    start = time.monotonic()
    with pytest.raises((LearnerRaised, LearnerCrashed)) as info:
        isolated.call("bigmem", _x())
    assert time.monotonic() - start < 5
    assert "MemoryError" in str(info.value) or "memory" in str(info.value)
    np.testing.assert_array_equal(isolated.call("double", _x()), _x() * 2)


def test_fake_protocol_output_on_stdout_changes_nothing(isolated: IsolatedLearner) -> None:
    """Printing protocol-looking text and raw frames to stdout does not alter the result; it is captured."""
    x = _x()
    got = isolated.call("fake_output", x)
    np.testing.assert_array_equal(got, x + 1, strict=True)
    assert '{"status": "ok", "value": 42}' in isolated.output()
    np.testing.assert_array_equal(isolated.call("double", x), x * 2)


def test_learner_monkeypatching_numpy_cannot_reach_the_trusted_process(tmp_path: Path, warm: Warm) -> None:
    """A module that replaces np.allclose & co. at import leaves the trusted comparisons intact."""
    folder = _write(tmp_path / "patch", "patcher", PATCHER)
    handle = IsolatedLearner(folder, "patcher", timeout=5, forkserver=warm(Limits()))
    try:
        x = _x()
        got = handle.call("double", x)
    finally:
        handle.close()
    assert not np.allclose(got, x * 2)
    assert not np.array_equal(got, x * 2)
    with pytest.raises(AssertionError):
        np.testing.assert_allclose(got, x * 2)
    with pytest.raises(Feedback, match="values differ"):
        assert_array_matches(got, x * 2, rtol=1e-6, atol=0)


def test_learner_process_and_its_children_are_gone_after_close(submission: Path, warm: Warm) -> None:
    """A `sleep 100` started by learner code dies with the learner process when the runner is closed."""
    handle = IsolatedLearner(submission, "learner_mod", timeout=5, forkserver=warm(Limits()))
    duration = f"100.{os.getpid()}{time.monotonic_ns() % 10**6}"  # a command line no other process has
    assert handle.call("spawn", duration) == duration
    deadline = time.monotonic() + 5
    while not (sleepers := _with_argument(duration)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(sleepers) == 1
    state = _stat(sleepers[0])
    assert state is not None
    learner_pid = state[1]  # the learner process, as this process sees it
    assert learner_pid not in (0, 1, os.getpid()) and _running(learner_pid)
    handle.close()
    assert _gone(sleepers[0])
    assert _gone(learner_pid)


def test_learner_seconds_count_the_learners_own_time(tmp_path: Path, warm: Warm) -> None:
    """learner_seconds adds up how long the learner's functions ran (measured in the learner process).

    A call that sleeps 0.3 s counts about 0.3 s, a quick one next to nothing; the process start and the IPC do
    not count, and a call that times out adds nothing (it never answered).
    """
    folder = _write(tmp_path / "slow", "slow", "import time\n\n\ndef nap(s):\n    time.sleep(s)\n    return s\n")
    handle = IsolatedLearner(folder, "slow", timeout=1, forkserver=warm(Limits()))
    try:
        handle.call("nap", 0.0)
        assert 0 <= handle.learner_seconds < 0.2  # next to nothing (room for a busy machine)
        handle.call("nap", 0.3)
        assert 0.3 <= handle.learner_seconds < 0.8
        with pytest.raises(LearnerTimeout):
            handle.call("nap", 5.0)
        assert handle.learner_seconds < 0.8
    finally:
        handle.close()


def test_symbolic_links_in_a_submission_are_not_followed(tmp_path: Path, warm: Warm) -> None:
    """A submitted link to a file of the grader's (the solutions, say) is not copied into the scratch folder.

    The scratch copy is made by the grading process, which can read the solutions; copying the link's target would
    hand them to learner code at every isolation level. A module that is itself such a link is not found.
    """
    secret = Path(__file__).resolve().parents[2] / "solutions" / "tensor_ops.py"
    folder = _write(tmp_path / "sub", "learner_mod", MODULE)
    (folder / "answers.txt").symlink_to(secret)
    (folder / "tensor_ops.py").symlink_to(secret)
    handle = IsolatedLearner(folder, "learner_mod", timeout=5, forkserver=warm(Limits()))
    linked = IsolatedLearner(folder, "tensor_ops", timeout=5, forkserver=warm(Limits()))
    try:
        with pytest.raises(LearnerRaised, match="FileNotFoundError"):
            handle.call("read", "answers.txt")
        with pytest.raises(LearnerImportFailed, match=r"tensor_ops\.py was not found"):
            linked.call("naive_relu", np.zeros((2, 2)))
    finally:
        handle.close()
        linked.close()


def test_learner_works_on_a_scratch_copy_with_a_clean_environment(
    isolated: IsolatedLearner, submission: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Learner code runs in a scratch copy (its writes do not reach the submission) without the grader's env."""
    original = (submission / "learner_mod.py").read_text()
    monkeypatch.setenv("DLGRADE_TEST_SECRET", "do-not-leak")
    cwd = isolated.call("scribble", _x())
    assert Path(cwd).resolve() != submission.resolve()
    assert (submission / "learner_mod.py").read_text() == original
    assert isolated.call("environment", "DLGRADE_TEST_SECRET") == ""
    assert isolated.call("environment", "OMP_NUM_THREADS") == "1"


# --- import failures -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "words"),
    [
        ("import numpy as np\n\n\ndef f(x):\n    return x +\n", ("broken.py:5", "SyntaxError")),
        ("import numpy as np\n\nX = 1\nraise RuntimeError('boom at import')\n",
         ("broken.py:4", "RuntimeError", "boom")),
        ("import sys\n\nsys.exit(2)\n", ("broken.py:3", "SystemExit")),
    ],
    ids=["syntax-error", "import-time-exception", "import-time-exit"],
)
def test_import_failure_names_file_and_line(tmp_path: Path, source: str, words: tuple[str, ...], warm: Warm) -> None:
    """A module that cannot be imported raises LearnerImportFailed naming file:line, on every later call too."""
    folder = _write(tmp_path / "bad", "broken", source)
    handle = IsolatedLearner(folder, "broken", timeout=5, forkserver=warm(Limits()))
    try:
        for _ in range(2):
            with pytest.raises(LearnerImportFailed) as info:
                handle.call("f", 1)
            for word in words:
                assert word in str(info.value)
            assert handle.state is ModuleState.IMPORT_FAILED
    finally:
        handle.close()


def test_inprocess_import_failure_is_reported_the_same_way(tmp_path: Path) -> None:
    """The in-process runner also turns a syntax error into LearnerImportFailed naming the file and line."""
    folder = _write(tmp_path / "bad", "broken", "def f(x):\n    return x +\n")
    with pytest.raises(LearnerImportFailed, match=r"broken\.py.*line 2"):
        InProcessLearner(folder, "broken").call("f", 1)


def test_inprocess_import_time_exit_is_an_import_failure(tmp_path: Path) -> None:
    """sys.exit() at import time is the learner's import failure in-process too, not a SystemExit of the checks."""
    folder = _write(tmp_path / "bad", "exits", "import sys\n\nsys.exit(2)\n")
    handle = InProcessLearner(folder, "exits")
    for _ in range(2):
        with pytest.raises(LearnerImportFailed, match="SystemExit"):
            handle.call("f", 1)


@pytest.mark.parametrize("kind", ["isolated", "inprocess"])
def test_missing_module_file_is_an_import_failure(tmp_path: Path, kind: str) -> None:
    """A submission folder without the module raises LearnerImportFailed saying it was not found."""
    (tmp_path / "empty").mkdir()
    handle: Learner = (
        IsolatedLearner(tmp_path / "empty", "tensor_ops") if kind == "isolated"
        else InProcessLearner(tmp_path / "empty", "tensor_ops")
    )
    try:
        with pytest.raises(LearnerImportFailed, match=r"tensor_ops\.py was not found"):
            handle.call("naive_relu", np.zeros((2, 2)))
    finally:
        handle.close()


def test_close_is_idempotent_and_removes_the_scratch_copy(submission: Path, warm: Warm) -> None:
    """close() twice is harmless; the scratch folder is deleted and the learner can be started again."""
    handle = IsolatedLearner(submission, "learner_mod", timeout=5, forkserver=warm(Limits()))
    cwd = Path(handle.call("scribble", _x()))
    assert cwd.is_dir()
    handle.close()
    handle.close()
    assert not cwd.exists()
    np.testing.assert_array_equal(handle.call("double", _x()), _x() * 2)
    handle.close()


PRESTARTED = """
import pathlib
import subprocess
import time

IMPORTED = time.monotonic()
if "{sleeper}":
    subprocess.Popen(["sleep", "{sleeper}"])
pathlib.Path("imported").write_text("yes")  # in the scratch copy, the learner's working folder


def imported():
    return IMPORTED
"""


def test_prestart_imports_the_module_before_the_first_call(tmp_path: Path, warm: Warm) -> None:
    """prestart() starts the process and its import at once; the first call then uses that process."""
    folder = _write(tmp_path / "sub", "ahead", PRESTARTED.format(sleeper=""))
    handle = IsolatedLearner(folder, "ahead", timeout=5, forkserver=warm(Limits()))
    try:
        began = time.monotonic()
        handle.prestart()
        handle.prestart()  # started already: nothing more
        assert handle.scratch is not None
        deadline = time.monotonic() + 30
        while not (handle.scratch / "imported").exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        called = time.monotonic()
        imported = handle.call("imported")
        assert began <= imported < called  # imported before the first call, by the prestarted process
        assert handle.call("imported") == imported  # the same process, started once
    finally:
        handle.close()


@pytest.mark.parametrize(
    ("source", "expected"),
    [("x = 1 +\n", (LearnerImportFailed, ("ahead.py:1", "SyntaxError"))),
     ("while True:\n    pass\n", (LearnerTimeout, ("importing ahead.py took more than",)))],
    ids=["syntax-error", "endless-import"],
)
def test_a_prestarted_learner_that_cannot_start_fails_its_first_call(
        tmp_path: Path, warm: Warm, monkeypatch: pytest.MonkeyPatch, source: str,
        expected: tuple[type[Exception], tuple[str, ...]]) -> None:
    """What goes wrong while a prestarted learner imports is reported by its first call, as without prestart.

    The import's time limit (shortened to 1 s here) counts from the prestart; a call made after it has passed
    still reads what the learner answered (a syntax error), or waits at least 1 s for it.
    """
    monkeypatch.setattr("grader.runner.client.START_TIMEOUT", 1.0)
    error, words = expected
    folder = _write(tmp_path / "sub", "ahead", source)
    handle = IsolatedLearner(folder, "ahead", timeout=5, forkserver=warm(Limits()))
    try:
        handle.prestart()
        time.sleep(1.2)  # the import's time limit has passed: the first call still gets its answer, or a timeout
        with pytest.raises(error) as info:
            handle.call("f")
        assert all(word in str(info.value) for word in words), info.value
    finally:
        handle.close()


def test_closing_a_prestarted_learner_stops_it_and_its_children(tmp_path: Path, warm: Warm) -> None:
    """A learner started ahead but never called (its checks did not run) leaves no process and no scratch copy."""
    duration = f"100.{os.getpid()}{time.monotonic_ns() % 10**6}"  # a command line no other process has
    folder = _write(tmp_path / "sub", "ahead", PRESTARTED.format(sleeper=duration))
    handle = IsolatedLearner(folder, "ahead", timeout=5, forkserver=warm(Limits()))
    handle.prestart()
    deadline = time.monotonic() + 5
    while not (sleepers := _with_argument(duration)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(sleepers) == 1
    scratch = handle.scratch
    assert scratch is not None and scratch.is_dir()
    handle.close()
    assert _gone(sleepers[0])
    assert not scratch.exists()
