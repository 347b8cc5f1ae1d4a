"""The ``namespaces`` sandbox built from inside a process, for learners forked from a warm runner.

:mod:`grader.runner.sandbox` builds the sandbox around a new program (``unshare`` and a shell
script of ``mount`` commands, ~0.1 s and a fresh Python per learner). A learner forked from
:mod:`grader.runner.zygote` builds the same sandbox on itself with the same system calls, in
about a hundredth of the time: :func:`enter_namespaces` in the forked process (new mount,
network, IPC, UTS and PID namespaces; the PID namespace takes effect for its next child), then
:func:`build` in that child, then :func:`drop_privileges`. The result is what the script gives
(``tests/runner/test_sandbox.py`` checks the same promises either way): hidden folders under
empty tmpfs mounts, a private ``/tmp`` holding the scratch folder, a minimal ``/dev``, ``/run``
covered, every other mount read-only, a ``/proc`` of its own PID namespace, no capabilities,
``no_new_privs``. Linux only; every failed call raises :class:`JailError` naming it.
"""

from __future__ import annotations

import ctypes
import os
import re
from collections.abc import Sequence
from pathlib import Path

CLONE_NEWNS = 0x00020000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_NOATIME, MS_NODIRATIME, MS_BIND, MS_REC = 32, 1024, 2048, 4096, 16384
MS_PRIVATE, MS_RELATIME = 1 << 18, 1 << 21
MNT_DETACH = 2
_KEPT_FLAGS = {"nosuid": MS_NOSUID, "nodev": MS_NODEV, "noexec": MS_NOEXEC, "noatime": MS_NOATIME,
               "nodiratime": MS_NODIRATIME, "relatime": MS_RELATIME}
"""Per-mount flags a read-only remount keeps (the old mount API clears what it is not given)."""
DEVICES = ("null", "zero", "full", "random", "urandom")
PR_SET_DUMPABLE, PR_CAPBSET_DROP, PR_SET_NO_NEW_PRIVS, PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL = 4, 24, 38, 47, 4
_CAP_V3 = 0x20080522


class JailError(OSError):
    """A step of the sandbox set-up failed (the message names it)."""


_libc = ctypes.CDLL(None, use_errno=True)


def _check(result: int, what: str) -> None:
    if result != 0:
        err = ctypes.get_errno()
        raise JailError(err, f"{what}: {os.strerror(err)}")


def _mount(source: str | None, target: str, fstype: str | None, flags: int, data: str | None = None) -> None:
    def enc(s: str | None) -> bytes | None:
        return None if s is None else os.fsencode(s)

    _check(_libc.mount(enc(source), enc(target), enc(fstype), ctypes.c_ulong(flags), enc(data)),
           f"mount {source} on {target}")


def enter_namespaces() -> None:
    """Leave the grader's mount, network, IPC, UTS and PID namespaces (the last for the next child)."""
    _check(_libc.unshare(CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWPID), "unshare")


def build(scratch: Path, hide: Sequence[Path]) -> str:
    """Build the sandbox's mounts; run as the first process of the new PID namespace.

    The working directory becomes the scratch folder, seen at its own path inside the private
    ``/tmp``. Returns that path.
    """
    _mount(None, "/", None, MS_REC | MS_PRIVATE)
    _mount("proc", "/proc", "proc", MS_NOSUID | MS_NOEXEC | MS_NODEV)
    os.chdir(scratch)
    for folder in hide:
        if os.path.isdir(folder):
            _mount("dlgrade-hidden", str(folder), "tmpfs", 0, "size=16k,mode=000")
    _mount("dlgrade-tmp", "/tmp", "tmpfs", 0, "size=256m")  # noqa: S108 - a private tmpfs
    os.makedirs(scratch, exist_ok=True)
    _mount("/proc/self/cwd", str(scratch), None, MS_BIND)  # the real folder, still our cwd
    os.chdir(scratch)
    here = os.getcwd()
    _minimal_dev()
    if os.path.isdir("/run"):  # the machine's unix sockets: a read-only mount does not stop connect()
        _mount("dlgrade-run", "/run", "tmpfs", 0, "size=16k,mode=755")
    for mount_point, options in _mounts():
        if mount_point in ("/tmp", "/dev/shm", here) or mount_point.startswith(("/tmp/", "/proc/")):  # noqa: S108
            continue
        if os.path.lexists(mount_point):
            kept = sum(flag for name, flag in _KEPT_FLAGS.items() if name in options)
            _mount(None, mount_point, None, MS_REMOUNT | MS_BIND | MS_RDONLY | kept)
    return here


def _minimal_dev() -> None:
    """Harmless devices bound from the real ``/dev`` (staged in ``/tmp``), fd links, a private ``/dev/shm``."""
    stage = "/tmp/.dev"  # noqa: S108 - inside the private tmpfs
    os.mkdir(stage)
    _mount("/dev", stage, None, MS_BIND)
    _mount("dlgrade-dev", "/dev", "tmpfs", 0, "size=64k,mode=755")
    for name in DEVICES:
        open(f"/dev/{name}", "w").close()
        _mount(f"{stage}/{name}", f"/dev/{name}", None, MS_BIND)
    _check(_libc.umount2(os.fsencode(stage), MNT_DETACH), f"umount {stage}")
    os.rmdir(stage)
    os.symlink("/proc/self/fd", "/dev/fd")
    for fd, name in enumerate(("stdin", "stdout", "stderr")):
        os.symlink(f"/proc/self/fd/{fd}", f"/dev/{name}")
    os.mkdir("/dev/shm")  # noqa: S108 - the sandbox's own, empty /dev
    _mount("dlgrade-shm", "/dev/shm", "tmpfs", 0, "size=64m")  # noqa: S108 - a private tmpfs


def _mounts() -> list[tuple[str, set[str]]]:
    """(mount point, per-mount options) of every mount, from ``/proc/self/mountinfo``."""
    found = []
    with open("/proc/self/mountinfo", encoding="utf-8", errors="surrogateescape") as fh:
        for line in fh:
            fields = line.split()
            point = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), fields[4])
            found.append((point, set(fields[5].split(","))))
    return found


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                ("inheritable", ctypes.c_uint32)]


def set_dumpable() -> None:
    """Make the process dumpable again (a change of user clears it; ``exec`` would set it).

    Its ``/proc/self`` files then belong to it, as they do for a learner started from scratch as that user.
    """
    _check(_libc.prctl(PR_SET_DUMPABLE, 1, 0, 0, 0), "setting dumpable")


def last_capability() -> int:
    """The highest capability number this kernel knows (read before any sandbox covers ``/proc/sys``)."""
    return int(Path("/proc/sys/kernel/cap_last_cap").read_text())


def drop_privileges(last_cap: int) -> None:
    """Every capability gone (bounding, ambient, inheritable, permitted, effective) and ``no_new_privs`` set.

    What ``setpriv --no-new-privs --bounding-set=-all --inh-caps=-all`` and the ``exec`` after it
    give the scripted sandbox; checked afterwards in ``/proc/self/status``.
    """
    for cap in range(last_cap + 1):
        _check(_libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0), f"dropping capability {cap}")
    _check(_libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0), "clearing ambient capabilities")
    _check(_libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "setting no_new_privs")
    header = _CapHeader(_CAP_V3, 0)
    data = (_CapData * 2)()
    _check(_libc.capset(ctypes.byref(header), data), "clearing capabilities")
    status = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines() if ":" in line)
    left = {k: status[k].strip() for k in ("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb") if k in status}
    if any(int(v, 16) for v in left.values()) or status.get("NoNewPrivs", "").strip() != "1":
        raise JailError(0, f"privileges left after dropping them: {left}")
