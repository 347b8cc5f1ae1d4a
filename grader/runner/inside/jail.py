"""The ``namespaces`` sandbox: a learner process in new namespaces, on a root of allowlisted folders.

Built from inside the process that will run learner code, with the same system calls whether it
was forked from a warm runner (:mod:`grader.runner.inside.zygote`) or started from scratch through
``python -I -m grader.runner.inside.jail SPEC -- ARGV`` (:func:`main`, which then execs ``ARGV``):

1. :func:`enter_namespaces`: new mount, network, IPC, UTS and PID namespaces (the PID namespace
   takes effect for the next child). As root this is all; any other user enters a new user
   namespace first, where its own uid is mapped to ``nobody`` (65534) -- no root needed.
2. :func:`build`, in that child (the first process of the new PID namespace): a new root on a
   tmpfs holding only the system's programs and libraries, the Python installation, the runner
   (all read-only), the learner's scratch folder (read-write, at its own path), a private
   ``/tmp`` and ``/dev/shm``, a minimal ``/dev``, a ``/proc`` of its own, a few ``/etc`` files;
   the host's root is detached. Folders in ``hide`` that lie inside an allowlisted tree (the
   hidden suites inside the package) are covered by empty tmpfs mounts.
3. :func:`drop_privileges`: as root, the process becomes ``nobody``; every capability goes,
   ``no_new_privs`` is set and the seccomp filter (:mod:`grader.runner.inside.seccomp`) installed.

Linux only; every failed call raises :class:`JailError` naming it.
"""

from __future__ import annotations

import ctypes
import json
import os
import platform
import re
import resource
import signal
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from grader.runner.inside import seccomp
from grader.runner.limits import NOBODY, PIDS_MAX

CLONE_NEWNS = 0x00020000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_NOATIME, MS_NODIRATIME, MS_BIND, MS_REC = 32, 1024, 2048, 4096, 16384
MS_PRIVATE, MS_RELATIME, MS_STRICTATIME = 1 << 18, 1 << 21, 1 << 24
MNT_DETACH = 2
_ST_FLAGS = {os.ST_NOSUID: MS_NOSUID, os.ST_NODEV: MS_NODEV, os.ST_NOEXEC: MS_NOEXEC, os.ST_NOATIME: MS_NOATIME,
             os.ST_NODIRATIME: MS_NODIRATIME, os.ST_RELATIME: MS_RELATIME}
"""statvfs flag -> mount flag a read-only remount keeps (a user namespace may not clear a locked one)."""
DEVICES = ("null", "zero", "full", "random", "urandom")
SYSTEM = ("/usr", "/bin", "/sbin", "/lib", "/lib64", "/lib32", "/libx32")
"""The system's programs and libraries, read-only in every sandbox (symbolic links stay links)."""
ETC = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "alternatives", "nsswitch.conf")
"""What the sandbox keeps of ``/etc`` (no passwords, keys or machine configuration)."""
EXTRA = ("/sys/devices/system/cpu",)
"""Read-only: how many processors there are (OpenBLAS and TensorFlow read it)."""
PR_SET_DUMPABLE, PR_CAPBSET_DROP, PR_SET_NO_NEW_PRIVS, PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL = 4, 24, 38, 47, 4
_CAP_V3 = 0x20080522
_PIVOT_ROOT = {"x86_64": 155, "aarch64": 41, "arm64": 41}
_BASE, _NEW = "/tmp", "/new"  # a tmpfs of the sandbox's own, mounted over /tmp in its mount namespace


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


def _write(path: str, text: str) -> None:
    """Create or write ``path`` (bytes only: after the pivot no codec module can be imported any more)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o644)
        try:
            os.write(fd, text.encode())
        finally:
            os.close(fd)
    except OSError as exc:
        raise JailError(exc.errno or 0, f"writing {path}: {exc.strerror}") from None


def enter_namespaces() -> None:
    """Leave the grader's mount, network, IPC, UTS and PID namespaces (the last for the next child).

    Not as root: a new user namespace first, the caller's uid and gid seen inside as ``nobody``.
    """
    flags = CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWPID
    uid, gid = os.geteuid(), os.getegid()
    if uid == 0:
        _check(_libc.unshare(flags), "unshare")
        return
    _check(_libc.unshare(flags | CLONE_NEWUSER), "unshare (user namespace)")
    _write("/proc/self/setgroups", "deny")
    _write("/proc/self/uid_map", f"{NOBODY} {uid} 1")
    _write("/proc/self/gid_map", f"{NOBODY} {gid} 1")
    # counted in the new user namespace: this learner's processes only, not all of the instructor's
    resource.setrlimit(resource.RLIMIT_NPROC, (PIDS_MAX, PIDS_MAX))


def allowlist() -> list[str]:
    """The host folders every learner sees, read-only: the system's, the Python installation, the runner."""
    import grader

    python = {os.path.realpath(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix)}
    python.add(os.path.dirname(os.path.realpath(sys.executable)))
    package = os.path.dirname(os.path.abspath(grader.__file__))
    found = [p for p in SYSTEM if os.path.isdir(p) and not os.path.islink(p)]
    found += sorted(python) + [package, os.path.realpath(package)] + [p for p in EXTRA if os.path.isdir(p)]
    return _outermost(found)


def _outermost(paths: Iterable[str]) -> list[str]:
    """Each folder once, without those inside another one of the list ("/" never: the whole machine)."""
    kept: list[str] = []
    for path in sorted(set(paths), key=len):
        if path != "/" and not any(path == k or path.startswith(k.rstrip("/") + "/") for k in kept):
            kept.append(path)
    return kept


def _pivot_root(new: str, old: str) -> None:
    number = _PIVOT_ROOT.get(platform.machine())
    if number is None:
        raise JailError(0, f"pivot_root: unknown on {platform.machine()}")
    _check(_libc.syscall(number, os.fsencode(new), os.fsencode(old)), f"pivot_root {new}")


def build(scratch: Path, hide: Sequence[Path], binds: Sequence[str]) -> str:
    """Build the sandbox's root; run as the first process of the new PID namespace.

    The working directory becomes the scratch folder, seen at its own path inside the private
    ``/tmp``. Returns that path.
    """
    os.chdir(scratch)  # held while the host's tree is moved away, then bound at its own path
    here = os.path.realpath(os.getcwd())
    _mount(None, "/", None, MS_REC | MS_PRIVATE)
    _mount("dlgrade-base", _BASE, "tmpfs", 0, "size=1m,mode=755")
    os.mkdir(f"{_BASE}/old")
    os.mkdir(f"{_BASE}/new")
    _pivot_root(_BASE, f"{_BASE}/old")  # the host's root is /old now, every path of it reachable as a source
    _mount("dlgrade-root", _NEW, "tmpfs", 0, "size=4m,mode=755")
    os.mkdir(f"{_NEW}/tmp")
    _mount("dlgrade-tmp", f"{_NEW}/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "size=256m,mode=1777")
    for path in binds:  # after /tmp: a Python installation under /tmp is bound inside the private one
        _bind_host(path)
    for path in SYSTEM:
        if os.path.islink(f"/old{path}"):
            os.symlink(os.readlink(f"/old{path}"), f"{_NEW}{path}")
    _etc()
    for folder in hide:  # inside an allowlisted tree (the hidden suites in the package): covered
        if os.path.isdir(f"{_NEW}{folder}"):
            _mount("dlgrade-hidden", f"{_NEW}{folder}", "tmpfs", MS_RDONLY, "size=4k,mode=000")
    os.makedirs(f"{_NEW}{here}", exist_ok=True)
    _mount("/old/proc/self/cwd", f"{_NEW}{here}", None, MS_BIND)
    _minimal_dev()
    os.mkdir(f"{_NEW}/proc")
    _mount("proc", f"{_NEW}/proc", "proc", MS_NOSUID | MS_NOEXEC | MS_NODEV)
    _read_only_below(_NEW, writable=(f"{_NEW}/tmp", f"{_NEW}/dev/shm", f"{_NEW}{here}"))
    os.chdir(_NEW)
    _pivot_root(".", ".")  # the sandbox's root on top, the old stack (host root included) under it ...
    _check(_libc.umount2(b".", MNT_DETACH), "detaching the host's root")  # ... and gone
    _mount(None, "/", None, MS_REMOUNT | MS_BIND | MS_RDONLY)
    os.chdir(here)
    return here


def _bind_host(path: str) -> None:
    """Bind the host's ``path`` (now under ``/old``) at the same path in the new root."""
    source = f"/old{path}"
    if not os.path.exists(source):
        return
    os.makedirs(f"{_NEW}{path}", exist_ok=True)
    _mount(source, f"{_NEW}{path}", None, MS_BIND | MS_REC)


def _etc() -> None:
    """A few harmless files of ``/etc``, and an account database naming only root and nobody."""
    os.makedirs(f"{_NEW}/etc", exist_ok=True)
    for name in ETC:
        source, target = f"/old/etc/{name}", f"{_NEW}/etc/{name}"
        if os.path.islink(source):
            os.symlink(os.readlink(source), target)
        elif os.path.isdir(source):
            os.mkdir(target)
            _mount(source, target, None, MS_BIND | MS_REC)
        elif os.path.isfile(source):
            _write(target, "")
            _mount(source, target, None, MS_BIND)
    nologin = "/usr/sbin/nologin"
    _write(f"{_NEW}/etc/passwd", f"root:x:0:0:root:/:{nologin}\nnobody:x:{NOBODY}:{NOBODY}:nobody:/nonexistent:{nologin}\n")
    _write(f"{_NEW}/etc/group", f"root:x:0:\nnogroup:x:{NOBODY}:\n")


def _minimal_dev() -> None:
    """Harmless devices bound from the real ``/dev``, fd links, a private ``/dev/shm``."""
    dev = f"{_NEW}/dev"
    os.mkdir(dev)
    _mount("dlgrade-dev", dev, "tmpfs", MS_NOSUID | MS_NOEXEC, "size=64k,mode=755")
    for name in DEVICES:
        _write(f"{dev}/{name}", "")
        _mount(f"/old/dev/{name}", f"{dev}/{name}", None, MS_BIND)
    os.symlink("/proc/self/fd", f"{dev}/fd")
    for fd, name in enumerate(("stdin", "stdout", "stderr")):
        os.symlink(f"/proc/self/fd/{fd}", f"{dev}/{name}")
    os.mkdir(f"{dev}/shm")
    _mount("dlgrade-shm", f"{dev}/shm", "tmpfs", MS_NOSUID | MS_NODEV, "size=64m,mode=1777")


def _read_only_below(top: str, writable: Sequence[str]) -> None:
    """Remount every mount under ``top`` read-only but ``writable`` (keeping the flags a remount must keep)."""
    for point in _mounts():
        if not (point == top or point.startswith(f"{top}/")) or point in writable or point.startswith(f"{top}/proc/"):
            continue
        kept = sum(flag for st, flag in _ST_FLAGS.items() if os.statvfs(point).f_flag & st)
        _mount(None, point, None, MS_REMOUNT | MS_BIND | MS_RDONLY | kept)


def _mounts() -> list[str]:
    """Mount points of this mount namespace, from ``/proc/self/mountinfo`` (the host's ``/proc``)."""
    found = []
    with open("/old/proc/self/mountinfo", "rb") as fh:
        for line in fh:
            point = re.sub(rb"\\([0-7]{3})", lambda m: bytes([int(m.group(1), 8)]), line.split()[4])
            found.append(os.fsdecode(point))
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


def become_nobody() -> None:
    """As root: the learner's user is ``nobody``, with no supplementary groups (clears the capabilities)."""
    if os.geteuid() != 0:
        return  # a user namespace's nobody already
    os.setgroups([])
    os.setresgid(NOBODY, NOBODY, NOBODY)
    os.setresuid(NOBODY, NOBODY, NOBODY)
    set_dumpable()  # as exec would: the change of user cleared it (and /proc/self with it)


def drop_privileges(last_cap: int) -> None:
    """Every capability gone (bounding, ambient, inheritable, permitted, effective), ``nobody``, ``no_new_privs``, seccomp.

    Checked afterwards in ``/proc/self/status``.
    """
    for cap in range(last_cap + 1):
        _check(_libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0), f"dropping capability {cap}")
    _check(_libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0), "clearing ambient capabilities")
    become_nobody()
    _check(_libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "setting no_new_privs")
    header = _CapHeader(_CAP_V3, 0)
    data = (_CapData * 2)()
    _check(_libc.capset(ctypes.byref(header), data), "clearing capabilities")
    status = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines() if ":" in line)
    left = {k: status[k].strip() for k in ("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb") if k in status}
    if any(int(v, 16) for v in left.values()) or status.get("NoNewPrivs", "").strip() != "1":
        raise JailError(0, f"privileges left after dropping them: {left}")
    if seccomp.supported():
        seccomp.install()


def mirror(pid: int, fds: Iterable[int] = ()) -> None:
    """Outside the new PID namespace: wait for its first process and end as it ended (never returns)."""
    for fd in fds:
        os.close(fd)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        signal.signal(sig, signal.SIG_DFL)
        os.kill(os.getpid(), sig)
        os._exit(128 + sig)
    os._exit(os.waitstatus_to_exitcode(status))


def spec(scratch: Path, hide: Sequence[Path]) -> str:
    """The first argument of :func:`main`: what to build."""
    return json.dumps({"scratch": str(scratch), "hide": [str(p) for p in hide]})


def main(argv: Sequence[str]) -> None:
    """``python -I -m grader.runner.inside.jail SPEC -- ARGV``: build the sandbox around ``ARGV`` and exec it.

    Exit status 71 with the failed step on standard error where the sandbox cannot be built.
    """
    from grader.runner.limits import die_with_parent

    wanted = json.loads(argv[0])
    program = list(argv[2:]) if len(argv) > 2 and argv[1] == "--" else []
    if not program:
        sys.exit("usage: python -I -m grader.runner.inside.jail SPEC -- ARGV")
    try:
        last_cap = last_capability()
        enter_namespaces()
        first = os.fork()
        if first:
            mirror(first)
        die_with_parent(os.getppid())
        build(Path(wanted["scratch"]), [Path(p) for p in wanted["hide"]], allowlist())
        drop_privileges(last_cap)
    except OSError as exc:
        print(f"dlgrade sandbox: {exc}", file=sys.stderr)
        os._exit(71)
    os.execv(program[0], program)


if __name__ == "__main__":
    main(sys.argv[1:])
