"""Make this interpreter look like Windows' or macOS's Python to dlgrade; loaded as ``sitecustomize``.

The portability tests copy this file as ``sitecustomize.py`` into a folder on the
``PYTHONPATH`` of a subprocess, with ``DLGRADE_FOREIGN_OS`` set to

* ``windows``: the POSIX-only modules (``fcntl``, ``resource``, ``termios`` …) cannot be
  imported, ``ctypes.CDLL(None)`` fails as it does there, and ``os`` lacks the POSIX-only calls;
* ``macos``: ``fcntl`` has no memfd seals, ``os`` no ``memfd_create`` nor CPU affinity.

Neither has ``/proc``.
"""

from __future__ import annotations

import builtins
import ctypes
import errno
import importlib.abc
import io
import os
import sys
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

WINDOWS_MODULES = frozenset({"fcntl", "resource", "termios", "tty", "pty", "grp", "pwd", "syslog", "_posixshmem",
                             "crypt", "spwd", "nis", "ossaudiodev", "posix_ipc"})
"""Modules Windows' Python does not have (``posix`` and ``_posixsubprocess`` stay: ``os`` and ``subprocess`` need them here)."""
WINDOWS_OS = ("fork", "forkpty", "setsid", "killpg", "getuid", "geteuid", "getgid", "getegid", "getpgid", "setpgid",
              "sched_setaffinity", "sched_getaffinity", "memfd_create", "MFD_CLOEXEC", "MFD_ALLOW_SEALING", "wait4",
              "pidfd_open", "eventfd", "setresuid", "setresgid", "unshare")
MACOS_OS = ("memfd_create", "MFD_CLOEXEC", "MFD_ALLOW_SEALING", "sched_setaffinity", "sched_getaffinity",
            "pidfd_open", "eventfd", "unshare")
MACOS_FCNTL = ("F_SEAL_SEAL", "F_SEAL_SHRINK", "F_SEAL_GROW", "F_SEAL_WRITE", "F_SEAL_FUTURE_WRITE", "F_ADD_SEALS",
               "F_GET_SEALS")


class Blocked(importlib.abc.MetaPathFinder):
    """Refuses to find the modules this operating system does not have."""

    def __init__(self, names: frozenset[str]) -> None:
        self.names = names

    def find_spec(self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None) -> None:
        """Raise for a blocked module, as Python does for a module that does not exist."""
        if fullname.split(".", maxsplit=1)[0] in self.names:
            raise ModuleNotFoundError(f"No module named {fullname!r}", name=fullname)


def _under_proc(path: object) -> bool:
    if isinstance(path, (str, bytes, os.PathLike)):
        return os.path.abspath(os.fsdecode(path)).startswith("/proc")
    return False


def _without_proc(function: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        where = args[0] if args else kwargs.get("path", kwargs.get("file"))
        if _under_proc(where):
            raise FileNotFoundError(errno.ENOENT, "No such file or directory (this system has no /proc)", str(where))
        return function(*args, **kwargs)

    return wrapper


class _NoNullLibrary(ctypes.CDLL):
    def __init__(self, name: str | None, *args: Any, **kwargs: Any) -> None:
        if name is None:  # Windows' LoadLibrary takes no None: there is no "this process's symbols" handle
            raise TypeError("LoadLibrary() argument 1 must be str, not None")
        super().__init__(name, *args, **kwargs)


def _forget(module: ModuleType, names: Sequence[str]) -> None:
    for name in names:
        if hasattr(module, name):
            delattr(module, name)


def install(system: str) -> None:
    """Make this interpreter look like ``system``'s (``windows`` or ``macos``)."""
    if system == "windows":
        for name in WINDOWS_MODULES:
            sys.modules.pop(name, None)
        sys.meta_path.insert(0, Blocked(WINDOWS_MODULES))
        ctypes.CDLL = _NoNullLibrary  # type: ignore[misc]  # the point: CDLL(None) fails as on Windows
        _forget(os, WINDOWS_OS)
    elif system == "macos":
        import fcntl

        _forget(fcntl, MACOS_FCNTL)
        _forget(os, MACOS_OS)
    else:
        raise ValueError(f"DLGRADE_FOREIGN_OS={system!r}: expected windows or macos")
    for name in ("stat", "lstat", "listdir", "scandir", "open", "access", "readlink"):
        setattr(os, name, _without_proc(getattr(os, name)))
    builtins.open = io.open = _without_proc(io.open)


if __name__ == "sitecustomize":  # copied as such by the tests; importing this file changes nothing
    install(os.environ.get("DLGRADE_FOREIGN_OS", ""))
