"""How strongly the learner process is isolated, detected per machine.

Levels, strongest first (``DLGRADE_ISOLATION`` forces one; the results record which ran):

``namespaces``
    root with ``unshare``/``setpriv``: own mount, network, PID, IPC and UTS namespaces (no
    network, no other processes visible, its own host name); solutions, hidden suites, tests,
    the course (gradebook, other learners) hidden under empty tmpfs mounts, a private empty
    ``/tmp`` (other learners' scratch folders, grading sessions) and a minimal ``/dev`` (null,
    zero, full, random, urandom, the fd links and a private ``/dev/shm``; no disks); every
    mount read-only except the learner's scratch folder, ``/tmp`` and ``/dev/shm`` -- ``/sys``
    with the cgroups, ``/proc`` with ``/proc/sys`` and ``/proc/sysrq-trigger`` included, as the
    learner still runs as uid 0, which owns most files; every capability dropped and
    ``no_new_privs`` set, so none of this can be undone; a pids cgroup caps the process count
    where the machine offers one (``RLIMIT_NPROC`` does not bind root).
``uid``
    root without namespaces: the learner process runs as ``nobody`` (65534), so it can
    write nothing of the grader's and ``RLIMIT_NPROC`` applies.
``rlimits``
    anything else: resource limits only; the learner process runs as the grader's user.

Every level also gets the :class:`~grader.runner.limits.Limits` rlimits, a scratch copy
of the submission as working directory and a process group that is killed afterwards.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

LEVELS = ("namespaces", "uid", "rlimits")
NOBODY = 65534
PIDS_MAX = 64
"""Processes and threads one learner process tree may have (namespaces level)."""

_SCRIPT = r"""
set -e
mount --make-rprivate /
cd "$DLG_SCRATCH"
n=$1; shift  # $1: how many of the next arguments are folders to hide
while [ "$n" -gt 0 ]; do
  if [ -d "$1" ]; then mount -t tmpfs -o size=16k,mode=000 dlgrade-hidden "$1"; fi
  shift; n=$((n - 1))
done
mount -t tmpfs -o size=256m dlgrade-tmp /tmp
mkdir -p "$DLG_SCRATCH" /tmp/.dev
mount --no-canonicalize --bind /proc/self/cwd "$DLG_SCRATCH"
cd "$DLG_SCRATCH"; scratch=$(pwd -P)
# a minimal /dev: harmless devices (bound from the real /dev, staged in /tmp), fd links, a private /dev/shm
mount --bind /dev /tmp/.dev
mount -t tmpfs -o size=64k,mode=755 dlgrade-dev /dev
for f in null zero full random urandom; do : > "/dev/$f"; mount --bind "/tmp/.dev/$f" "/dev/$f"; done
umount /tmp/.dev; rmdir /tmp/.dev
ln -s /proc/self/fd /dev/fd; for i in 0:stdin 1:stdout 2:stderr; do ln -s "/proc/self/fd/${i%:*}" "/dev/${i#*:}"; done
mkdir /dev/shm; mount -t tmpfs -o size=64m dlgrade-shm /dev/shm
# /run holds the machine's unix sockets (docker, systemd ...): a read-only mount does not stop connect()
if [ -d /run ]; then mount -t tmpfs -o size=16k,mode=755 dlgrade-run /run; fi
# uid 0 owns most files: every mount read-only but /tmp, /dev/shm and the scratch folder; nothing is mounted
# on the new /proc (the old one's submounts are covered), so remounting /proc covers /proc/sys, sysrq-trigger
while read -r _ _ _ _ mp _; do
  case $mp in *\\*) mp=$(printf '%b' "$mp");; esac
  case $mp in /tmp | /tmp/* | /dev/shm | "$scratch" | /proc/*) continue;; esac
  if [ -e "$mp" ]; then mount -o remount,bind,ro "$mp"; fi
done < /proc/self/mountinfo
exec setpriv --no-new-privs --bounding-set=-all --inh-caps=-all -- "$@"
"""


def _traversable_by_others(path: Path) -> bool:
    return all(os.stat(p).st_mode & 0o001 for p in [path, *path.parents] if p.exists())


_PROBE = (
    "import importlib.util as u, sys\n"
    "sys.exit(not all(u.find_spec(m) for m in ('numpy', 'grader.runner.child')))"
)


@functools.cache
def _namespaces_work() -> bool:
    if os.geteuid() != 0 or not shutil.which("unshare") or not shutil.which("setpriv"):
        return False
    # the very set-up a learner gets (read-only mounts, minimal /dev ...): where any step of it fails on
    # this machine, the level is not offered, rather than every learner failing to start
    with tempfile.TemporaryDirectory(prefix="dlgrade-probe-") as scratch:
        # the learner's interpreter and the runner must be reachable from inside (a project or
        # virtual environment under /tmp is not: the learner gets a private /tmp)
        # (found, not imported: importing NumPy doubled the probe's 0.18 CPU s, paid by every grading session)
        probe, env = _wrap([sys.executable, "-I", "-c", _PROBE], Path(scratch), ())
        try:
            done = subprocess.run(probe, capture_output=True, timeout=20, check=False, cwd=scratch, env={**os.environ, **env})
        except (OSError, subprocess.TimeoutExpired):
            return False
    return done.returncode == 0


def _wrap(argv: Sequence[str], scratch: Path, hide: Sequence[Path]) -> tuple[list[str], dict[str, str]]:
    wrapped = ["unshare", "--mount", "--net", "--pid", "--ipc", "--uts", "--fork", "--kill-child", "--mount-proc",
               "--", "sh", "-c", _SCRIPT, "dlgrade-sandbox", str(len(hide)), *map(str, hide), *argv]
    return wrapped, {"DLG_SCRATCH": str(scratch), "TMPDIR": "/tmp"}  # noqa: S108 - a private tmpfs


def detect_level() -> str:
    """The strongest level this machine allows (or ``DLGRADE_ISOLATION`` if set and possible).

    Raises:
        ValueError: ``DLGRADE_ISOLATION`` is set to something that is not a level.
        RuntimeError: ``DLGRADE_ISOLATION`` names a level this machine cannot run.
    """
    wanted = os.environ.get("DLGRADE_ISOLATION", "")
    if wanted and wanted not in LEVELS:
        raise ValueError(f"DLGRADE_ISOLATION={wanted!r} is not an isolation level (levels: {', '.join(LEVELS)})")
    possible = []
    if _namespaces_work():
        possible.append("namespaces")
    if os.geteuid() == 0 and _traversable_by_others(Path(sys.executable).resolve().parent):
        possible.append("uid")
    possible.append("rlimits")
    if wanted:
        if wanted not in possible:
            raise RuntimeError(f"isolation level {wanted!r} is not possible here (possible: {', '.join(possible)})")
        return wanted
    return possible[0]


def _pids_cgroup_root() -> Path | None:
    v1 = Path("/sys/fs/cgroup/pids")
    if (v1 / "cgroup.procs").exists() and os.access(v1, os.W_OK):
        return v1
    v2 = Path("/sys/fs/cgroup")
    control = v2 / "cgroup.subtree_control"
    if control.exists() and "pids" in control.read_text().split() and os.access(v2, os.W_OK):
        return v2
    return None


@dataclass
class Sandbox:
    """The isolation of one learner process."""

    level: str
    hide: tuple[Path, ...] = ()
    _cgroup: Path | None = field(default=None, init=False, repr=False)

    @classmethod
    def detect(cls, hide: Sequence[Path] = (), level: str | None = None) -> Sandbox:
        """The strongest sandbox here, hiding ``hide`` (and nothing at weaker levels).

        ``level``: one :func:`detect_level` already found on this machine (a batch detects it once
        for all its sessions), used without probing again.

        Raises:
            ValueError: ``level`` (or ``DLGRADE_ISOLATION``) is not an isolation level.
            RuntimeError: ``DLGRADE_ISOLATION`` names a level this machine cannot run.
        """
        if level is not None and level not in LEVELS:
            raise ValueError(f"{level!r} is not an isolation level (levels: {', '.join(LEVELS)})")
        return cls(level or detect_level(), tuple(Path(p).resolve() for p in hide))

    def prepare(self, scratch: Path) -> None:
        """Give the scratch folder to the learner's user and create the pids cgroup."""
        if self.level == "uid":
            for path in [scratch, *scratch.rglob("*")]:
                os.chown(path, NOBODY, NOBODY)
        if self.level == "namespaces" and self._cgroup is None:
            root = _pids_cgroup_root()
            if root is not None:
                group = root / f"dlgrade-{os.getpid()}-{uuid.uuid4().hex[:8]}"
                try:
                    group.mkdir()
                    (group / "pids.max").write_text(str(PIDS_MAX))
                    self._cgroup = group
                except OSError:
                    self._cgroup = None

    def command(self, argv: Sequence[str], scratch: Path) -> tuple[list[str], dict[str, str]]:
        """The command line that starts ``argv`` at this level, and extra environment."""
        if self.level != "namespaces":
            return list(argv), {}
        return _wrap(argv, scratch, self.hide)

    def warm_request(self) -> dict[str, object]:
        """What a learner forked from the warm runner needs to isolate itself at this level (see :mod:`grader.runner.zygote`)."""
        hide = [str(p) for p in self.hide] if self.level == "namespaces" else []
        return {"level": self.level, "hide": hide, "cgroup": str(self._cgroup) if self._cgroup else None}

    def preexec(self) -> None:
        """Runs in the new process before exec: join the cgroup, drop to ``nobody``."""
        if self._cgroup is not None:
            (self._cgroup / "cgroup.procs").write_text(str(os.getpid()))
        if self.level == "uid":
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)

    def kill_all(self) -> None:
        """Kill every process left in the cgroup and remove it."""
        group, self._cgroup = self._cgroup, None
        if group is None:
            return
        for _ in range(3):
            try:
                pids = [int(p) for p in (group / "cgroup.procs").read_text().split()]
            except OSError:
                break
            for pid in pids:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, 9)
        with contextlib.suppress(OSError):
            group.rmdir()
