# ruff: noqa
# Leaves processes behind: a child in its own session and a double-forked daemon that ignores
# SIGTERM/SIGHUP, both started at import, and one more per call.
import os
import subprocess

MARKER = "__MARKER__"


def _linger():
    subprocess.Popen(["/bin/sh", "-c", "sleep 600; :", MARKER], start_new_session=True,
                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    pid = os.fork()
    if pid == 0:
        try:
            os.setsid()
            if os.fork() == 0:
                os.execv("/bin/sh", ["/bin/sh", "-c", "trap '' TERM HUP; sleep 600; :", MARKER])
        finally:
            os._exit(0)
    os.waitpid(pid, 0)


_linger()


def naive_add(x, y):
    _linger()
    return x
