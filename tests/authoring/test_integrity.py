"""Static integrity check of naive_* functions (grader.authoring.integrity) and its place in call_naive.

The checker reads source text only: every test here hands it a module's source, never a
module object. Sources are small modules written for the case, the reference solution, the
variant and mutant corpora, and the hostile forge_integrity submission.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import numpy as np
import pytest

from grader.authoring import integrity
from grader.authoring.testing import MIN_WATCHED_ELEMENTS, call_naive
from grader.catalogue import POINTS
from grader.paths import REPO
from grader.runner.client import InProcessLearner
from grader.runner.errors import IntegrityViolation
from tests.suites.corpus import MUTANTS, SOLUTIONS, VARIANTS, Override, load

ROOT = REPO
NAIVE = [f for f in POINTS["tensor_ops"] if f.startswith("naive_")]
SOLUTION = (SOLUTIONS / "tensor_ops.py").read_text(encoding="utf-8")
PADDED = ["relu_padded_asarray", "relu_padded_view", "relu_padded_getattr"]


def _module(body: str, prelude: str = "import numpy as np\n") -> str:
    return prelude + "\n\n" + textwrap.dedent(body).strip() + "\n"


def _found(source: str, function: str = "naive_relu") -> list[tuple[str | None, str]]:
    return [(v.function, v.construct) for v in integrity.check(source, function)]


def _constructs(source: str, function: str = "naive_relu") -> list[str]:
    return [v.construct for v in integrity.check(source, function)]


def _with_override(override: Override) -> str:
    return f"{SOLUTION}\n\n# ---- override ----\n{override.path.read_text(encoding='utf-8')}"


HONEST_RELU = """
def naive_relu(x):
    if x.ndim != 2:
        raise ValueError(f"x must be 2D, got shape {x.shape}")
    z = x.copy()
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            z[i, j] = max(x[i, j], 0)
    return z
"""


# --- what passes ---------------------------------------------------------------------------------
@pytest.mark.parametrize("function", NAIVE)
def test_every_reference_solution_passes_clean(function: str) -> None:
    """Each naive_* function of solutions/tensor_ops.py (and the helpers it calls) has no violation."""
    assert integrity.check(SOLUTION, function) == ()


@pytest.mark.parametrize("variant", [v for v in load(VARIANTS) if v.module == "tensor_ops"], ids=lambda v: v.name)
def test_every_variant_passes_clean(variant: Override) -> None:
    """Every naive_* function of every tensor_ops variant (appended to the solution, as graded) has no violation."""
    source = _with_override(variant)
    assert {f: integrity.check(source, f) for f in NAIVE} == dict.fromkeys(NAIVE, ())


def test_the_runtime_watchs_honest_styles_pass_clean() -> None:
    """The honest loop styles of tests/runner/inside/test_watch.py (ndenumerate, np.array of a built list, isnan checks) pass."""
    source = (ROOT / "tests" / "runner" / "inside" / "test_watch.py").read_text(encoding="utf-8")
    honest = re.search(r"HONEST = '''(.*?)'''", source, re.S)
    assert honest is not None
    functions = re.findall(r"^def (\w+)\(", honest.group(1), re.M)
    assert len(functions) >= 10
    assert {f: integrity.check(honest.group(1), f) for f in functions} == dict.fromkeys(functions, ())


@pytest.mark.parametrize(
    "body",
    [
        # np.asarray of the scalar a naive function returned (variant book_style)
        """
        def naive_vector_dot(x, y):
            z = 0.0
            for i in range(x.shape[0]):
                z += x[i] * y[i]
            return z

        def naive_relu(x):
            return np.asarray(naive_vector_dot(x[0], x[0]), dtype=x.dtype)
        """,
        # np.array of a list built element by element, and of a literal
        """
        def naive_relu(x):
            out = []
            for i in range(x.shape[0]):
                out.append([max(x[i, j], 0) for j in range(x.shape[1])])
            return np.array(out, dtype=x.dtype) + np.array(0, dtype=x.dtype)
        """,
        # typed zeros, -np.inf, element conversions, a dtype read, x[i, j].item(), string methods in messages
        """
        def naive_relu(x):
            if not isinstance(x, np.ndarray) or x.dtype.kind not in "fiu":
                raise TypeError("expected a numeric array, got {}".format(type(x).__name__ if False else "?"))
            best = -np.inf
            z = np.zeros_like(x)
            for (i, j), v in np.ndenumerate(x):
                z[i, j] = v if v > np.float32(0) else x.dtype.type(0)
                best = max(best, float(x[i, j].item()))
            return z
        """,
        # nested helper and lambda, a comprehension, a while loop, divmod, a module-level constant
        """
        def naive_relu(x):
            def pick(v):
                return v if v > ZERO else ZERO
            clamp = lambda v: pick(v)
            z = np.empty(x.shape, dtype=x.dtype)
            flat = 0
            while flat < x.shape[0] * x.shape[1]:
                i, j = divmod(flat, x.shape[1])
                z[i, j] = clamp(x[i, j])
                flat += 1
            return np.array([[z[i, j] for j in range(x.shape[1])] for i in range(x.shape[0])], dtype=x.dtype)

        ZERO = 0
        """,
    ],
    ids=["asarray-of-own-scalar", "array-of-built-list", "scalars-and-metadata", "nested-helpers"],
)
def test_honest_constructs_pass(body: str) -> None:
    """Allowed constructs beyond the plain loop are not flagged."""
    assert _found(_module(body)) == []


def test_an_allowed_numpy_function_imported_by_name_passes() -> None:
    """`from numpy import zeros, ndindex` is as good as np.zeros / np.ndindex."""
    source = _module(
        """
        def naive_relu(x):
            z = zeros(x.shape, dtype=x.dtype)
            for index in ndindex(*x.shape):
                z[index] = max(x[index], 0)
            return z
        """,
        prelude="from numpy import ndindex, zeros\n",
    )
    assert _found(source) == []


def test_a_local_name_shadows_a_flagged_module_level_name() -> None:
    """A nested def called maximum is the function's own, even where the module imports numpy's maximum."""
    source = _module(
        """
        def naive_relu(x):
            def maximum(a, b):
                return a if a > b else b
            z = x.copy()
            for i, j in np.ndindex(*x.shape):
                z[i, j] = maximum(x[i, j], 0)
            return z
        """,
        prelude="import numpy as np\nfrom numpy import maximum\n",
    )
    assert _found(source) == []


# --- each flagged construct ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("line", "construct"),
    [
        ("return np.maximum(x, 0)", "np.maximum"),
        ("return np.dot(x, x.T)", "np.dot"),
        ("return np.add(x, x)", "np.add"),
        ("return numpy_free(x)", "numpy_free"),
        ("return np.linalg.norm(x)", "np.linalg.norm"),
        ("return np.clip(x, 0, None)", "np.clip"),
        ("return np.asarray(x) * 1", "np.asarray(x)"),
        ("return np.array(x) * 1", "np.array(x)"),
        ("return np.array([x])[0] * 1", "np.array([x])"),
        ("return np.asarray(x[0]) * 1", "np.asarray(x[0])"),
        ("return np.array(x.tolist())", ".tolist()"),
        ("return x.view(np.ndarray) * 1", ".view()"),
        ("return x.base * 1", ".base"),
        ("return x.T.copy()", ".T"),
        ("return x.astype(x.dtype, subok=False)", "subok="),
        ("return np.float64(x)", "np.float64"),
        ("return np.float64(x[:, 0])", "np.float64"),
        ("return x.dtype.type(x)", ".type()"),
        ("return getattr(np, 'max' + 'imum')(x, 0)", "getattr"),
        ("return vars(np)['maximum'](x, 0)", "vars"),
        ("return globals()['np'].maximum(x, 0)", "globals"),
        ("return eval('np.maximum(x, 0)')", "eval"),
        ("return exec('pass')", "exec"),
        ("return compile('x', 'f', 'eval')", "compile"),
        ("return __import__('numpy').maximum(x, 0)", "__import__"),
        ("return np.__dict__['maximum'](x, 0)", "np.__dict__"),
        ("return x.__class__.__mro__[1]", ".__class__"),
        ("return type('Plain', (np.ndarray,), {})", "type"),
        ("t = type\n    return t(x)", "type"),
        ("return sum(x)", "sum"),  # of an array: no loop of its own (sum of a generator is allowed)
        ("return x @ np.eye(2)", "x @ np.eye(2)"),
        ("return x.dot(x)", ".dot()"),
        ("return x.sum()", ".sum()"),
        ("return x.max(axis=0)", ".max()"),
        ("return x.clip(0)", ".clip()"),
        ("return x.reshape(-1)", ".reshape()"),
        ("f = x.copy\n    return f()", ".copy"),
        ("import importlib\n    return importlib.import_module('numpy').maximum(x, 0)", "import importlib"),
        ("from numpy import maximum as m\n    return m(x, 0)", "from numpy import maximum as m"),
        ("x.shape = (x.size,)\n    return x", "x.shape ="),
        ("return open('/etc/passwd')", "open"),
    ],
)
def test_each_construct_outside_the_allowlist_is_flagged(line: str, construct: str) -> None:
    """A one-line naive_relu using the construct has a violation naming it, in naive_relu."""
    source = f"import numpy as np\n\n\ndef naive_relu(x):\n    {line}\n"
    assert ("naive_relu", construct) in _found(source), _found(source)


def test_sum_of_a_generator_is_a_loop() -> None:
    """sum(x[i] * y[i] for i in range(n)) is element by element (a generator of scalars): no violation.

    sum(x) and sum(map(...)) are not: they hand the iteration to a builtin.
    """
    loop = "import numpy as np\n\n\ndef naive_vector_dot(x, y):\n    return sum(x[i] * y[i] for i in range(len(x)))\n"
    listed = "import numpy as np\n\n\ndef naive_vector_dot(x, y):\n    return sum([x[i] * y[i] for i in range(len(x))])\n"
    assert not integrity.check(loop, "naive_vector_dot")
    assert not integrity.check(listed, "naive_vector_dot")
    whole = "import numpy as np\n\n\ndef naive_vector_dot(x, y):\n    return sum(map(float, x))\n"
    assert [v.construct for v in integrity.check(whole, "naive_vector_dot")][:1] == ["sum"]


def test_the_operator_module_is_flagged() -> None:
    """`import operator` at module level, then operator.add(x, y), names the call and the import."""
    source = _module("def naive_relu(x):\n    return operator.add(x, x)", prelude="import operator\n")
    assert _found(source) == [("naive_relu", "operator.add (import operator)")]


@pytest.mark.parametrize(
    ("body", "construct"),
    [
        ("@cached\ndef naive_relu(x):\n    return x", "@cached"),
        ("class Relu:\n    pass\n\ndef naive_relu(x):\n    return Relu()(x)", "Relu (class Relu)"),
        ("def naive_relu(x, f=np.maximum):\n    return f(x, 0)", "np.maximum"),
        ("def naive_relu(x):\n    return helper_defined_nowhere(x)", "helper_defined_nowhere"),
        ("def naive_relu(x):\n    class C:\n        pass\n    return x", "class C"),
    ],
    ids=["decorator", "a-class", "default-argument", "undefined-name", "nested-class"],
)
def test_decorators_classes_defaults_and_unknown_names_are_flagged(body: str, construct: str) -> None:
    """What is not a plain function of the module, an allowed builtin or a local is a violation."""
    source = _module(body)
    assert construct in _constructs(source), _found(source)


def test_violations_name_their_line() -> None:
    """Each violation carries the line of the construct in the submitted file, in reading order."""
    source = "import numpy as np\n\n\ndef naive_relu(x):\n    for _ in range(2 * x.size):\n        pass\n" \
             "    return np.maximum(np.asarray(x), 0)\n"
    assert [(v.line, v.construct) for v in integrity.check(source, "naive_relu")] == [
        (7, "np.maximum"), (7, "np.asarray(x)")]


# --- aliasing --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("prelude", "call", "construct"),
    [
        ("import numpy as xp\n", "xp.maximum(x, 0)", "xp.maximum (np.maximum)"),
        ("import numpy\n", "numpy.maximum(x, 0)", "np.maximum"),
        ("from numpy import maximum\n", "maximum(x, 0)", "maximum (np.maximum)"),
        ("from numpy import maximum as clamp_all\n", "clamp_all(x, 0)", "clamp_all (np.maximum)"),
        ("import numpy as np\nm = np.maximum\n", "m(x, 0)", "m (np.maximum)"),
        ("import numpy as np\nm = np.maximum\nn = m\n", "n(x, 0)", "n (np.maximum)"),
        ("import numpy as np\nnp_alias = np\n", "np_alias.maximum(x, 0)", "np_alias.maximum (np.maximum)"),
        ("import numpy.linalg as la\n", "la.norm(x)", "la.norm (np.linalg.norm)"),
        ("from numpy import linalg\n", "linalg.norm(x)", "linalg.norm (np.linalg.norm)"),
        ("import numpy as np\nmax = np.maximum\n", "max(x, 0)", "max (np.maximum)"),
        ("from numpy import *\n", "maximum(x, 0)", "maximum (from numpy import *)"),
        ("import numpy as np\nif True:\n    m = np.maximum\nelse:\n    m = abs\n", "m(x, 0)", "m (np.maximum)"),
    ],
    ids=["import-as", "import-numpy", "from-import", "from-import-as", "module-alias", "alias-of-alias",
         "alias-of-the-module", "submodule-as", "from-submodule", "shadowed-builtin", "star-import", "conditional-alias"],
)
def test_numpy_reached_through_a_module_level_alias_is_flagged(prelude: str, call: str, construct: str) -> None:
    """Names bound at module level are resolved to the NumPy object they hold, whatever they are called."""
    source = prelude + f"\n\ndef naive_relu(x):\n    return {call}\n"
    assert ("naive_relu", construct) in _found(source), _found(source)


def test_a_local_alias_of_numpy_is_flagged_where_it_is_taken() -> None:
    """An alias taken inside the function (m = np.maximum) is flagged where it is taken; m itself is a local."""
    source = _module("def naive_relu(x):\n    m = np.maximum\n    return m(x, 0)")
    assert integrity.check(source, "naive_relu") == (integrity.Violation(5, "np.maximum", "naive_relu", 8),)


def test_a_comprehension_target_does_not_hide_the_outer_name() -> None:
    """The first iterable of a comprehension is evaluated outside it: `maximum` there is numpy's."""
    source = _module("def naive_relu(x):\n    return [maximum for maximum in maximum(x, 0)]",
                     prelude="from numpy import maximum\n")
    assert _found(source) == [("naive_relu", "maximum (np.maximum)")]


def test_a_builtin_rebound_through_global_in_another_function_is_flagged() -> None:
    """`global max; max = np.maximum` in any function makes max a module-level name of unknown value."""
    source = _module(
        HONEST_RELU + "\n\ndef _setup():\n    global max\n    max = np.maximum\n\n\n_setup()\n"
    )
    assert ("naive_relu", "max (global max)") in _found(source)


# --- helpers, transitively -------------------------------------------------------------------------
HELPERS = """
def naive_relu(x):
    z = x.copy()
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            z[i, j] = _clamp(x[i, j])
    return z


def _clamp(v):
    return _pick(v, 0)


def _pick(a, b):
    return np.maximum(a, b)


def _unused(x):
    return np.dot(x, x)
"""


def test_helpers_are_checked_transitively() -> None:
    """naive_relu → _clamp → _pick: np.maximum in _pick is found and attributed to _pick; _unused is not walked."""
    source = _module(HELPERS)
    assert integrity.check(source, "naive_relu") == (integrity.Violation(17, "np.maximum", "_pick", 11),)


def test_a_helper_passed_as_a_value_is_checked_too() -> None:
    """A module function named without being called (handed to another) is walked as well."""
    source = _module(
        """
        def naive_relu(x):
            f = _cheat
            return f(x)

        def _cheat(x):
            return x.clip(0)
        """
    )
    assert _found(source) == [("_cheat", ".clip()")]


def test_recursion_and_mutual_calls_terminate() -> None:
    """A function calling itself and two helpers calling each other are walked once each."""
    source = _module(
        """
        def naive_relu(x):
            return _even(x, 3) if x.ndim == 2 else naive_relu(x[0])

        def _even(x, n):
            return x if n == 0 else _odd(x, n - 1)

        def _odd(x, n):
            return _even(x, n - 1) + x.sum()
        """
    )
    assert _found(source) == [("_odd", ".sum()")]


def test_own_violations_come_before_the_helpers() -> None:
    """The checked function's own violations are listed first (the message names the first)."""
    source = _module(HELPERS.replace("z = x.copy()", "z = x.T.copy()"))
    assert [v.function for v in integrity.check(source, "naive_relu")] == ["naive_relu", "_pick"]


# --- what the checked name is bound to, and module-level rebinding --------------------------------------
def test_the_last_definition_wins() -> None:
    """A cheating def overridden by an honest one is clean; the other way round, it is flagged."""
    cheat = "def naive_relu(x):\n    return np.maximum(x, 0)\n"
    assert _found(_module(cheat + "\n\n" + HONEST_RELU)) == []
    assert _found(_module(HONEST_RELU + "\n\n" + cheat)) == [("naive_relu", "np.maximum")]


@pytest.mark.parametrize(
    ("body", "construct"),
    [
        ("naive_relu = np.maximum", "naive_relu (np.maximum)"),
        ("from helpers import naive_relu", "from helpers import naive_relu"),
        ("naive_relu = make_relu()", "naive_relu = make_relu()"),
        (HONEST_RELU + "\n\nif True:\n    naive_relu = np.maximum", "naive_relu (np.maximum)"),
    ],
    ids=["numpy-alias", "imported", "built", "conditionally-rebound"],
)
def test_a_checked_name_that_is_not_a_def_is_flagged(body: str, construct: str) -> None:
    """naive_relu bound to something other than a def of the module is a module-level violation."""
    assert (None, construct) in _found(_module(body))


def test_a_def_alias_is_followed() -> None:
    """naive_relu = _impl checks _impl."""
    source = _module("def _impl(x):\n    return x.clip(0)\n\n\nnaive_relu = _impl")
    assert _found(source) == [("_impl", ".clip()")]


@pytest.mark.parametrize(
    ("patch", "construct"),
    [
        ("np.zeros = lambda shape, dtype=None: None", "np.zeros ="),
        ("import builtins\nbuiltins.max = np.maximum", "builtins.max ="),
        ("setattr(np, 'ze' + 'ros', None)", "setattr(np, 'ze' + 'ros', …)"),
        ("setattr(some_module(), 'range', None)", "setattr(some_module(), 'range', …)"),
        ("naive_add.__code__ = (lambda x, y: x + y).__code__", "naive_add.__code__ ="),
    ],
    ids=["numpy-function", "builtin", "setattr-on-numpy", "setattr-by-name", "code-swap"],
)
def test_rebinding_what_the_checked_code_relies_on_is_flagged(patch: str, construct: str) -> None:
    """Module-level monkeypatches of a NumPy function, builtin or function the checked code uses are violations."""
    honest_add = """
    def naive_add(x, y):
        z = np.zeros(x.shape, dtype=np.result_type(x, y))
        for i in range(x.shape[0]):
            for j in range(x.shape[1]):
                z[i, j] = max(x[i, j], 0) + y[i, j]
        return z
    """
    source = _module(honest_add + "\n\n" + patch)
    assert (None, construct) in _found(source, "naive_add"), _found(source, "naive_add")


def test_patching_what_the_checked_code_does_not_use_is_not_flagged() -> None:
    """np.allclose = … (the hostile monkeypatch corpus) does not touch an honest naive_relu."""
    source = _module(HONEST_RELU + "\n\nnp.allclose = lambda *a, **k: True\nsetattr(object(), name_of_it, None)\n")
    assert _found(source) == []


def test_a_source_that_does_not_parse_is_one_violation() -> None:
    """Unparseable source is reported (the learner's import fails too) instead of passing."""
    assert integrity.check("def naive_relu(x)\n    return x\n", "naive_relu") == (
        integrity.Violation(1, "SyntaxError", None),)


# --- the corpora -----------------------------------------------------------------------------------
@pytest.mark.parametrize("name", PADDED)
def test_padded_loop_mutants_are_flagged(name: str) -> None:
    """Each padded-loop cheat of tests/mutants/tensor_ops has a static violation in naive_relu."""
    mutant = next(m for m in load(MUTANTS) if m.module == "tensor_ops" and m.name == name)
    assert mutant.catches == "test_naive_relu_integrity"
    found = integrity.check(_with_override(mutant), "naive_relu")
    assert found and all(v.function == "naive_relu" for v in found), found


def test_forge_integrity_is_flagged_without_running_it() -> None:
    """tests/batch/hostile/forge_integrity.py, as graded (stub + fragment), has np.maximum in naive_relu."""
    stub = (ROOT / "exercises" / "tensor_ops.py").read_text(encoding="utf-8")
    fragment = (ROOT / "tests" / "batch" / "hostile" / "forge_integrity.py").read_text(encoding="utf-8")
    source = f"{stub}\n\n# --- override ---\n{fragment}"
    assert [(v.function, v.construct) for v in integrity.check(source, "naive_relu")] == [("naive_relu", "np.maximum")]


@pytest.mark.parametrize("name", [p.stem for p in sorted((ROOT / "tests" / "batch" / "hostile").glob("*.py"))
                                  if p.stem != "forge_integrity"])
def test_other_hostile_submissions_keep_their_honest_naive_relu(name: str) -> None:
    """The other hostile fragments (after the solution's naive_relu) leave naive_relu without violations."""
    stub = (ROOT / "exercises" / "tensor_ops.py").read_text(encoding="utf-8")
    relu = SOLUTION[SOLUTION.index("def naive_relu"):SOLUTION.index("def naive_add(")]
    fragment = (ROOT / "tests" / "batch" / "hostile" / f"{name}.py").read_text(encoding="utf-8")
    assert integrity.check(f"{stub}\n\n{relu}\n\n{fragment}", "naive_relu") == ()


# --- in call_naive ---------------------------------------------------------------------------------
@pytest.fixture
def padded(tmp_path: Path) -> dict[str, InProcessLearner]:
    """The padded-loop mutants as submissions (solution + override), loaded in-process."""
    mutants = {m.name: m for m in load(MUTANTS) if m.module == "tensor_ops" and m.name in PADDED}
    return {name: InProcessLearner(mutants[name].build(tmp_path), "tensor_ops") for name in PADDED}


@pytest.mark.parametrize(("name", "construct"), [("relu_padded_asarray", "np.maximum"),
                                                 ("relu_padded_view", "np.maximum"),
                                                 ("relu_padded_getattr", "getattr")])
def test_padded_loops_beat_the_runtime_signals_but_not_call_naive(
    padded: dict[str, InProcessLearner], name: str, construct: str
) -> None:
    """The runtime signals alone pass the padded cheats; call_naive fails them on the static verdict, with 0 points."""
    x = np.random.default_rng(3).uniform(-10, 10, (5, 6)).astype(np.float32)
    record = padded[name].run("naive_relu", (x,), watch=True)
    assert record.operations == ()
    assert record.elements >= MIN_WATCHED_ELEMENTS and record.lines * 2 >= record.elements
    np.testing.assert_array_equal(record.value, np.maximum(x, 0))
    with pytest.raises(IntegrityViolation) as info:
        call_naive(padded[name], "naive_relu", x)
    assert info.value.status == "integrity"
    assert re.fullmatch(rf"integrity — naive_relu line \d+ uses {re.escape(construct)}: write the loops yourself, "
                        r"element by element \(and \d+ more\)", str(info.value)), str(info.value)


def test_call_naive_message_in_both_languages(tmp_path: Path) -> None:
    """The static verdict's message names the function, line and construct in English and Chinese."""
    (tmp_path / "relu_mod.py").write_text(
        "import numpy as np\n\n\ndef naive_relu(x):\n    return np.asarray(x).clip(0)\n", encoding="utf-8")
    learner = InProcessLearner(tmp_path, "relu_mod")
    with pytest.raises(IntegrityViolation) as info:
        call_naive(learner, "naive_relu", np.array([[-1.0, 2.0]]))
    texts = info.value.texts  # type: ignore[attr-defined]
    assert texts["en"] == ("integrity — naive_relu line 5 uses .clip(): write the loops yourself, element by element"
                           " (and 1 more)")
    assert texts["zh"] == "完整性——naive_relu 第 5 行使用了 .clip()：请自己逐元素写循环（另有 1 处）"


def test_call_naive_names_the_helper_and_its_caller(tmp_path: Path) -> None:
    """A violation in a helper is reported as the helper's, called by the checked function."""
    (tmp_path / "relu_mod.py").write_text(_module(HELPERS), encoding="utf-8")
    learner = InProcessLearner(tmp_path, "relu_mod")
    with pytest.raises(IntegrityViolation) as info:
        call_naive(learner, "naive_relu", np.array([[-1.0, 2.0]]))
    texts = info.value.texts  # type: ignore[attr-defined]
    assert texts["en"].startswith("integrity — _pick (called by naive_relu) line 17 uses np.maximum:")
    assert texts["zh"].startswith("完整性——_pick（由 naive_relu 调用） 第 17 行使用了 np.maximum")


def test_call_naive_passes_an_honest_function(tmp_path: Path) -> None:
    """An honest naive_relu passes both the runtime signals and the static check and returns its value."""
    (tmp_path / "relu_mod.py").write_text(_module(HONEST_RELU), encoding="utf-8")
    x = np.random.default_rng(4).standard_normal((5, 6))
    np.testing.assert_array_equal(call_naive(InProcessLearner(tmp_path, "relu_mod"), "naive_relu", x), np.maximum(x, 0))


def test_call_naive_reads_the_submitted_file_not_the_learner_process(tmp_path: Path) -> None:
    """The verdict comes from the file in the submission folder; a file that vanished scores 0, saying so."""
    (tmp_path / "relu_mod.py").write_text(_module(HONEST_RELU), encoding="utf-8")
    learner = InProcessLearner(tmp_path, "relu_mod")
    x = np.ones((2, 2))
    call_naive(learner, "naive_relu", x)  # imported now: the learner process no longer needs the file
    (tmp_path / "relu_mod.py").unlink()
    with pytest.raises(IntegrityViolation) as info:
        call_naive(learner, "naive_relu", x)
    assert "could not read relu_mod.py" in str(info.value)
    assert "无法读取 relu_mod.py" in info.value.texts["zh"]  # type: ignore[attr-defined]


VECTOR_DOT_BY_NUMPY = """
def naive_vector_dot(x, y):
    return np.dot(x, y)

def naive_matrix_vector_dot(x, y):
    z = np.zeros(x.shape[0])
    for i in range(x.shape[0]):
        z[i] = naive_vector_dot(x[i, :], y)
    return z
"""


def test_a_rebound_helper_read_when_the_function_runs_is_not_walked() -> None:
    """One bug, one deduction: naive_vector_dot is the reference in naive_matrix_vector_dot's calls; its np.dot is its own."""
    source = _module(VECTOR_DOT_BY_NUMPY)
    assert _constructs(source, "naive_matrix_vector_dot") == ["np.dot"]  # without the rebinding: the helper's np.dot
    assert integrity.check(source, "naive_matrix_vector_dot", ("naive_vector_dot",)) == ()
    assert [v.construct for v in integrity.check(source, "naive_vector_dot", ("naive_vector_dot",))] == ["np.dot"]


@pytest.mark.parametrize("body", [
    # bound when the module is imported: the learner's own function, whatever is rebound later
    "def naive_matrix_vector_dot(x, y, dot=naive_vector_dot):\n    return np.array([dot(r, y) for r in x])",
    "vd = naive_vector_dot\n\ndef naive_matrix_vector_dot(x, y):\n    return np.array([vd(r, y) for r in x])",
    # rebinding the global while it runs: the rebound reference is replaced again
    "def naive_matrix_vector_dot(x, y):\n    global naive_vector_dot\n    naive_vector_dot = np.dot\n"
    "    return np.array([naive_vector_dot(r, y) for r in x])",
])
def test_a_rebound_helper_reached_otherwise_is_still_walked(body: str) -> None:
    """A default value, a module-level alias or a rebinding inside the function is not the reference at run time."""
    source = _module("def naive_vector_dot(x, y):\n    return np.dot(x, y)\n\n" + body)
    assert integrity.check(source, "naive_matrix_vector_dot", ("naive_vector_dot",)) != ()
