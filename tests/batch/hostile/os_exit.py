# ruff: noqa
# Ends its own process in the middle of a call, with a "success" status.
import os


def naive_add(x, y):
    os._exit(0)
