# ruff: noqa
# Forks until the system refuses (at most 5000 attempts, so a missing limit cannot take the
# machine down); every child lingers as a sleeping shell.
import os

MARKER = "__MARKER__"


def naive_add(x, y):
    for _ in range(5000):
        try:
            pid = os.fork()
        except OSError:
            break
        if pid == 0:
            try:
                os.execv("/bin/sh", ["/bin/sh", "-c", "sleep 600; :", MARKER])
            finally:
                os._exit(0)
    return np.zeros_like(x)
