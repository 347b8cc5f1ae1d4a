# Crashes: kills its own process in one function, segfaults in another.
def naive_matrix_dot(x, y):
    import os

    os._exit(1)


def naive_transpose(x):
    import ctypes

    return ctypes.string_at(0)  # reads address 0: SIGSEGV
