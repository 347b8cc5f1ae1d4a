"""grader.compat: each hook's upstream shape, its fallback, and no private upstream detail anywhere else in grader/.

The rule the last tests enforce, on every module of ``grader/`` except ``grader/compat.py``:

1. no import of ``_pytest`` or ``_hypothesis_pytestplugin``, of a module of pytest, Hypothesis or
   nbgrader with a ``_``-prefixed part in its dotted path (or ``hypothesis.internal``), nor of a
   ``_``-prefixed name from any of them;
2. no private attribute — a name starting with ``_`` that is not a dunder — read, written or
   named in ``getattr``/``hasattr``/``setattr``/``delattr``, on an *upstream object*: an
   expression that mentions (through attributes, calls and ``getattr``, not through subscripts)
   a name imported from pytest, Hypothesis or nbgrader; a parameter annotated with one of their
   types; a parameter named as pytest names its hook arguments (``item``, ``config``,
   ``callspec`` ...); or a local name assigned from such an expression;
3. no ``_hypothesis_*`` attribute on anything (Hypothesis's private marks on test functions).

Subscripts stop the trail: ``config.stash[key]`` and ``item.funcargs[name]`` hold dlgrade's and the
suite's own objects.
"""

from __future__ import annotations

import ast
import hashlib
import inspect
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from grader import compat
from tests.session.specs import results_in, spec_arg
from tests.session.test_plugin import _check_expected, _functions, _json, _run, _setup

ROOT = Path(__file__).resolve().parent.parent
GRADER = ROOT / "grader"

UPSTREAM = ("pytest", "_pytest", "hypothesis", "_hypothesis_pytestplugin", "nbgrader")
HOOK_ARGUMENTS = frozenset({"item", "items", "pyfuncitem", "config", "session", "callspec", "metafunc", "request",
                            "node", "parser", "report", "call", "nextitem", "excinfo", "terminalreporter",
                            "pluginmanager", "fixturedef", "pytester"})
ATTRIBUTE_CALLS = frozenset({"getattr", "hasattr", "setattr", "delattr"})


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _upstream_module(module: str) -> bool:
    return module.split(".", maxsplit=1)[0] in UPSTREAM


def _names(node: ast.AST) -> Iterator[str]:
    """The names an expression mentions, not looking into subscripts."""
    if isinstance(node, ast.Subscript):
        return
    if isinstance(node, ast.Name):
        yield node.id
    for child in ast.iter_child_nodes(node):
        yield from _names(child)


def _imports(tree: ast.Module) -> tuple[set[str], list[tuple[int, str]]]:
    """Names bound to upstream modules or objects, and the forbidden imports (line, text)."""
    bound: set[str] = set()
    bad: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if _upstream_module(alias.name):
                    bound.add(alias.asname or alias.name.split(".")[0])
                    parts = alias.name.split(".")
                    if any(_private(p) for p in parts) or parts[:2] == ["hypothesis", "internal"]:
                        bad.append((node.lineno, f"import {alias.name}"))
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and _upstream_module(node.module):
            parts = node.module.split(".")
            if any(_private(p) for p in parts) or parts[:2] == ["hypothesis", "internal"]:
                bad.append((node.lineno, f"from {node.module} import ..."))
            for alias in node.names:
                bound.add(alias.asname or alias.name)
                if _private(alias.name):
                    bad.append((node.lineno, f"from {node.module} import {alias.name}"))
    return bound, bad


def _scope_names(scope: ast.AST, inherited: set[str]) -> set[str]:
    """Upstream names of a function (or the module): inherited, its parameters, what it assigns from them."""
    names = set(inherited)
    if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        arguments = scope.args
        for arg in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]:
            if arg.arg in HOOK_ARGUMENTS or (arg.annotation is not None and set(_names(arg.annotation)) & inherited):
                names.add(arg.arg)
    bindings: list[tuple[ast.AST, ast.AST]] = []
    for node in ast.walk(scope):
        if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            bindings += [(target, node.value) for target in targets]
        elif isinstance(node, ast.NamedExpr):
            bindings.append((node.target, node.value))
        elif isinstance(node, (ast.For, ast.comprehension)):
            bindings.append((node.target, node.iter))
        elif isinstance(node, ast.withitem) and node.optional_vars is not None:
            bindings.append((node.optional_vars, node.context_expr))
    grew = True
    while grew:  # a name assigned from an upstream one is upstream too, to a fixpoint
        grew = False
        for target, value in bindings:
            if set(_names(value)) & names and not _bound(target) <= names:
                names |= _bound(target)
                grew = True
    return names


def _bound(target: ast.AST) -> set[str]:
    """The local names an assignment target binds (``self.x = ...`` and ``d[k] = ...`` bind none)."""
    if isinstance(target, ast.Name):
        return {target.id}
    if isinstance(target, ast.Starred):
        return _bound(target.value)
    if isinstance(target, (ast.Tuple, ast.List)):
        return set().union(*(_bound(element) for element in target.elts))
    return set()


def _private_access(node: ast.AST, upstream: set[str]) -> str | None:
    """What a node touches privately on an upstream object (None: nothing)."""
    if isinstance(node, ast.Attribute) and _private(node.attr) and (
            node.attr.startswith("_hypothesis_") or set(_names(node.value)) & upstream):
        return f".{node.attr}"
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ATTRIBUTE_CALLS
            and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant) and isinstance(node.args[1].value, str)
            and _private(node.args[1].value) and set(_names(node.args[0])) & upstream):
        return f"{node.func.id}(..., {node.args[1].value!r})"
    return None


def violations(source: str) -> list[tuple[int, str]]:
    """Where ``source`` breaks the rule of this module's docstring: (line, what), sorted."""
    tree = ast.parse(source)
    bound, found = _imports(tree)
    module_names = _scope_names(tree, bound)
    scopes: list[tuple[ast.AST, set[str]]] = [(tree, module_names)]
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            scopes.append((node, _scope_names(node, module_names)))
    for scope, upstream in scopes:
        for node in ast.walk(scope):
            what = _private_access(node, upstream)
            if what is not None:
                found.append((getattr(node, "lineno", 0), what))
    return sorted(set(found))


CAUGHT = {
    "direct_checks: pytest's private module": ("import _pytest.fixtures\nnamespace = vars(_pytest.fixtures)\n",
                                               [(1, "import _pytest.fixtures")]),
    "a name from it": ("from _pytest.fixtures import getfuncargnames\n", [(1, "from _pytest.fixtures import ...")]),
    "example_key: callspec._idlist": (textwrap.dedent("""
        def example_key(item):
            callspec = getattr(item, "callspec", None)
            return list(getattr(callspec, "_idlist", [callspec.id]))
        """), [(4, "getattr(..., '_idlist')")]),
    "pytest_pyfunc_call: digest and fixture info": (textwrap.dedent("""
        import pytest

        def pytest_pyfunc_call(pyfuncitem: pytest.Function):
            inner = getattr(getattr(pyfuncitem.obj, "hypothesis", None), "inner_test", None)
            inner._hypothesis_internal_add_digest = b"key"
            return {name: pyfuncitem.funcargs[name] for name in pyfuncitem._fixtureinfo.argnames}
        """), [(6, "._hypothesis_internal_add_digest"), (7, "._fixtureinfo")]),
    "QuietFailures: item._report_sections": (textwrap.dedent("""
        import pytest

        class QuietFailures:
            def pytest_runtest_makereport(self, item: pytest.Item, call):
                return [section for section in item._report_sections]
        """), [(6, "._report_sections")]),
    "DirectChecks: item._request": (textwrap.dedent("""
        def release(item):
            if hasattr(item, "_request"):
                item._request = False
        """), [(3, "hasattr(..., '_request')"), (4, "._request")]),
    "an annotated parameter of another name": (textwrap.dedent("""
        from pytest import Config

        def configure(c: Config):
            return c._inicache
        """), [(5, "._inicache")]),
    "nbgrader's private names": ("import nbgrader\npoints = nbgrader._jupyter_server_extension_points()\n",
                                 [(2, "._jupyter_server_extension_points")]),
    "hypothesis's internals": ("from hypothesis.internal.reflection import function_digest\n",
                               [(1, "from hypothesis.internal.reflection import ...")]),
}

ALLOWED = {
    "dlgrade's own privates": "class A:\n    def __init__(self, record):\n        self._record = record\n",
    "what the stash holds": "def f(config):\n    collector = config.stash[KEY]\n    return collector._cache\n",
    "dunders of nbgrader's mapped classes": ("from nbgrader.api import Grade, GradeCell\n"
                                             "KIND = GradeCell.__mapper__.polymorphic_identity\nTABLE = Grade.__table__\n"),
    "the standard library": "import os\nos._exit(0)\n",
    "public attributes": "def key(item):\n    return item.callspec.id, item.callspec.params, item.funcargs\n",
}


@pytest.mark.parametrize("case", CAUGHT, ids=list(CAUGHT))
def test_the_rule_catches_each_private_use_dlgrade_had(case: str) -> None:
    """Each private use grader/ had before grader.compat (as it was written) is found, at its line."""
    source, expected = CAUGHT[case]
    assert violations(source) == expected


@pytest.mark.parametrize("case", ALLOWED, ids=list(ALLOWED))
def test_the_rule_leaves_what_is_not_upstream_private_alone(case: str) -> None:
    """Private names of dlgrade's own objects, subscripted values, dunders and the standard library are not upstream privates."""
    assert violations(ALLOWED[case]) == []


def test_no_module_but_compat_uses_private_upstream_details() -> None:
    """Every module of grader/ except grader/compat.py keeps to the rule; compat.py itself does not (so the scan sees them)."""
    found = {str(path.relative_to(ROOT)): violations(path.read_text(encoding="utf-8"))
             for path in sorted(GRADER.rglob("*.py"))}
    assert found.pop("grader/compat.py"), "the scan should see compat.py's private uses"
    assert {path: lines for path, lines in found.items() if lines} == {}


def test_installed_dependencies_are_within_the_checked_versions() -> None:
    """The installed pytest and jsonschema (and rfc3987_syntax, if any) are versions grader.compat's hooks were checked on."""
    assert compat.supported("pytest", compat.PYTEST), compat.installed("pytest")
    assert compat.supported("jsonschema", compat.JSONSCHEMA), compat.installed("jsonschema")
    if compat.installed("rfc3987-syntax") is not None:
        assert compat.supported("rfc3987-syntax", compat.RFC3987_SYNTAX), compat.installed("rfc3987-syntax")


def test_pyproject_bounds_the_majors_of_the_dependencies_whose_details_we_rely_on() -> None:
    """pytest, Hypothesis, nbgrader and jsonschema bound their major (core or an extra); compat's ranges end within it."""
    import tomllib

    from packaging.requirements import Requirement

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    bounds = {}
    for line in [*project["dependencies"], *(r for extra in project["optional-dependencies"].values() for r in extra)]:
        requirement = Requirement(line)
        uppers = [spec.version for spec in requirement.specifier if spec.operator == "<"]
        bounds[requirement.name] = int(uppers[0].split(".")[0]) if uppers else None
    assert {name: bounds.get(name) for name in ("pytest", "hypothesis", "nbgrader", "jsonschema")} == {
        "pytest": 10, "hypothesis": 7, "nbgrader": 1, "jsonschema": 5}
    assert compat.PYTEST[1] <= (bounds["pytest"], 0)
    assert compat.JSONSCHEMA[1] <= (bounds["jsonschema"], 0)


def test_versions_outside_a_range_or_not_installed_are_not_supported() -> None:
    """A range is lowest-included, highest-excluded; a missing distribution is never supported."""
    version = compat.installed("pytest")
    assert version is not None
    assert compat.supported("pytest", (version, (version[0], version[1] + 1)))
    assert not compat.supported("pytest", ((0, 0), version))
    assert compat.installed("no-such-distribution-dlgrade") is None
    assert not compat.supported("no-such-distribution-dlgrade", ((0, 0), (99, 0)))


PROTOCOL_DIGESTS = {
    "pytest_runtest_protocol": "04ddac7e5c2c40c9",
    "runtestprotocol": "db7025948679ae76",
    "call_and_report": "c0e8f422472dd3bd",
}
"""Digests of pytest's protocol functions (their syntax trees) as :class:`grader.compat.DirectChecks` mirrors them."""


@pytest.mark.parametrize("name", PROTOCOL_DIGESTS)
def test_pytest_protocol_is_the_one_direct_checks_mirrors(name: str) -> None:
    """The protocol of pytest's runner is unchanged; if this fails, compare it with DirectChecks, then update the digest."""
    import _pytest.runner

    tree = ast.parse(textwrap.dedent(inspect.getsource(getattr(_pytest.runner, name))))
    digest = hashlib.sha256(ast.dump(tree).encode()).hexdigest()[:16]
    assert digest == PROTOCOL_DIGESTS[name], f"_pytest.runner.{name} changed: check grader.compat.DirectChecks against it"


RELEASE_PROBE = """
import pytest

SEEN = []


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item):
    result = yield
    SEEN.append(("after", item._request, item.funcargs))
    return result


def pytest_runtest_call(item):
    SEEN.append(("during", bool(item._request), "tmp_path" in item.funcargs))


def pytest_sessionfinish(session):
    print("SEEN", SEEN)
"""


def test_pytest_releases_a_checks_fixtures_as_release_fixtures_does(pytester: pytest.Pytester) -> None:
    """While a check runs it has a request and its fixture values; pytest's protocol then sets _request False, funcargs None."""
    pytester.makeconftest(RELEASE_PROBE)
    pytester.makepyfile(test_probe="def test_one(tmp_path):\n    pass\n")
    result = pytester.runpytest("-s", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
    seen = result.stdout.str().split("SEEN ", 1)[1].splitlines()[0]
    assert seen == "[('during', True, True), ('after', False, None)]"


def test_direct_checks_release_fixtures_the_same_way(pytester: pytest.Pytester) -> None:
    """release_fixtures leaves an item as pytest's protocol does (no request, no fixture values)."""
    item = pytester.getitem("def test_func(tmp_path):\n    pass\n")
    assert hasattr(item, "_request")
    compat.release_fixtures(item)
    assert item._request is False  # type: ignore[attr-defined]
    assert item.funcargs is None  # type: ignore[attr-defined]


def test_outside_the_checked_pytest_versions_sessions_get_pytest_reports(pytester: pytest.Pytester,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """With pytest outside PYTEST, a direct session runs pytest's own protocol: reports for passed checks, same results."""
    good = _setup(pytester)["sub"]
    out = results_in(pytester.path, ["sub"])
    direct = _run(pytester, spec_arg(pytester.path, {"sub": good}, results=out, inprocess=True, direct=True))
    direct.assert_outcomes(failed=6)  # the passed checks made no report
    expected = _functions(_json(out["sub"]))
    monkeypatch.setattr(compat, "PYTEST", ((0, 0), (0, 1)))
    public = _run(pytester, spec_arg(pytester.path, {"sub": good}, results=out, inprocess=True, direct=True))
    public.assert_outcomes(passed=3, failed=6)
    _check_expected(_functions(_json(out["sub"])))
    assert _functions(_json(out["sub"])).keys() == expected.keys()


IRI_PROBE = """
import sys
from grader import compat
{before}
installed = compat.defer_iri_grammar()
import nbformat  # imports jsonschema, which imports rfc3987_syntax where it is installed
import jsonschema
print("installed", installed, "lark after import", "lark" in sys.modules)
check = jsonschema.Draft7Validator({{"format": "iri"}}, format_checker=jsonschema.FormatChecker())
print("valid", check.is_valid("https://example.org/λ?q=1"), check.is_valid("no iri, spaces"))
print("lark after use", "lark" in sys.modules, "again", check.is_valid("urn:isbn:0451450523"))
"""

needs_iri = pytest.mark.skipif(compat.installed("rfc3987-syntax") is None, reason="rfc3987_syntax is not installed")


def _iri_probe(before: str = "") -> list[str]:
    code = IRI_PROBE.format(before=before)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split("\n")


@needs_iri
def test_iri_checks_still_work_but_compile_on_first_use() -> None:
    """After defer_iri_grammar(), importing nbformat compiles no grammar; an IRI check still gives real answers."""
    assert _iri_probe()[:3] == ["installed True lark after import False", "valid True False", "lark after use True again True"]


@needs_iri
def test_outside_the_checked_jsonschema_versions_the_grammars_compile_at_import() -> None:
    """With jsonschema outside JSONSCHEMA the stand-in is not installed: jsonschema imports the real module."""
    out = _iri_probe("compat.JSONSCHEMA = ((0, 0), (0, 1))")
    assert out[:3] == ["installed False lark after import True", "valid True False", "lark after use True again True"]


def test_nothing_to_defer_once_imported() -> None:
    """Where the real module is already imported (or absent), the stand-in is not installed."""
    code = ("import importlib.util\nfrom grader import compat\n"
            "if importlib.util.find_spec('rfc3987_syntax'): import rfc3987_syntax\n"
            "print(compat.defer_iri_grammar())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


@needs_iri
def test_jsonschema_still_imports_the_function_the_stand_in_replaces() -> None:
    """The jsonschema format checker binds rfc3987_syntax.is_valid_syntax by name at import, and it still takes (term, value)."""
    import jsonschema._format
    import rfc3987_syntax

    assert "from rfc3987_syntax import is_valid_syntax" in inspect.getsource(jsonschema._format)
    assert list(inspect.signature(rfc3987_syntax.is_valid_syntax).parameters) == ["term", "value"]


def test_the_batch_process_does_not_import_pytest_for_compat() -> None:
    """grader.compat is imported by the command line and the batch: it does not import pytest itself."""
    code = "import sys\nimport grader.compat, grader.cli\nprint('pytest' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
