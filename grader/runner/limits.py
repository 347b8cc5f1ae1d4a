"""Resource limits and environment of the learner process."""

from __future__ import annotations

import ctypes
import os
import resource
import signal
import sys
from dataclasses import dataclass
from pathlib import Path

NOBODY = 65534
"""The learner's user at the ``uid`` and ``namespaces`` levels."""
PIDS_MAX = 64
"""Processes and threads one learner process tree may have (``namespaces`` level)."""
_PASSED_ENV = ("PATH", "LANG", "LC_ALL", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "TZ")


@dataclass(frozen=True)
class Limits:
    """Limits applied to every learner process.

    Attributes:
        cpu_seconds: CPU time for the whole learner process (RLIMIT_CPU).
        memory_bytes: address-space cap (RLIMIT_AS), ``None`` for none.
        output_bytes: largest file the learner process may write (RLIMIT_FSIZE), which also
            caps what it prints.
        threads: BLAS/OpenMP threads (1 keeps results identical on every machine).
    """

    cpu_seconds: int = 300
    memory_bytes: int | None = 4 * 1024**3
    output_bytes: int = 64 * 1024**2
    threads: int = 1

    def environment(self, scratch: Path) -> dict[str, str]:
        """The learner process's environment: nothing of the grader's but the basics."""
        env = {k: os.environ[k] for k in _PASSED_ENV if k in os.environ}
        n = str(self.threads)
        env.update(
            HOME=str(scratch),
            TMPDIR=str(scratch),
            PYTHONHASHSEED="0",
            PYTHONDONTWRITEBYTECODE="1",
            OMP_NUM_THREADS=n,
            OPENBLAS_NUM_THREADS=n,
            MKL_NUM_THREADS=n,
            TF_NUM_INTRAOP_THREADS=n,
            TF_NUM_INTEROP_THREADS=n,
            TF_CPP_MIN_LOG_LEVEL="3",
            KERAS_BACKEND="tensorflow",
            KERAS_HOME=str(scratch / ".keras"),
        )
        return env

    def apply(self) -> None:
        """Set the rlimits (runs in the child between fork and exec).

        SIGXFSZ is ignored so that printing past the output cap fails the write
        (an ``OSError`` in the learner's code) instead of killing the process.
        """
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_CPU, (self.cpu_seconds, self.cpu_seconds + 5))
        resource.setrlimit(resource.RLIMIT_FSIZE, (self.output_bytes, self.output_bytes))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        if self.memory_bytes is not None:
            resource.setrlimit(resource.RLIMIT_AS, (self.memory_bytes, self.memory_bytes))


_PR_SET_PDEATHSIG = 1
_LIBC = ctypes.CDLL(None, use_errno=True) if sys.platform.startswith("linux") else None


def die_with_parent(parent: int) -> None:
    """Have the kernel kill this process when ``parent`` (the grading session) dies (runs before exec).

    A grading session that is stopped or killed cannot stop its learner processes itself; without
    this they would run on until their CPU limit. At ``namespaces`` the learner's ``unshare``
    wrapper passes the signal on (``--kill-child``), and the end of its PID namespace ends every
    process in it. Linux only (elsewhere a no-op); set after any change of user, which clears it.
    """
    if _LIBC is None:
        return
    _LIBC.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)
