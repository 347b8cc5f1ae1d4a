"""Sandbox levels: the strongest possible one is detected, DLGRADE_ISOLATION forces one, each holds its promise.

A probe submission tries to read solutions/, write outside its scratch folder and open a network connection,
at every level this machine allows. Results record the level that ran.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from grader.api import run_session
from grader.runner.client import IsolatedLearner
from grader.runner.forkserver import ForkServer
from grader.runner.inside.jail import allowlist
from grader.runner.limits import Limits
from grader.runner.sandbox import LEVELS, Sandbox, detect_level
from grader.session.plugin import default_hidden

ROOT = Path(__file__).resolve().parents[2]
SECRET = ROOT / "solutions" / "tensor_ops.py"
VAR_TMP = Path("/var/tmp")  # noqa: S108 - only folders of our own are made there, and removed after
LEARNER_WRITABLE = ("/tmp", "/dev/shm")  # noqa: S108 - the learner's private tmpfs mounts
"""Mount points the learner may write at 'namespaces' (and its scratch folder)."""
PROBE = '''
import os
import re
import socket
import stat


def probe(secret, outside, port):
    """What this process can do: read a secret, write outside its folder, connect, write its own folder."""
    found = {}
    try:
        with open(secret) as fh:
            found["read"] = len(fh.read()) > 0
    except OSError:
        found["read"] = False
    found["write"] = []
    for path in outside:
        try:
            with open(path, "w") as fh:
                fh.write("escaped")
            found["write"].append(True)
        except OSError:
            found["write"].append(False)
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
        found["net"] = True
    except OSError:
        found["net"] = False
    try:
        with open("mine.txt", "w") as fh:
            fh.write("scratch")
        found["scratch"] = True
    except OSError:
        found["scratch"] = False
    return found


def system_state():
    """What of the machine's kernel and devices this process could change (nothing is changed but its own cgroup)."""
    found = {}
    try:
        with open("/sys/fs/cgroup/pids/cgroup.procs", "w") as fh:  # leave the pids cgroup (harmless: it dies soon)
            fh.write(str(os.getpid()))
        found["left_pids_cgroup"] = True
    except OSError:
        found["left_pids_cgroup"] = False
    sysctl = ["/proc/sys/kernel/hostname", "/proc/sys/kernel/pid_max", "/proc/sys/vm/overcommit_memory"]
    found["sysctl_writable"] = [p for p in sysctl if os.path.exists(p) and os.access(p, os.W_OK)]
    devices = []
    for name in os.listdir("/dev"):
        path = os.path.join("/dev", name)
        try:
            if stat.S_ISBLK(os.stat(path).st_mode) and os.access(path, os.W_OK):
                devices.append(path)
        except OSError:
            pass
    found["block_devices_writable"] = sorted(devices)
    found["sysrq_writable"] = os.access("/proc/sysrq-trigger", os.W_OK)
    return found


def writable_mounts():
    """The mount points this process can reach and could write to by mount flags, and its working folder."""
    with open("/proc/self/mountinfo") as fh:
        mounts = {f[0]: f for f in (line.split() for line in fh)}
    covered = {f[1] for f in mounts.values() if f[1] in mounts and mounts[f[1]][4] == f[4]}

    def visible(mount_id):
        return mount_id not in covered and attached(mount_id)

    def attached(mount_id):
        parent = mounts[mount_id][1]
        if parent not in mounts:
            return True
        return attached(parent) if mounts[parent][4] == mounts[mount_id][4] else visible(parent)

    unescape = lambda path: re.sub(r"\\\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), path)
    rw = [unescape(f[4]) for i, f in mounts.items() if visible(i) and "rw" in f[5].split(",")]
    return {"rw": sorted(rw), "cwd": os.getcwd()}


def everyday():
    """What ordinary learner code needs: NumPy, /dev/null, /dev/urandom, a temporary folder, /dev/shm, its folder."""
    import tempfile

    import numpy

    with open("/dev/null", "w") as fh:
        fh.write("x")
    with open("/dev/urandom", "rb") as fh:
        random_bytes = len(fh.read(16))
    for folder in (tempfile.gettempdir(), "/dev/shm", "."):
        with tempfile.NamedTemporaryFile("w", dir=folder, prefix="dlgrade-probe-") as fh:
            fh.write("ok")
    return {"numpy": float(numpy.ones(3).sum()), "urandom": random_bytes, "dev": sorted(os.listdir("/dev")),
            "stdout": os.path.realpath("/dev/stdout") == os.path.realpath("/proc/self/fd/1")}


def listing(folders):
    """Each folder's entries, or the name of the error listing it raised."""
    found = {}
    for folder in folders:
        try:
            found[folder] = sorted(os.listdir(folder))
        except OSError as exc:
            found[folder] = type(exc).__name__
    return found


def identity():
    """Who this process is: its user and groups inside, and as /proc/self/status says."""
    with open("/proc/self/status") as fh:
        fields = dict(line.split(":", 1) for line in fh if ":" in line)
    return {"uid": os.getuid(), "gid": os.getgid(), "groups": os.getgroups(), "status_uid": fields["Uid"].split()}


def readable(paths):
    """Which of ``paths`` this process can read."""
    found = []
    for path in paths:
        try:
            with open(path) as fh:
                found.append(fh.read() != "")
        except OSError:
            found.append(False)
    return found


def namespaces():
    """The namespaces this process is in."""
    return {kind: os.readlink(f"/proc/self/ns/{kind}") for kind in ("mnt", "net", "pid", "ipc", "uts")}


def privileges():
    """Capability sets and no_new_privs of this process, from /proc/self/status."""
    with open("/proc/self/status") as fh:
        fields = dict(line.split(":", 1) for line in fh if ":" in line)
    return {k: fields[k].strip() for k in ("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb", "NoNewPrivs")}


def descriptors():
    """The file descriptors open in this process (the listing's own excluded)."""
    return sorted(int(fd) for fd in os.listdir("/proc/self/fd") if os.path.exists(f"/proc/self/fd/{fd}"))


def start_state():
    """What a learner process starts with: its environment, working folder and a draw of NumPy's global RNG."""
    import numpy

    return {"env": dict(os.environ), "cwd": os.getcwd(), "draw": float(numpy.random.random())}


def unix_connect(path):
    """Whether this process can connect to the unix socket at path (True) or why not."""
    try:
        client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        client.settimeout(2)
        client.connect(path)
        client.close()
        return True
    except OSError as exc:
        return type(exc).__name__
'''


def _possible(level: str, monkeypatch: pytest.MonkeyPatch) -> str | None:
    """None if ``level`` can run here, else why not (from detect_level itself)."""
    monkeypatch.setenv("DLGRADE_ISOLATION", level)
    try:
        assert detect_level() == level
    except RuntimeError as exc:
        return str(exc)
    finally:
        monkeypatch.delenv("DLGRADE_ISOLATION")
    return None


def _skip_unless_possible(level: str, monkeypatch: pytest.MonkeyPatch) -> None:
    why = _possible(level, monkeypatch)
    if why is not None:
        pytest.skip(why)


def _sandbox(level: str) -> Sandbox:
    """The sandbox a grading session builds (see grader.session.plugin): the default hidden folders, at ``level``."""
    return Sandbox(level, tuple(p.resolve() for p in default_hidden()))


class _Listener:
    """A TCP server on 127.0.0.1 counting connections."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = int(self.sock.getsockname()[1])
        self.connections = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            conn.close()
            self.connections += 1

    def close(self) -> None:
        self.stop.set()
        self.thread.join()
        self.sock.close()


Starter = Callable[[Path, Sandbox], IsolatedLearner]


@pytest.fixture(params=["scratch", "warm"])
def start(request: pytest.FixtureRequest) -> Iterator[Starter]:
    """How the learner process starts: from scratch (a new interpreter) or forked from a warm runner.

    Every promise of a level must hold either way (the warm runner's learner builds its sandbox itself).
    """
    server = ForkServer(Limits()) if request.param == "warm" else None

    def starter(submission: Path, sandbox: Sandbox) -> IsolatedLearner:
        return IsolatedLearner(submission, "probe", sandbox=sandbox, forkserver=server)

    yield starter
    if server is not None:
        assert server.failed is None, server.failed
        server.close()


def _ask(learner: IsolatedLearner, function: str, *args: object) -> Any:
    """One call of the probe in a learner process of its own (closed afterwards)."""
    try:
        return learner.call(function, *args)
    finally:
        learner.close()


@pytest.fixture
def listener() -> Iterator[_Listener]:
    """A local TCP server the probe tries to reach."""
    server = _Listener()
    yield server
    server.close()


@pytest.fixture
def outside(tmp_path: Path) -> Iterator[list[Path]]:
    """Files outside the learner's scratch folder: one under /tmp (the test's folder), one outside /tmp if possible."""
    targets = [tmp_path / "outside" / "escaped.txt"]
    targets[0].parent.mkdir()
    extra = None
    if Path("/var/tmp").is_dir() and os.access("/var/tmp", os.W_OK):  # noqa: S108 - a folder of our own, removed after
        extra = Path(tempfile.mkdtemp(prefix="dlgrade-sandbox-test-", dir="/var/tmp"))
        targets.append(extra / "escaped.txt")
    yield targets
    if extra is not None:
        shutil.rmtree(extra, ignore_errors=True)


@pytest.fixture
def probe_dir(tmp_path: Path) -> Path:
    """A submission folder holding probe.py."""
    folder = tmp_path / "submission"
    folder.mkdir()
    (folder / "probe.py").write_text(PROBE, encoding="utf-8")
    return folder


def test_levels_are_listed_strongest_first() -> None:
    """The three levels, strongest first."""
    assert LEVELS == ("namespaces", "uid", "rlimits")


def test_detect_level_picks_the_strongest_possible(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without DLGRADE_ISOLATION the first level of LEVELS that can run here is chosen; rlimits can always run."""
    possible = [level for level in LEVELS if _possible(level, monkeypatch) is None]
    assert possible[-1] == "rlimits"
    monkeypatch.delenv("DLGRADE_ISOLATION", raising=False)
    assert detect_level() == possible[0]
    assert Sandbox.detect().level == possible[0]


def test_namespaces_are_detected_where_user_namespaces_work(monkeypatch: pytest.MonkeyPatch) -> None:
    """Root or not, wherever a user namespace can be made (checked here independently), namespaces are detected.

    Wherever the project and its interpreter live: under /tmp too.
    """
    probe = subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "--net", "--pid", "--fork", "--", "true"],
                           capture_output=True, timeout=30, check=False) if shutil.which("unshare") else None
    if probe is None or probe.returncode != 0:
        pytest.skip(f"user namespaces do not work here: {probe.stderr.decode(errors='replace')[:200] if probe else 'no unshare'}")
    monkeypatch.delenv("DLGRADE_ISOLATION", raising=False)
    assert detect_level() == "namespaces"


def test_the_learner_is_nobody(start: Starter, monkeypatch: pytest.MonkeyPatch, probe_dir: Path) -> None:
    """At 'namespaces' learner code runs as nobody (65534) without groups.

    As root there is no user namespace, so that is the machine's own nobody. Its scratch folder is
    still its own to write (the probe's everyday call writes it).
    """
    _skip_unless_possible("namespaces", monkeypatch)
    learner = start(probe_dir, _sandbox("namespaces"))
    try:
        found = learner.call("identity")
        assert learner.call("everyday")["numpy"] == 3.0
    finally:
        learner.close()
    assert (found["uid"], found["gid"]) == (65534, 65534)
    assert found["groups"] in ([], [65534])
    assert found["status_uid"] == ["65534"] * 4


def test_uid_level_needs_a_python_nobody_can_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """The uid level is possible exactly when root runs a Python whose folders everyone may traverse."""
    folders = [Path(sys.executable).resolve().parent, *Path(sys.executable).resolve().parents]
    expected = os.geteuid() == 0 and all(os.stat(p).st_mode & 0o001 for p in folders)
    assert (_possible("uid", monkeypatch) is None) == expected


@pytest.mark.parametrize("level", LEVELS)
def test_isolation_variable_forces_a_level_or_raises(level: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """DLGRADE_ISOLATION=<level> gives that level where it can run; where it cannot, detection raises and says so."""
    monkeypatch.setenv("DLGRADE_ISOLATION", level)
    try:
        chosen = detect_level()
    except RuntimeError as exc:
        assert f"isolation level {level!r} is not possible here" in str(exc)
        with pytest.raises(RuntimeError):
            Sandbox.detect()
        return
    assert chosen == level
    assert Sandbox.detect().level == level


def test_an_impossible_level_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    """At least one level is impossible on a machine that is not root-with-everything; forcing it raises."""
    impossible = [level for level in LEVELS if _possible(level, monkeypatch) is not None]
    if not impossible:
        pytest.skip("every level is possible here")
    monkeypatch.setenv("DLGRADE_ISOLATION", impossible[0])
    with pytest.raises(RuntimeError, match="not possible here"):
        detect_level()


@pytest.mark.parametrize("level", LEVELS)
def test_what_a_submission_can_do_at_each_level(  # noqa: PLR0917 - pytest passes fixtures by position
    start: Starter, level: str, monkeypatch: pytest.MonkeyPatch, probe_dir: Path, outside: list[Path],
    listener: _Listener,
) -> None:
    """A submission tries to read solutions/, write outside its scratch folder and connect to 127.0.0.1.

    namespaces: none of the three; uid: no write into root's folders; rlimits: all three (no isolation
    beyond resource limits). Its own scratch folder is writable at every level.
    """
    _skip_unless_possible(level, monkeypatch)
    found = _ask(start(probe_dir, _sandbox(level)), "probe", str(SECRET), [str(p) for p in outside], listener.port)
    escaped = [p.exists() for p in outside]
    assert found["write"] == escaped, "the submission's report disagrees with the file system"
    assert found["scratch"] is True
    assert not (probe_dir / "mine.txt").exists(), "the scratch folder is a copy, not the submission"
    if level == "namespaces":
        assert found == {"read": False, "write": [False] * len(outside), "net": False, "scratch": True}
        assert listener.connections == 0
    elif level == "uid":
        assert found["write"] == [False] * len(outside)
    else:
        assert found["read"] is True
        assert found["write"] == [True] * len(outside)
        assert found["net"] is True
        assert listener.connections == 1


def test_namespaces_protect_the_machine(start: Starter, monkeypatch: pytest.MonkeyPatch, probe_dir: Path) -> None:
    """At 'namespaces' learner code cannot change the machine: its pids cgroup, sysctls, sysrq, block devices.

    Every mount but its scratch folder, the private /tmp and /dev/shm is read-only. Leaving the pids cgroup
    would lift the process cap; sysctls, sysrq and devices are checked with access(2) only.
    """
    _skip_unless_possible("namespaces", monkeypatch)
    learner = start(probe_dir, _sandbox("namespaces"))
    try:
        found = learner.call("system_state")
        mounts = learner.call("writable_mounts")
    finally:
        learner.close()
    assert found == {"left_pids_cgroup": False, "sysctl_writable": [], "block_devices_writable": [],
                     "sysrq_writable": False}
    assert mounts["rw"] == sorted([*LEARNER_WRITABLE, mounts["cwd"]])


def test_machine_unix_sockets_are_out_of_reach(start: Starter, monkeypatch: pytest.MonkeyPatch, probe_dir: Path) -> None:
    """At 'namespaces' learner code cannot connect to the machine's unix sockets under /run (docker, systemd ...).

    A read-only mount does not stop connect(2): /run is not in the sandbox at all.
    """
    _skip_unless_possible("namespaces", monkeypatch)
    if not os.access("/run", os.W_OK):
        pytest.skip("/run is not writable by this user: no socket to try")
    path = Path("/run") / f"dlgrade-probe-{os.getpid()}.sock"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        server.bind(str(path))
        server.listen(1)
        reached = _ask(start(probe_dir, _sandbox("namespaces")), "unix_connect", str(path))
        assert unix_connect_here(path) is True  # the socket works: only the sandbox keeps the learner out
    finally:
        server.close()
        path.unlink(missing_ok=True)
    assert reached == "FileNotFoundError"


def unix_connect_here(path: Path) -> bool:
    """Connect to a unix socket from the grader (the sandbox test's control)."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.connect(str(path))
    return True


def test_namespaces_are_all_new(start: Starter, monkeypatch: pytest.MonkeyPatch, probe_dir: Path) -> None:
    """At 'namespaces' the learner shares no mount, network, PID, IPC or UTS (host name) namespace with the grader."""
    _skip_unless_possible("namespaces", monkeypatch)
    theirs = _ask(start(probe_dir, _sandbox("namespaces")), "namespaces")
    ours = {kind: os.readlink(f"/proc/self/ns/{kind}") for kind in theirs}
    assert sorted(theirs) == ["ipc", "mnt", "net", "pid", "uts"]
    assert [kind for kind in theirs if theirs[kind] == ours[kind]] == []


@pytest.mark.parametrize("level", LEVELS)
def test_learner_code_still_works(start: Starter, level: str, monkeypatch: pytest.MonkeyPatch, probe_dir: Path) -> None:
    """Learner code still runs: NumPy, /dev/null, /dev/urandom, writable /tmp, /dev/shm and scratch folder.

    At 'namespaces' /dev holds only the harmless devices and the fd links.
    """
    _skip_unless_possible(level, monkeypatch)
    found = _ask(start(probe_dir, _sandbox(level)), "everyday")
    assert (found["numpy"], found["urandom"], found["stdout"]) == (3.0, 16, True)
    if level == "namespaces":
        assert found["dev"] == sorted(["fd", "full", "null", "random", "shm", "stderr", "stdin", "stdout", "urandom",
                                       "zero"])


def test_no_capabilities_and_no_new_privs(start: Starter, monkeypatch: pytest.MonkeyPatch, probe_dir: Path) -> None:
    """At 'namespaces' the learner has no capability in any set and cannot gain one (no_new_privs).

    Either way it starts, the learner clears them itself (grader.runner.inside.jail.drop_privileges) -- without that it
    would keep all of root's, or all of its user namespace's.
    """
    _skip_unless_possible("namespaces", monkeypatch)
    found = _ask(start(probe_dir, _sandbox("namespaces")), "privileges")
    zero = "0" * 16
    assert found == {"CapInh": zero, "CapPrm": zero, "CapEff": zero, "CapBnd": zero, "CapAmb": zero,
                     "NoNewPrivs": "1"}


@pytest.mark.parametrize("level", LEVELS)
def test_only_the_learners_own_descriptors_are_open(
    start: Starter, level: str, monkeypatch: pytest.MonkeyPatch, probe_dir: Path
) -> None:
    """The learner holds stdin/stdout/stderr, its two pipes and its descriptor socket: nothing of the grader's or the runner's.

    (The warm runner's socket to the session, in particular, would let learner code ask for more processes.)
    """
    _skip_unless_possible(level, monkeypatch)
    found = _ask(start(probe_dir, _sandbox(level)), "descriptors")
    assert len(found) == 6
    assert found[:3] == [0, 1, 2]


@pytest.mark.parametrize("level", LEVELS)
def test_warm_and_fresh_learners_start_alike(level: str, monkeypatch: pytest.MonkeyPatch, probe_dir: Path) -> None:
    """A learner forked from the warm runner gets the environment and working folder one started from scratch gets.

    Two learners forked from the same runner also draw different numbers from NumPy's global RNG, as two fresh
    interpreters do (a fork would otherwise copy the runner's state to every learner: the Keras runner imports
    numpy.random, which NumPy itself imports only on first use).
    """
    _skip_unless_possible(level, monkeypatch)
    server = ForkServer(Limits(), ("numpy", "numpy.random"))
    states = []
    try:
        for forkserver in (None, server, server):
            learner = IsolatedLearner(probe_dir, "probe", sandbox=_sandbox(level), forkserver=forkserver)
            try:
                state = learner.call("start_state")
                scratch = str(learner.scratch)
            finally:
                learner.close()
            shell = ("PWD", "OLDPWD")  # set by the set-up script's `cd` on the way to a fresh learner
            state["env"] = {k: v.replace(scratch, "SCRATCH") for k, v in state["env"].items() if k not in shell}
            state["cwd"] = state["cwd"].replace(scratch, "SCRATCH")
            states.append(state)
        assert server.failed is None, server.failed
    finally:
        server.close()
    fresh, warm1, warm2 = states
    assert warm1["env"] == fresh["env"]
    assert warm1["cwd"] == fresh["cwd"] == "SCRATCH"
    assert "OMP_NUM_THREADS" in warm1["env"]
    assert warm1["draw"] != warm2["draw"]


def test_only_the_allowlist_is_seen(start: Starter, monkeypatch: pytest.MonkeyPatch, probe_dir: Path,
                                    tmp_path: Path) -> None:
    """At 'namespaces' the learner sees nothing of the machine's files but the allowlist.

    Not the solutions or hidden suites, not the grader's other temporary files (another learner's folder), not
    /var/tmp, /root, /home, /etc/shadow or the grader's home -- while the runner, NumPy and /usr stay readable.
    """
    _skip_unless_possible("namespaces", monkeypatch)
    neighbour = tmp_path / "other-learner"
    neighbour.mkdir()
    (neighbour / "tensor_ops.py").write_text("secret", encoding="utf-8")
    hidden = [SECRET, ROOT / "grader" / "suites" / "hidden" / "test_tensor_ops.py", neighbour / "tensor_ops.py",
              Path("/etc/shadow")]
    hidden += [p for p in (Path.home() / ".bashrc", Path("/etc/hostname")) if p.is_file()]
    extra = None
    if VAR_TMP.is_dir() and os.access(VAR_TMP, os.W_OK):
        extra = Path(tempfile.mkdtemp(prefix="dlgrade-allowlist-test-", dir=VAR_TMP))
        (extra / "secret.txt").write_text("secret", encoding="utf-8")
        hidden.append(extra / "secret.txt")
    shown = [ROOT / "grader" / "runner" / "inside" / "child.py", Path(np_file()), Path("/usr/lib/os-release")]
    shown = [p for p in shown if p.is_file()]
    try:
        found = _ask(start(probe_dir, _sandbox("namespaces")), "readable", [str(p) for p in hidden + shown])
        listed = _ask(start(probe_dir, _sandbox("namespaces")), "listing", ["/", "/root", "/home", "/var"])
    finally:
        if extra is not None:
            shutil.rmtree(extra, ignore_errors=True)
    assert found == [False] * len(hidden) + [True] * len(shown), dict(zip(map(str, hidden + shown), found, strict=True))
    on_the_way = {part for path in allowlist() for part in Path(path).parts[1:]}  # folders leading to allowlisted trees
    for folder in ("/root", "/home", "/var"):
        assert listed[folder] == "FileNotFoundError" or set(listed[folder]) <= on_the_way, (folder, listed[folder])
    assert set(listed["/"]) <= {"bin", "dev", "etc", "lib", "lib32", "lib64", "libx32", "proc", "sbin", "tmp", *on_the_way}


def np_file() -> str:
    """Where NumPy's package lives (inside the allowlisted Python installation)."""
    import numpy

    return str(numpy.__file__)


@pytest.mark.parametrize("name", ["secret folder", "tab\tand\\back slash", "new\nline"])
def test_a_folder_inside_the_allowlist_can_be_hidden(start: Starter, name: str, monkeypatch: pytest.MonkeyPatch,
                                                    probe_dir: Path) -> None:
    """At 'namespaces' a folder inside an allowlisted tree (the package) is hidden whatever its name.

    Spaces, tabs, backslashes, newlines; its sibling, not hidden, stays readable.
    """
    _skip_unless_possible("namespaces", monkeypatch)
    base = Path(tempfile.mkdtemp(prefix=".dlgrade-hide-test-", dir=ROOT / "grader"))
    base.chmod(0o755)  # as the package's own folders are: the learner (nobody) may read them
    try:
        hidden, shown = base / name, base / "shown"
        for folder in (hidden, shown):
            folder.mkdir()
            (folder / "secret.txt").write_text("secret", encoding="utf-8")
        paths = [str(hidden / "secret.txt"), str(shown / "secret.txt")]
        found = _ask(start(probe_dir, Sandbox("namespaces", (hidden,))), "readable", paths)
        assert found == [False, True]
    finally:
        shutil.rmtree(base, ignore_errors=True)


def test_an_unknown_level_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    """A DLGRADE_ISOLATION that is no level (a typo) is an error naming the levels, not silently ignored."""
    monkeypatch.setenv("DLGRADE_ISOLATION", "namespace")
    with pytest.raises(ValueError, match=r"'namespace' is not an isolation level \(levels: namespaces, uid, rlimits\)"):
        detect_level()
    with pytest.raises(ValueError, match="not an isolation level"):
        Sandbox.detect()


@pytest.mark.parametrize("level", LEVELS)
def test_results_record_the_level(level: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A grading session forced to a level (DLGRADE_ISOLATION, read as its spec is built) reports it.

    Report.isolation and the JSON's "isolation" say it.
    """
    _skip_unless_possible(level, monkeypatch)
    submission = tmp_path / "stub"
    submission.mkdir()
    shutil.copy(ROOT / "exercises" / "tensor_ops.py", submission)
    monkeypatch.setenv("DLGRADE_ISOLATION", level)
    report = run_session({"s": submission}, ["tensor_ops"], only={"s": ["naive_relu"]})["s"]
    assert report.isolation == level
    assert report.to_json()["isolation"] == level
    assert [f.name for f in report.module("tensor_ops").functions] == ["naive_relu"]
    assert report.module("tensor_ops").function("naive_relu").status == "not_implemented"


def test_namespaces_are_offered_only_where_the_whole_set_up_works(monkeypatch: pytest.MonkeyPatch) -> None:
    """Detection runs the learner's real sandbox set-up: where a step of it fails, the next level is used instead.

    Otherwise a machine with an unusual mount table would pass the probe and then fail every learner at start.
    """
    from grader.runner import sandbox

    monkeypatch.delenv("DLGRADE_ISOLATION", raising=False)
    if detect_level() != "namespaces":
        pytest.skip("namespaces are not possible here")
    from grader.runner.inside import jail

    sandbox.namespaces_unavailable.cache_clear()
    monkeypatch.setattr(jail, "spec", lambda scratch, hide: '{"scratch": "/no-such-scratch-folder", "hide": []}')
    try:
        assert detect_level() in ("uid", "rlimits")
        assert "no-such-scratch-folder" in str(sandbox.namespaces_unavailable())
    finally:
        sandbox.namespaces_unavailable.cache_clear()
    monkeypatch.undo()
    assert detect_level() == "namespaces"


def test_a_missing_interpreter_falls_back_from_namespaces(monkeypatch: pytest.MonkeyPatch) -> None:
    """Detection probes with the learner's real interpreter and runner.

    If they cannot be run inside the sandbox, namespaces are not offered (and the reason names what failed),
    instead of every learner failing to start.
    """
    from grader.runner import sandbox

    monkeypatch.delenv("DLGRADE_ISOLATION", raising=False)
    if detect_level() != "namespaces":
        pytest.skip("namespaces are not possible here")
    sandbox.namespaces_unavailable.cache_clear()
    monkeypatch.setattr(sandbox.sys, "executable", "/tmp/dlgrade-no-such-venv/bin/python")  # noqa: S108 - a path that is not there
    try:
        assert detect_level() in ("uid", "rlimits")
        assert "no-such-venv" in str(sandbox.namespaces_unavailable())
    finally:
        sandbox.namespaces_unavailable.cache_clear()


def test_a_level_already_detected_is_used_without_probing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sandbox.detect(level=...) (a batch detected it once for its sessions) runs no probe; a bad level raises."""
    from grader.runner import sandbox

    def no_probe() -> str | None:
        raise AssertionError("probed the machine again")

    monkeypatch.setattr(sandbox, "namespaces_unavailable", no_probe)
    assert Sandbox.detect(level="rlimits").level == "rlimits"
    with pytest.raises(AssertionError, match="probed"):
        Sandbox.detect()
    with pytest.raises(ValueError, match="'namespace' is not an isolation level"):
        Sandbox.detect(level="namespace")


def test_a_session_takes_the_level_it_is_given(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """run_session(isolation=LEVEL): the session grades at that level (recorded in its results); a typo is refused.

    The typo is refused before any session starts, naming the spec's field.
    """
    submission = tmp_path / "stub"
    submission.mkdir()
    shutil.copy(ROOT / "exercises" / "tensor_ops.py", submission)
    monkeypatch.delenv("DLGRADE_ISOLATION", raising=False)
    report = run_session({"s": submission}, ["tensor_ops"], only={"s": ["naive_relu"]}, isolation="rlimits")["s"]
    assert report.isolation == "rlimits"
    assert report.module("tensor_ops").function("naive_relu").status == "not_implemented"
    with pytest.raises(ValueError, match="session spec: isolation: must be one of"):
        run_session({"s": submission}, ["tensor_ops"], only={"s": ["naive_relu"]}, isolation="namespace")


def test_the_probe_finds_the_runner_without_importing_numpy() -> None:
    """The namespaces probe looks the learner's runner and NumPy up, and fails where one cannot be found."""
    from grader.runner import sandbox

    assert subprocess.run([sys.executable, "-I", "-c", sandbox._PROBE], check=False).returncode == 0
    broken = sandbox._PROBE.replace("'numpy'", "'no_such_module_here'")
    assert subprocess.run([sys.executable, "-I", "-c", broken], check=False).returncode == 1
