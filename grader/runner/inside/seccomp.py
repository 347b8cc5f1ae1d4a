"""A seccomp-BPF filter for the learner process: refuses the system calls a learner never needs.

:func:`install` loads a classic BPF program, built here by hand, with
``prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER)``. Refused calls fail with ``EPERM`` (``clone3``
with ``ENOSYS``, so that glibc falls back to ``clone``); nothing is ever killed. Besides
:data:`DENIED`, ``clone`` is refused when its flags ask for a new namespace, and ``socket`` /
``socketpair`` for any domain but ``AF_UNIX``. System calls of another ABI (i386 on x86_64,
x32, 32-bit ARM) are all refused. Everything else is allowed.

The filter covers the calling thread and everything it starts afterwards (threads, children,
programs it executes); it cannot be removed. Linux on x86_64 and aarch64 only (:func:`supported`);
importing the module works anywhere.
"""

from __future__ import annotations

import ctypes
import errno
import functools
import os
import platform
import struct
import sys

DENIED: tuple[str, ...] = (
    "ptrace", "mount", "umount2", "pivot_root", "chroot", "unshare", "setns",
    "keyctl", "add_key", "request_key", "bpf", "perf_event_open",
    "process_vm_readv", "process_vm_writev", "kexec_load", "init_module", "finit_module", "delete_module",
    "open_tree", "move_mount", "fsopen", "fsmount", "fsconfig", "fspick", "mount_setattr",
    # io_uring would open sockets without the socket call
    "userfaultfd", "kexec_file_load", "io_uring_setup", "io_uring_enter", "io_uring_register", "clone3",
)
"""System calls always refused: ``EPERM``, except ``clone3`` (``ENOSYS``)."""

# from linux/unistd_64.h (x86_64) and asm-generic/unistd.h (aarch64, checked against musl's table)
_NUMBERS: dict[str, dict[str, int]] = {
    "x86_64": {
        "ptrace": 101, "mount": 165, "umount2": 166, "pivot_root": 155, "chroot": 161, "unshare": 272,
        "setns": 308, "keyctl": 250, "add_key": 248, "request_key": 249, "bpf": 321, "perf_event_open": 298,
        "process_vm_readv": 310, "process_vm_writev": 311, "kexec_load": 246, "init_module": 175,
        "finit_module": 313, "delete_module": 176, "open_tree": 428, "move_mount": 429, "fsopen": 430,
        "fsconfig": 431, "fsmount": 432, "fspick": 433, "mount_setattr": 442, "userfaultfd": 323,
        "kexec_file_load": 320, "io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427,
        "clone3": 435, "clone": 56, "socket": 41, "socketpair": 53,
    },
    "aarch64": {
        "ptrace": 117, "mount": 40, "umount2": 39, "pivot_root": 41, "chroot": 51, "unshare": 97,
        "setns": 268, "keyctl": 219, "add_key": 217, "request_key": 218, "bpf": 280, "perf_event_open": 241,
        "process_vm_readv": 270, "process_vm_writev": 271, "kexec_load": 104, "init_module": 105,
        "finit_module": 273, "delete_module": 106, "open_tree": 428, "move_mount": 429, "fsopen": 430,
        "fsconfig": 431, "fsmount": 432, "fspick": 433, "mount_setattr": 442, "userfaultfd": 282,
        "kexec_file_load": 294, "io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427,
        "clone3": 435, "clone": 220, "socket": 198, "socketpair": 199,
    },
}
_AUDIT_ARCH = {"x86_64": 0xC000003E, "aarch64": 0xC00000B7}  # EM_* | __AUDIT_ARCH_64BIT | __AUDIT_ARCH_LE
_X32_SYSCALL_BIT = 0x40000000
CLONE_NAMESPACES = 0x10000000 | 0x00020000 | 0x40000000 | 0x20000000 | 0x08000000 | 0x04000000 | 0x02000000
"""CLONE_NEWUSER | NEWNS | NEWNET | NEWPID | NEWIPC | NEWUTS | NEWCGROUP: ``clone`` flags refused."""
_AF_UNIX = 1

_LD_W_ABS, _JEQ, _JGE, _JSET, _RET = 0x20, 0x15, 0x35, 0x45, 0x06  # BPF_LD|W|ABS, BPF_JMP|op|K, BPF_RET|K
_NR, _ARCH, _ARG0 = 0, 4, 16  # offsets in struct seccomp_data (arg0's low 32 bits: little-endian)
_ALLOW, _ERRNO = 0x7FFF0000, 0x00050000  # SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO
_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, _PR_SET_NO_NEW_PRIVS = 22, 2, 38


class SeccompError(OSError):
    """The filter could not be installed (the message names the step), or the architecture is not handled."""


def supported() -> bool:
    """Whether this machine is Linux on an architecture the filter handles (x86_64, aarch64)."""
    return sys.platform.startswith("linux") and platform.machine() in _NUMBERS


_Insn = tuple[int, int | str, int | str, int]  # code, jump-if-true, jump-if-false (offset or label), k


def _assemble(program: list[_Insn | str]) -> bytes:
    """``struct sock_filter`` array from instructions and label names (a label marks the next instruction)."""
    labels: dict[str, int] = {}
    insns: list[_Insn] = []
    for item in program:
        if isinstance(item, str):
            labels[item] = len(insns)
        else:
            insns.append(item)

    def offset(at: int, target: int | str) -> int:
        return target if isinstance(target, int) else labels[target] - at - 1  # jumps are relative to the next insn

    return b"".join(struct.pack("=HBBI", code, offset(i, jt), offset(i, jf), k) for i, (code, jt, jf, k) in enumerate(insns))


@functools.cache
def _program(machine: str) -> bytes:
    """The filter for one architecture."""
    nr = _NUMBERS[machine]
    prog: list[_Insn | str] = [
        (_LD_W_ABS, 0, 0, _ARCH),
        (_JEQ, 0, "deny", _AUDIT_ARCH[machine]),  # another ABI's numbers mean other calls: refuse them all
        (_LD_W_ABS, 0, 0, _NR),
    ]
    if machine == "x86_64":
        prog.append((_JGE, "deny", 0, _X32_SYSCALL_BIT))  # x32 calls share the x86_64 arch value
    prog += [(_JEQ, "deny", 0, nr[name]) for name in DENIED if name != "clone3"]
    prog += [
        (_JEQ, "enosys", 0, nr["clone3"]),
        (_JEQ, "clone", 0, nr["clone"]),
        (_JEQ, "socket", 0, nr["socket"]),
        (_JEQ, "socket", 0, nr["socketpair"]),
        (_RET, 0, 0, _ALLOW),
        "clone",
        (_LD_W_ABS, 0, 0, _ARG0),  # flags: legacy clone only looks at the low 32 bits
        (_JSET, "deny", "allow", CLONE_NAMESPACES),
        "socket",
        (_LD_W_ABS, 0, 0, _ARG0),  # domain (an int)
        (_JEQ, "allow", "deny", _AF_UNIX),
        "allow",
        (_RET, 0, 0, _ALLOW),
        "deny",
        (_RET, 0, 0, _ERRNO | errno.EPERM),
        "enosys",
        (_RET, 0, 0, _ERRNO | errno.ENOSYS),
    ]
    return _assemble(prog)


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def install() -> None:
    """Set ``no_new_privs`` and install the filter on the calling thread and its future threads and children.

    Raises :class:`SeccompError` on an unsupported system or if a ``prctl`` call fails.
    """
    machine = platform.machine()
    if not supported():
        raise SeccompError(errno.ENOTSUP, f"seccomp filter: unsupported system {sys.platform}/{machine}")
    code = _program(machine)
    prctl = ctypes.CDLL(None, use_errno=True).prctl  # created here: the module must import on any OS
    prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    prctl.restype = ctypes.c_int
    buffer = ctypes.create_string_buffer(code, len(code))
    fprog = _SockFprog(len(code) // 8, ctypes.addressof(buffer))
    for what, args in (
        ("setting no_new_privs", (_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)),  # required to filter without CAP_SYS_ADMIN
        ("installing the seccomp filter", (_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.addressof(fprog), 0, 0)),
    ):
        if prctl(*args) != 0:
            err = ctypes.get_errno()
            raise SeccompError(err, f"{what}: {os.strerror(err)}")
