"""The seccomp filter: every refused call fails with EPERM after install(), works without it, and ordinary work goes on.

Refusals are tried in fresh Python processes (install() cannot be undone, so never in pytest's own): a probe
script forks once per call and reports the call's errno (0 for success) as JSON, with and without the filter.
The aarch64 filter, which this machine may not run, is also checked by a small BPF interpreter.
"""

from __future__ import annotations

import errno
import json
import os
import platform
import re
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from grader.paths import REPO
from grader.runner.inside import seccomp
from grader.runner.inside.seccomp import CLONE_NAMESPACES, DENIED, SeccompError, install, supported

ROOT = REPO
linux = pytest.mark.skipif(not supported(), reason="seccomp filter only on Linux x86_64/aarch64")
as_root = pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="unfiltered calls need root")
EXPECTED = {name: errno.ENOSYS if name == "clone3" else errno.EPERM for name in DENIED}
NAMESPACE_FLAGS = {"NEWUSER": 0x10000000, "NEWNS": 0x00020000, "NEWNET": 0x40000000, "NEWPID": 0x20000000,
                   "NEWIPC": 0x08000000, "NEWUTS": 0x04000000, "NEWCGROUP": 0x02000000}
SOCKETS_REFUSED = ("socket(AF_INET)", "socket(AF_INET6)", "socket(AF_NETLINK)", "socket(AF_PACKET)", "socketpair(AF_INET)")

PROBE = r'''
import ctypes, json, os, platform, socket, sys
from grader.runner.inside.seccomp import _NUMBERS, install

if sys.argv[1] == "filtered":
    install()
libc = ctypes.CDLL(None, use_errno=True)
NR = _NUMBERS[platform.machine()]
L = ctypes.c_long
NOWHERE = b"/nonexistent-dlgrade"


def call(name, *args):
    return libc.syscall(L(NR[name]), *[L(a) if isinstance(a, int) else a for a in args])


def clone(flags):
    pid = call("clone", flags | 17, 0, 0, 0, 0)  # | SIGCHLD; no new stack: a raw fork
    if pid == 0:
        os._exit(0)
    if pid > 0:
        os.waitpid(pid, 0)
    return pid


def sock(family, pair=False):
    if pair:
        socket.socketpair(family, socket.SOCK_STREAM)
    else:
        socket.socket(family, socket.SOCK_RAW if family == socket.AF_PACKET else socket.SOCK_DGRAM)
    return 0


PROBES = {
    "ptrace": lambda: call("ptrace", 0, 0, 0, 0),  # PTRACE_TRACEME
    "mount": lambda: call("mount", None, NOWHERE, None, 0, None),
    "umount2": lambda: call("umount2", NOWHERE, 0),
    "pivot_root": lambda: call("pivot_root", NOWHERE, NOWHERE),
    "chroot": lambda: call("chroot", NOWHERE),
    "unshare": lambda: call("unshare", 0x10000000),
    "setns": lambda: call("setns", -1, 0),
    "keyctl": lambda: call("keyctl", 9999, 0, 0, 0, 0),
    "add_key": lambda: call("add_key", None, None, None, 0, 0),
    "request_key": lambda: call("request_key", None, None, None, 0),
    "bpf": lambda: call("bpf", 9999, None, 0),
    "perf_event_open": lambda: call("perf_event_open", None, 0, -1, -1, 0),
    "process_vm_readv": lambda: call("process_vm_readv", os.getpid(), None, 0, None, 0, 0),
    "process_vm_writev": lambda: call("process_vm_writev", os.getpid(), None, 0, None, 0, 0),
    "kexec_load": lambda: call("kexec_load", 0, 0, None, 0x8000),  # an invalid flag: never unloads anything
    "init_module": lambda: call("init_module", None, 0, b""),
    "finit_module": lambda: call("finit_module", -1, b"", 0),
    "delete_module": lambda: call("delete_module", b"nonexistent_dlgrade", 0),
    "open_tree": lambda: call("open_tree", -1, NOWHERE, 0),
    "move_mount": lambda: call("move_mount", -1, NOWHERE, -1, NOWHERE, 0),
    "fsopen": lambda: call("fsopen", b"nonexistent_dlgrade", 0),
    "fsmount": lambda: call("fsmount", -1, 0, 0),
    "fsconfig": lambda: call("fsconfig", -1, 0, None, None, 0),
    "fspick": lambda: call("fspick", -1, NOWHERE, 0),
    "mount_setattr": lambda: call("mount_setattr", -1, NOWHERE, 0, None, 0),
    "userfaultfd": lambda: call("userfaultfd", 0),
    "kexec_file_load": lambda: call("kexec_file_load", -1, -1, 0, None, 0x8000),  # an invalid flag: loads nothing
    "io_uring_setup": lambda: call("io_uring_setup", 0, None),  # no entries: EINVAL where allowed
    "io_uring_enter": lambda: call("io_uring_enter", -1, 0, 0, 0, None, 0),
    "io_uring_register": lambda: call("io_uring_register", -1, 0, None, 0),
    "clone3": lambda: call("clone3", None, 0),
    "libc.ptrace(PTRACE_TRACEME)": lambda: libc.ptrace(0, 0, None, None),
    "libc.mount": lambda: libc.mount(None, NOWHERE, None, L(0), None),
    "libc.unshare(CLONE_NEWUSER)": lambda: libc.unshare(0x10000000),
    "libc.chroot": lambda: libc.chroot(NOWHERE),
    "socket(AF_INET)": lambda: sock(socket.AF_INET),
    "socket(AF_INET6)": lambda: sock(socket.AF_INET6),
    "socket(AF_NETLINK)": lambda: sock(socket.AF_NETLINK),
    "socket(AF_PACKET)": lambda: sock(socket.AF_PACKET),
    "socketpair(AF_INET)": lambda: sock(socket.AF_INET, pair=True),
    "socket(AF_UNIX)": lambda: sock(socket.AF_UNIX),
    "socketpair(AF_UNIX)": lambda: sock(socket.AF_UNIX, pair=True),
    "clone(plain fork)": lambda: clone(0),
    **{f"clone(CLONE_{name})": (lambda f=flag: clone(f)) for name, flag in json.loads(sys.argv[2]).items()},
}
if platform.machine() == "x86_64":
    PROBES["x32 getpid"] = lambda: libc.syscall(L(39 | 0x40000000))


def errno_of(probe):
    pid = os.fork()
    if pid == 0:
        try:
            ctypes.set_errno(0)
            os._exit(ctypes.get_errno() if probe() < 0 else 0)
        except OSError as exc:
            os._exit(exc.errno)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


print(json.dumps({name: errno_of(probe) for name, probe in PROBES.items()}))
'''


def python(code: str, *args: str) -> str:
    """Run ``code`` in a fresh Python at the project root; its stdout (the run must succeed)."""
    result = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


def after_install(code: str) -> str:
    """Run ``code`` in a fresh Python after ``install()``; its stdout."""
    return python("from grader.runner.inside.seccomp import install\ninstall()\n" + code)


@pytest.fixture(scope="module")
def filtered() -> dict[str, int]:
    """Errno of every probe in a process with the filter (0: the call succeeded)."""
    return dict(json.loads(python(PROBE, "filtered", json.dumps(NAMESPACE_FLAGS))))


@pytest.fixture(scope="module")
def unfiltered() -> dict[str, int]:
    """Errno of every probe in a process without the filter."""
    return dict(json.loads(python(PROBE, "plain", json.dumps(NAMESPACE_FLAGS))))


@linux
@pytest.mark.parametrize("name", DENIED)
def test_denied_call_is_refused(filtered: dict[str, int], name: str) -> None:
    """Each refused system call fails with EPERM (clone3 with ENOSYS) once the filter is installed."""
    assert filtered[name] == EXPECTED[name], errno.errorcode.get(filtered[name], filtered[name])


@linux
@as_root
@pytest.mark.parametrize("name", DENIED)
def test_denied_call_is_not_refused_without_filter(unfiltered: dict[str, int], name: str) -> None:
    """Without the filter the same call gets another answer (success, ENOENT, EBADF …), so the test above can fail."""
    assert unfiltered[name] != EXPECTED[name]


@linux
@pytest.mark.parametrize("name", ["libc.ptrace(PTRACE_TRACEME)", "libc.mount", "libc.unshare(CLONE_NEWUSER)", "libc.chroot"])
def test_libc_wrappers_are_refused(filtered: dict[str, int], unfiltered: dict[str, int], name: str) -> None:
    """Through glibc's own wrappers (its own syscall numbers, not the module's table) the calls are refused too."""
    assert filtered[name] == errno.EPERM
    if os.geteuid() == 0:
        assert unfiltered[name] != errno.EPERM


@linux
@pytest.mark.parametrize("flag", NAMESPACE_FLAGS)
def test_clone_into_a_new_namespace_is_refused(filtered: dict[str, int], unfiltered: dict[str, int], flag: str) -> None:
    """``clone`` asking for any new namespace is refused; as root without the filter it succeeds."""
    assert filtered[f"clone(CLONE_{flag})"] == errno.EPERM
    if os.geteuid() == 0:
        assert unfiltered[f"clone(CLONE_{flag})"] == 0


@linux
@pytest.mark.parametrize("name", SOCKETS_REFUSED)
def test_sockets_other_than_unix_are_refused(filtered: dict[str, int], unfiltered: dict[str, int], name: str) -> None:
    """``socket``/``socketpair`` of any family but AF_UNIX fail with EPERM."""
    assert filtered[name] == errno.EPERM
    if os.geteuid() == 0:
        assert unfiltered[name] != errno.EPERM


@linux
def test_inet_socket_works_without_filter(unfiltered: dict[str, int]) -> None:
    """A process without the filter opens an AF_INET socket (the control for the refusals)."""
    assert unfiltered["socket(AF_INET)"] == 0


@linux
@pytest.mark.parametrize("name", ["socket(AF_UNIX)", "socketpair(AF_UNIX)", "clone(plain fork)"])
def test_unix_sockets_and_plain_clone_are_allowed(filtered: dict[str, int], name: str) -> None:
    """AF_UNIX sockets and a ``clone`` without namespace flags still work under the filter."""
    assert filtered[name] == 0


@pytest.mark.skipif(platform.machine() != "x86_64" or not supported(), reason="x32 is an x86_64 ABI")
def test_x32_calls_are_refused(filtered: dict[str, int], unfiltered: dict[str, int]) -> None:
    """An x32 system call (number | 0x40000000) is refused: it would dodge the x86_64 number table."""
    assert filtered["x32 getpid"] == errno.EPERM
    assert unfiltered["x32 getpid"] != errno.EPERM  # ENOSYS without CONFIG_X86_X32_ABI


@linux
def test_filter_is_installed_with_no_new_privs() -> None:
    """After install() the kernel reports seccomp filter mode and no_new_privs."""
    status = after_install("print(open('/proc/self/status').read())")
    assert re.search(r"^Seccomp:\s+2$", status, re.MULTILINE)
    assert re.search(r"^NoNewPrivs:\s+1$", status, re.MULTILINE)


@linux
def test_unix_socketpair_carries_data() -> None:
    """An AF_UNIX socket pair (the runner's pipe to the grader) carries data under the filter."""
    code = "import socket\na, b = socket.socketpair()\na.sendall(b'ping')\nprint(b.recv(4).decode())"
    assert after_install(code).strip() == "ping"


@linux
def test_fork_and_wait() -> None:
    """``os.fork`` and ``waitpid`` work and the child's exit status comes back."""
    code = "import os\npid = os.fork()\nif pid == 0:\n    os._exit(7)\nprint(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))"
    assert after_install(code).strip() == "7"


@linux
def test_threads_start() -> None:
    """A thread starts and runs (glibc's clone3 gets ENOSYS and falls back to clone)."""
    code = "import threading\nout = []\nt = threading.Thread(target=out.append, args=(42,))\nt.start()\nt.join()\nprint(out)"
    assert after_install(code).strip() == "[42]"


@linux
def test_numpy_matmul() -> None:
    """NumPy imports and multiplies matrices (its BLAS may start threads) under the filter."""
    code = "import numpy as np\na = np.arange(40000.0).reshape(200, 200)\nprint(float((a @ a.T).trace()))"
    a = [[float(200 * i + j) for j in range(200)] for i in range(200)]
    assert float(after_install(code)) == sum(x * x for row in a for x in row)


@linux
def test_subprocess_runs() -> None:
    """A subprocess (``/bin/true``) starts and ends normally; the filter follows it across exec."""
    code = "import subprocess\nprint(subprocess.run(['/bin/true'], check=False).returncode)"
    assert after_install(code).strip() == "0"


def test_unsupported_architecture(monkeypatch: pytest.MonkeyPatch) -> None:
    """On an architecture without a number table supported() is false and install() raises SeccompError."""
    monkeypatch.setattr(platform, "machine", lambda: "riscv64")
    assert not supported()
    with pytest.raises(SeccompError, match="unsupported") as info:
        install()
    assert isinstance(info.value, OSError)
    assert info.value.errno == errno.ENOTSUP


HEADERS = {"x86_64": Path("/usr/include/x86_64-linux-gnu/asm/unistd_64.h"),
           "aarch64": Path("/usr/include/asm-generic/unistd.h")}


@pytest.mark.parametrize("machine", sorted(HEADERS))
def test_numbers_match_kernel_headers(machine: str) -> None:
    """The module's number tables agree with the kernel headers installed here (when they are)."""
    header = HEADERS[machine]
    if not header.is_file():
        pytest.skip(f"{header} not installed")
    defined = {m[1]: int(m[2]) for m in re.finditer(r"^#define __NR_(\w+)\s+(\d+)\s*$", header.read_text(), re.MULTILINE)}
    assert {name: defined.get(name) for name in seccomp._NUMBERS[machine]} == seccomp._NUMBERS[machine]


def run_bpf(program: bytes, nr: int, arch: int, arg0: int = 0) -> int:
    """What a classic BPF seccomp program returns for one call (only the instructions the filter uses)."""
    data = struct.pack("=iIQ6Q", nr, arch, 0, arg0, 0, 0, 0, 0, 0)
    insns = [struct.unpack_from("=HBBI", program, i) for i in range(0, len(program), 8)]
    pc, acc = 0, 0
    while True:
        code, jt, jf, k = insns[pc]
        if code == 0x06:
            return k
        if code == 0x20:
            acc, pc = struct.unpack_from("=I", data, k)[0], pc + 1
            continue
        taken = {0x15: acc == k, 0x35: acc >= k, 0x45: bool(acc & k)}[code]
        pc += 1 + (jt if taken else jf)


@pytest.mark.parametrize("machine", sorted(seccomp._NUMBERS))
def test_program_decisions(machine: str) -> None:
    """Each architecture's program (aarch64's too, on any machine) decides every case as the rules say."""
    program, numbers, arch = seccomp._program(machine), seccomp._NUMBERS[machine], seccomp._AUDIT_ARCH[machine]
    allow, eperm, enosys = 0x7FFF0000, 0x00050000 | errno.EPERM, 0x00050000 | errno.ENOSYS
    for name in DENIED:
        assert run_bpf(program, numbers[name], arch) == (enosys if name == "clone3" else eperm), name
    for flag in NAMESPACE_FLAGS.values():
        assert run_bpf(program, numbers["clone"], arch, flag | 17) == eperm
    assert run_bpf(program, numbers["clone"], arch, 0x3D0F00 | (1 << 32)) == allow  # a thread's flags; high bits ignored
    assert sum(NAMESPACE_FLAGS.values()) == CLONE_NAMESPACES
    for name in ("socket", "socketpair"):
        assert run_bpf(program, numbers[name], arch, 1) == allow
        assert run_bpf(program, numbers[name], arch, 2) == eperm
    allowed = set(range(500)) - {numbers[name] for name in (*DENIED, "clone", "socket", "socketpair")}
    assert all(run_bpf(program, nr, arch) == allow for nr in allowed)
    assert run_bpf(program, 20, 0x40000003) == eperm  # i386 / 32-bit ARM numbers mean other calls
    if machine == "x86_64":
        assert run_bpf(program, 39 | 0x40000000, arch) == eperm  # x32 getpid
