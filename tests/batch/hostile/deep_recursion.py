# ruff: noqa
# Lifts the recursion limit and recurses forever through C code (map), so the C stack
# overflows: the learner process dies of SIGSEGV.
import sys

sys.setrecursionlimit(10**7)


def naive_add(x, y):
    return list(map(naive_add, [x], [y]))
