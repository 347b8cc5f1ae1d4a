"""Trusted functions that suites pass to learner code by name.

A Python function cannot cross from the trusted grading process into the learner's
process, so a suite passes ``grader.authoring.testing.named(name, **params)`` instead; the runner
calls :func:`build` in the learner's process to make the function, and the trusted side
calls the same :func:`build` (through ``grader.authoring.testing.build_named``) to compute its
references. ``params`` must be JSON-able (numbers, strings, lists).

This module runs inside the learner's process: it imports only the standard library and
NumPy, never another grader module, a solution or Keras. Every call of :func:`build`
returns a fresh callable; the callables keep no state between calls, never modify their
arguments. The scalar (``f``) and tensor (``F``) functions compute in float64 whatever dtype
they are given; the loss-and-gradient functions (``L``) compute in NumPy's dtype for their
inputs and return the gradient in ``w``'s dtype (so float32 training stays float32).

The library (``f``: scalar -> float; ``F``: tensor -> float; ``L``: least-squares style
``(w, xb, yb) -> (loss, grad)``):

========================  =====  ===========================================================
name and params           kind   function
========================  =====  ===========================================================
``poly(coeffs)``          f      ``sum(c[i] * x**i)`` (ascending powers)
``sin``, ``cos``,         f      the NumPy function of a float64 scalar
``exp``, ``tanh``
``log``                   f      natural logarithm (``x > 0``)
``sigmoid``               f      ``1 / (1 + exp(-x))``, stable
``softplus``              f      ``log(1 + exp(x))``, stable
``affine(a, b)``          f      ``a * x + b``
``sum_squares``           F      ``sum(W**2)``
``weighted_squares``      F      ``sum(k * W**2)``, ``k = 1, 2, ...`` in row-major order (so
                                 every element has its own derivative ``2 * k * W``)
``logsumexp``             F      ``log(sum(exp(W)))``, stable; gradient ``softmax(W)``
``quadratic(seed)``       F      ``0.5 * w @ A @ w + c @ w`` with ``w = W.ravel()``, ``A``
                                 symmetric positive definite and ``c`` drawn from
                                 ``default_rng(seed)`` for ``W.size``: see
                                 :func:`quadratic_coefficients`
``least_squares``         L      ``mean((xb @ w - yb)**2)`` and its gradient
                                 ``2 * xb.T @ (xb @ w - yb) / len(xb)``
``batch_probe``           L      loss ``sum(2.0**yb)`` (with ``y = arange(n)`` it spells out
                                 which samples the batch holds), gradient ``ones_like(w)``
========================  =====  ===========================================================
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

import numpy as np

__all__ = ["NAMES", "build", "quadratic_coefficients"]

_Fn = Callable[..., object]
_Builder = Callable[[str, Mapping[str, object]], _Fn]


# --------------------------------------------------------------------------- parameters


def _no_params(name: str, params: Mapping[str, object]) -> None:
    if params:
        raise ValueError(f"named function {name!r} takes no parameters, got {sorted(params)}")


def _only(name: str, params: Mapping[str, object], allowed: set[str]) -> None:
    unknown = set(params) - allowed
    if unknown:
        raise ValueError(
            f"named function {name!r} got unknown parameters {sorted(unknown)}; it takes {sorted(allowed)}"
        )


def _real(name: str, key: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(  # the runner's protocol wants ValueError for bad params
            f"named function {name!r}: {key} must be a number, got {value!r}"
        )
    if not math.isfinite(value):
        raise ValueError(f"named function {name!r}: {key} must be finite, got {value!r}")
    return float(value)


def _scalar(x: object) -> float:
    """Convert a learner's scalar argument (Python, NumPy or 0-d array) to a float."""
    return float(np.asarray(x, dtype=np.float64))


# --------------------------------------------------------------------- scalar functions


def _poly(name: str, params: Mapping[str, object]) -> Callable[[float], float]:
    _only(name, params, {"coeffs"})
    if "coeffs" not in params:
        raise ValueError("named function 'poly' needs coeffs=[c0, c1, ...]")
    raw = params["coeffs"]
    if not isinstance(raw, list | tuple) or not raw:
        raise ValueError(f"poly: coeffs must be a non-empty list of numbers, got {raw!r}")
    coeffs = tuple(_real(name, "coeffs", c) for c in raw)

    def poly(x: float) -> float:
        t = _scalar(x)
        total = 0.0
        for c in reversed(coeffs):  # Horner's rule
            total = total * t + c
        return total

    return poly


def _ufunc(fn: Callable[[float], float]) -> _Builder:
    def make(name: str, params: Mapping[str, object]) -> Callable[[float], float]:
        _no_params(name, params)

        def scalar_function(x: float) -> float:
            return float(fn(_scalar(x)))

        scalar_function.__name__ = name
        return scalar_function

    return make


def _stable_sigmoid(t: float) -> float:
    if t >= 0:
        return 1.0 / (1.0 + math.exp(-t))
    z = math.exp(t)
    return z / (1.0 + z)


def _stable_softplus(t: float) -> float:
    return max(t, 0.0) + math.log1p(math.exp(-abs(t)))


def _log(t: float) -> float:
    if t <= 0:
        raise ValueError(f"log is defined for x > 0 only, got {t!r}")
    return math.log(t)


def _affine(name: str, params: Mapping[str, object]) -> Callable[[float], float]:
    _only(name, params, {"a", "b"})
    a = _real(name, "a", params.get("a", 1.0))
    b = _real(name, "b", params.get("b", 0.0))

    def affine(x: float) -> float:
        return a * _scalar(x) + b

    return affine


# --------------------------------------------------------------------- tensor functions


def _as_float64(tensor: object) -> np.ndarray:
    return np.array(tensor, dtype=np.float64)  # a copy: the caller's array is never touched


def _sum_squares(name: str, params: Mapping[str, object]) -> Callable[[np.ndarray], float]:
    _no_params(name, params)

    def sum_squares(tensor: np.ndarray) -> float:
        w = _as_float64(tensor)
        return float(np.sum(w * w))

    return sum_squares


def _weighted_squares(name: str, params: Mapping[str, object]) -> Callable[[np.ndarray], float]:
    _no_params(name, params)

    def weighted_squares(tensor: np.ndarray) -> float:
        w = _as_float64(tensor)
        k = np.arange(1, w.size + 1, dtype=np.float64).reshape(w.shape)
        return float(np.sum(k * w * w))

    return weighted_squares


def _logsumexp(name: str, params: Mapping[str, object]) -> Callable[[np.ndarray], float]:
    _no_params(name, params)

    def logsumexp(tensor: np.ndarray) -> float:
        w = _as_float64(tensor)
        if w.size == 0:
            raise ValueError("logsumexp of an empty tensor is -inf; give W at least one element")
        m = float(np.max(w))
        return m + float(np.log(np.sum(np.exp(w - m))))

    return logsumexp


def quadratic_coefficients(seed: int, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(A, c)`` of the named ``quadratic`` function for a tensor of ``size`` elements.

    ``A = M @ M.T / size + I`` (symmetric positive definite) and ``c``, with ``M`` and
    ``c`` standard normal from ``np.random.default_rng(seed)``; float64.
    """
    rng = np.random.default_rng(seed)
    m = rng.standard_normal((size, size))
    c = rng.standard_normal(size)
    a = m @ m.T / max(size, 1) + np.eye(size)
    return a, c


def _quadratic(name: str, params: Mapping[str, object]) -> Callable[[np.ndarray], float]:
    _only(name, params, {"seed"})
    seed = params.get("seed", 0)
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"quadratic: seed must be an int >= 0, got {seed!r}")
    cache: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def quadratic(tensor: np.ndarray) -> float:
        w = _as_float64(tensor).reshape(-1)
        if w.size not in cache:
            cache[w.size] = quadratic_coefficients(seed, w.size)
        a, c = cache[w.size]
        return float(0.5 * (w @ (a @ w)) + c @ w)

    return quadratic


# ------------------------------------------------------------------ loss-and-gradient (L)


def _least_squares(name: str, params: Mapping[str, object]) -> _Fn:
    _no_params(name, params)

    def least_squares(w: np.ndarray, xb: np.ndarray, yb: np.ndarray) -> tuple[float, np.ndarray]:
        w = np.asarray(w)
        xb = np.asarray(xb)
        yb = np.asarray(yb)
        if xb.ndim != 2 or w.ndim != 1 or xb.shape[1] != w.shape[0] or yb.shape != xb.shape[:1]:
            raise ValueError(f"least_squares wants w (d,), xb (b, d), yb (b,); got {w.shape}, {xb.shape}, {yb.shape}")
        if len(xb) == 0:
            raise ValueError("least_squares got an empty batch")
        residual = xb @ w - yb
        loss = float(np.mean(residual * residual))
        grad = (2 * (xb.T @ residual) / len(xb)).astype(w.dtype, copy=False)
        return loss, grad

    return least_squares


def _batch_probe(name: str, params: Mapping[str, object]) -> _Fn:
    _no_params(name, params)

    def batch_probe(w: np.ndarray, xb: np.ndarray, yb: np.ndarray) -> tuple[float, np.ndarray]:
        ids = np.asarray(yb, dtype=np.float64).reshape(-1)
        return float(np.sum(np.exp2(ids))), np.ones_like(np.asarray(w))

    return batch_probe


# ------------------------------------------------------------------------------- build

_BUILDERS: dict[str, _Builder] = {
    "poly": _poly,
    "sin": _ufunc(math.sin),
    "cos": _ufunc(math.cos),
    "exp": _ufunc(math.exp),
    "tanh": _ufunc(math.tanh),
    "log": _ufunc(_log),
    "sigmoid": _ufunc(_stable_sigmoid),
    "softplus": _ufunc(_stable_softplus),
    "affine": _affine,
    "sum_squares": _sum_squares,
    "weighted_squares": _weighted_squares,
    "logsumexp": _logsumexp,
    "quadratic": _quadratic,
    "least_squares": _least_squares,
    "batch_probe": _batch_probe,
}

NAMES: tuple[str, ...] = tuple(sorted(_BUILDERS))
"""Every name :func:`build` knows."""


def build(name: str, params: Mapping[str, object]) -> Callable[..., object]:
    """Build a fresh instance of the named trusted function.

    Args:
        name: one of :data:`NAMES`.
        params: its parameters (JSON-able values), e.g. ``{"coeffs": [1, 2, 3]}``.

    Returns:
        The callable.

    Raises:
        KeyError: if ``name`` is unknown.
        ValueError: if ``params`` are unknown, missing or of the wrong type.

    """
    try:
        builder = _BUILDERS[name]
    except KeyError:
        raise KeyError(f"unknown named function {name!r}; known: {', '.join(NAMES)}") from None
    if not isinstance(params, Mapping):
        raise ValueError(  # the runner's protocol wants ValueError for bad params
            f"params of {name!r} must be a mapping, got {type(params).__name__}"
        )
    return builder(name, dict(params))
