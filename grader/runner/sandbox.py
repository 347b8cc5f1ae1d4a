"""How strongly the learner process is isolated, detected per machine.

Levels, strongest first (``DLGRADE_ISOLATION`` forces one; the results record which ran):

``namespaces``
    any user, root or not, where the kernel allows (unprivileged) user namespaces: the learner
    process gets its own mount, network, PID, IPC and UTS namespaces (no network, no other
    process visible, its own host name) on a root holding only what it needs -- the system's
    libraries, the Python installation and the runner, read-only; its scratch folder; a private
    ``/tmp`` and ``/dev/shm``; a minimal ``/dev``; its own ``/proc`` -- and nothing else of the
    machine (no home folders, courses, solutions or other learners). It runs as ``nobody``
    without any capability, ``no_new_privs`` set, under a seccomp filter, with a pids limit
    (a pids cgroup as root, ``RLIMIT_NPROC`` in its user namespace otherwise). See
    :mod:`grader.runner.inside.jail` and ``docs/security.md``.
``uid``
    root without namespaces: the learner process runs as ``nobody`` (65534), so it can
    write nothing of the grader's and ``RLIMIT_NPROC`` applies; it can read what others may.
``rlimits``
    anything else: resource limits only; the learner process runs as the grader's user.

Every level also gets the :class:`~grader.runner.limits.Limits` rlimits, a scratch copy
of the submission as working directory and a process group that is killed afterwards.
Below ``namespaces`` grading refuses unless allowed (:func:`grading_level`), and
:data:`~grader.results.WEAK_PROMISES` says in every result what did not hold.
"""

from __future__ import annotations

import contextlib
import functools
import os
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from grader.results import WEAK_PROMISES
from grader.runner.limits import NOBODY, PIDS_MAX

LEVELS = ("namespaces", "uid", "rlimits")


class WeakIsolation(RuntimeError):
    """Learner code would run below ``namespaces`` and the caller did not allow it."""


def grading_level(*, allow_weak: bool, warn: Callable[[str], None] | None = None) -> str:
    """The level to grade at: :func:`detect_level`'s, refused below ``namespaces`` unless ``allow_weak``.

    Allowed below it, ``warn`` is told what does not hold and why namespaces are not available.

    Raises:
        WeakIsolation: naming what would not hold, why namespaces are not available, and the flag.
        ValueError, RuntimeError: as :func:`detect_level`.
    """
    level = detect_level()
    if level == "namespaces":
        return level
    why = namespaces_unavailable() or f"DLGRADE_ISOLATION asks for {level!r}"
    said = f"isolation level {level!r}: {WEAK_PROMISES[level]} (namespaces are not available: {why})"
    if not allow_weak:
        raise WeakIsolation(f"refusing to run learner code at {said}. Pass --allow-weak-isolation "
                            "(allow_weak_isolation=True) to grade anyway, on this machine's risk.")
    if warn is not None:
        warn(f"warning: {said}")
    return level


def _traversable_by_others(path: Path) -> bool:
    return all(os.stat(p).st_mode & 0o001 for p in [path, *path.parents] if p.exists())


_PROBE = (
    "import importlib.util as u, sys\n"
    "sys.exit(not all(u.find_spec(m) for m in ('numpy', 'grader.runner.inside.child')))"
)


@functools.cache
def namespaces_unavailable() -> str | None:
    """Why the ``namespaces`` level cannot run on this machine, or None where it can.

    The probe is the very set-up a learner gets (user namespace, new root, seccomp ...): where any
    step of it fails here, the level is not offered, rather than every learner failing to start.
    """
    if not sys.platform.startswith("linux"):
        return f"namespaces need Linux (this is {sys.platform})"
    with tempfile.TemporaryDirectory(prefix="dlgrade-probe-") as scratch:
        probe, env = _wrap([sys.executable, "-I", "-c", _PROBE], Path(scratch), ())
        try:
            done = subprocess.run(probe, capture_output=True, timeout=20, check=False, cwd=scratch, env={**os.environ, **env})
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"the sandbox probe did not run: {exc}"
    if done.returncode == 0:
        return None
    said = done.stderr.decode(errors="replace").strip().splitlines()
    return _explain(said[-1] if said else f"exit status {done.returncode}")


def _explain(failure: str) -> str:
    """The probe's failure, with the usual cause where it is a refused user namespace."""
    if "user namespace" in failure:
        return (f"{failure} -- unprivileged user namespaces are disabled on this machine (sysctl "
                "user.max_user_namespaces, kernel.unprivileged_userns_clone, or AppArmor's "
                "kernel.apparmor_restrict_unprivileged_userns); ask its administrator, or grade as root")
    return failure


def _wrap(argv: Sequence[str], scratch: Path, hide: Sequence[Path]) -> tuple[list[str], dict[str, str]]:
    from grader.runner.inside.jail import spec

    wrapped = [sys.executable, "-I", "-m", "grader.runner.inside.jail", spec(scratch, hide), "--", *argv]
    return wrapped, {"TMPDIR": "/tmp"}  # noqa: S108 - a private tmpfs


def detect_level(wanted: str | None = None) -> str:
    """The strongest level this machine allows, or the one ``wanted`` if it is possible.

    ``wanted``: a level asked for ("": none); None: ``DLGRADE_ISOLATION``'s (a grading session
    given a spec passes "": the user's settings are read when the spec is built, not in it).

    Raises:
        ValueError: ``DLGRADE_ISOLATION`` is set to something that is not a level.
        RuntimeError: ``DLGRADE_ISOLATION`` names a level this machine cannot run.
    """
    if wanted is None:
        wanted = os.environ.get("DLGRADE_ISOLATION", "")
    if wanted and wanted not in LEVELS:
        raise ValueError(f"DLGRADE_ISOLATION={wanted!r} is not an isolation level (levels: {', '.join(LEVELS)})")
    possible = []
    if namespaces_unavailable() is None:
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
        if self.level == "uid" or (self.level == "namespaces" and os.geteuid() == 0):
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
        """What a learner forked from the warm runner needs to isolate itself at this level (see the zygote)."""
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
