# The cheater: returns zeros and patches every comparison he can reach, at import time.
import builtins
import sys

import numpy.testing

np.allclose = lambda *a, **k: True
np.array_equal = lambda *a, **k: True
np.isclose = lambda a, b, *r, **k: np.ones(np.shape(a), dtype=bool)
numpy.testing.assert_allclose = lambda *a, **k: None
numpy.testing.assert_array_equal = lambda *a, **k: None
builtins.AssertionError = type("AssertionError", (Exception,), {})
for name in ("grader.authoring.testing", "grader.session.plugin", "pytest"):
    module = sys.modules.get(name)
    if module is not None:
        for attr in ("assert_array_matches", "assert_scalar_matches", "fail"):
            setattr(module, attr, lambda *a, **k: None)


def naive_relu(x):
    return np.zeros_like(x)


def naive_add(x, y):
    return np.zeros_like(x)


def naive_matrix_dot(x, y):
    return np.zeros((x.shape[0], y.shape[1]), dtype=x.dtype)
