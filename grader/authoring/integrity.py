"""Static integrity check of ``naive_*`` functions: what their submitted source may use.

The runtime signals of :mod:`grader.runner.inside.watch` (whole-array NumPy operations seen, Python
lines run) are gathered in the learner's process: learner code can patch what that process
reports, and a loop that only pads the line count hides NumPy called on a stripped view
(``np.asarray(x)``, ``x.view(np.ndarray)``). This module reads the submitted *source text*
in the grading process, with :mod:`ast` only (the submission is never imported or run here),
and holds a ``naive_*`` function, and every function of the module it calls or names, to an
explicit allowlist: loops, comparisons, arithmetic, indexing, a few builtins, array metadata
and allocation (:data:`NUMPY_FUNCTIONS`, :data:`NUMPY_CONVERSIONS`, :data:`NUMPY_TYPES`,
:data:`NUMPY_CONSTANTS`, :data:`BUILTINS`, :data:`DATA_ATTRIBUTES`, :data:`METHODS`,
:data:`SCALAR_METHODS`). Everything else is a :class:`Violation` naming the construct and
its line: other NumPy functions however they are reached (``import numpy as xp``,
``from numpy import maximum``, a module-level ``m = np.maximum``), ``getattr`` and the other
reflective builtins, dunder attributes, ``.view()``/``.tolist()``/``.dot()``/``.sum()`` …,
``@``, imports and decorators inside the checked functions, calls of anything that is not a
function of the submission or an allowed builtin.

The allowlist is derived from the reference solutions (``solutions/tensor_ops.py``), the
variant corpus (``tests/variants/tensor_ops/``) and the honest styles of the runtime watch's
own tests (``tests/runner/inside/test_watch.py``); each entry says where it comes from.

What the source alone cannot tell: an operator (``+``, ``*``, ``>``) on whole arrays looks
the same as on single elements, and a loop that copies the input element by element into a
fresh array and then works on the copy with operators is invisible to both checks. Those
stay the runtime watch's (see :func:`grader.authoring.testing.call_naive`).
"""

from __future__ import annotations

import ast
import builtins
import functools
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Final, Literal, cast

__all__ = [
    "BUILTINS",
    "DATA_ATTRIBUTES",
    "EXCEPTIONS",
    "FORBIDDEN_KEYWORDS",
    "METHODS",
    "NUMPY_CONSTANTS",
    "NUMPY_CONVERSIONS",
    "NUMPY_FUNCTIONS",
    "NUMPY_TYPES",
    "SCALAR_METHODS",
    "Violation",
    "check",
]

# ----------------------------------------------------------------------------- the allowlist
NUMPY_FUNCTIONS: Final[Mapping[str, str]] = {
    "zeros": "allocate the result (solutions: naive_add, the dot products)",
    "empty": "allocate the result (solutions: naive_broadcast_to, naive_maximum, naive_reshape, naive_transpose)",
    "zeros_like": "allocate the result in x's shape and dtype (tests/runner/inside/test_watch.py: relu_chained_index)",
    "empty_like": "allocate the result in x's shape and dtype (variant while_loops: naive_relu)",
    "full_like": "allocate the result filled with a value (tests/runner/inside/test_watch.py: relu_validated)",
    "ndindex": "iterate over every index of a shape (solutions: naive_broadcast_to, naive_maximum, naive_reshape)",
    "ndenumerate": "iterate over (index, element) pairs (tests/runner/inside/test_watch.py: total)",
    "result_type": "the dtype NumPy's own operation would give (solutions: every two-argument function)",
    "isnan": "input validation, a boolean mask (tests/runner/inside/test_watch.py: relu_validated)",
    "isinf": "input validation, a boolean mask (as isnan)",
    "isfinite": "input validation, a boolean mask (tests/runner/inside/test_watch.py: relu_validated)",
}
"""NumPy functions a naive function may call with any arguments: allocation, index iteration,
dtype rules and validation masks. None of them computes the exercise's result."""

NUMPY_CONVERSIONS: Final[Mapping[str, str]] = {
    "array": "a list built element by element (tests/runner/inside/test_watch.py: relu_iterate_rows, relu_comprehension)",
    "asarray": "the scalar a naive function returned (variant book_style: naive_tensor_dot of two vectors)",
}
"""Array constructors allowed only on data the function built itself: a literal, a list or
comprehension, the result of a call of a submission function, or a local variable bound only
to such values. On a parameter, an attribute, an index or a method's result (``np.asarray(x)``,
``np.array(x[i])``, ``np.array(x.tolist())``) they hand back a plain ndarray that the runtime
watch no longer sees: flagged."""

NUMPY_TYPES: Final[frozenset[str]] = frozenset(
    {
        "ndarray", "generic", "number", "integer", "signedinteger", "unsignedinteger", "inexact",
        "floating", "complexfloating", "bool_", "bool", "intp", "uintp",
        "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
        "float16", "float32", "float64", "complex64", "complex128",
    }
)
"""NumPy types, as values (``isinstance(shape, np.integer)`` in solutions' naive_reshape,
``dtype=np.float32``). Called only on literals or single elements (``np.float32(0)``, a typed
zero; ``np.float32(x[i])``, mutant vector_dot_float_accumulator): on a whole array they convert
it (``np.float64(x)``, ``np.ndarray(shape, buffer=x)``)."""

NUMPY_CONSTANTS: Final[frozenset[str]] = frozenset({"inf", "nan"})
"""NumPy constants (a starting ``-np.inf`` for a running maximum)."""

BUILTINS: Final[Mapping[str, str]] = {
    "range": "loops", "len": "loops", "enumerate": "loops", "zip": "loops", "reversed": "loops (variant while_loops)",
    "iter": "loops", "next": "loops",
    "min": "of scalars", "max": "of scalars (solutions: naive_relu, naive_maximum)", "abs": "of a scalar",
    "divmod": "flat index to row, column (variant while_loops)",
    "float": "scalar conversion", "int": "scalar conversion", "bool": "scalar conversion",
    "isinstance": "argument checks (solutions: naive_reshape)",
    "tuple": "shapes and indices (solutions)", "list": "shapes and indices (variant book_style)",
    "dict": "containers", "set": "containers", "slice": "indexing",
    "any": "shape checks (solutions: naive_broadcast_to)", "all": "shape checks (variant while_loops)",
    "str": "messages", "repr": "messages", "print": "debugging output",
    "type": "messages, type(x).__name__ (one argument only: type(name, bases, dict) builds a class)",
}
"""Builtins a naive function may use (besides raising exceptions: every builtin exception
class is allowed). ``getattr``, ``setattr``, ``vars``, ``globals``, ``eval``, ``exec``,
``compile``, ``__import__``, ``open``, ``map``, … are not; ``sum`` only of a generator expression
or list comprehension (``sum(x[i] * y[i] for i in range(n))``)."""

EXCEPTIONS: Final[frozenset[str]] = frozenset(
    name for name, value in vars(builtins).items() if isinstance(value, type) and issubclass(value, BaseException)
)
"""Builtin exception classes: raising ``ValueError``, ``TypeError``, … is allowed."""

DATA_ATTRIBUTES: Final[Mapping[str, str]] = {
    "shape": "array metadata (solutions)", "ndim": "array metadata (solutions)", "dtype": "array metadata (solutions)",
    "size": "array metadata (solutions: naive_reshape)", "itemsize": "array metadata",
    "kind": "dtype metadata (x.dtype.kind)", "name": "dtype metadata (x.dtype.name)",
    "__name__": "messages, type(x).__name__", "__qualname__": "messages",
}
"""Attributes that may be read on anything: metadata, never data. (Every other dunder attribute,
``__class__``, ``__dict__``, ``__code__``, ``__mro__`` …, is flagged.)"""

METHODS: Final[Mapping[str, str]] = {
    "copy": "the book's x = x.copy() (solutions: naive_relu)",
    "astype": "a converted copy to write into (variant book_style: naive_add)",
    "append": "building lists (solutions: naive_maximum)", "extend": "building lists", "insert": "building lists",
    "count": "tuple.count (solutions: naive_reshape)", "index": "list.index (variant book_style: naive_reshape)",
    "item": "one element as a Python scalar (x[i, j].item())",
    "any": "validation masks (tests/runner/inside/test_watch.py: relu_validated)",
    "all": "validation masks (tests/runner/inside/test_watch.py: relu_validated)",
}
"""Methods that may be called (directly: ``z = x.copy()``, not ``f = x.copy``) on anything;
any method may be called on a string literal (``", ".join(...)``, ``"{}".format(...)``).
Every other method call or attribute is flagged: ``.view()``, ``.tolist()``, ``.dot()``,
``.sum()``, ``.max()``, ``.clip()``, ``.reshape()``, ``.T``, ``.base``, ``.flat``, …"""

SCALAR_METHODS: Final[Mapping[str, str]] = {
    "type": "a typed zero, np.result_type(x, y).type(0) (variant while_loops: naive_vector_dot)",
}
"""Methods that may be called on literals or single elements only (on a whole array they convert it)."""

FORBIDDEN_KEYWORDS: Final[frozenset[str]] = frozenset({"subok"})
"""Keyword arguments flagged in any call: ``subok=False`` strips the watched array subclass."""


# ------------------------------------------------------------------------------- the verdict
@dataclass(frozen=True)
class Violation:
    """One construct outside the allowlist.

    Attributes:
        line: its line in the submitted file.
        construct: what it is, as source text (``np.asarray(x)``, ``getattr``, ``.view()``,
            ``maximum (np.maximum)`` for an alias, ``x @ y``, ``import numpy``).
        function: the function it is in (the checked one or a helper it reaches); None for
            module-level code (what the checked name is bound to, a monkeypatch).
        column: its column (violations on one line are listed in reading order).
    """

    line: int
    construct: str
    function: str | None
    column: int = 0


def check(source: str | bytes, function: str, rebound: Collection[str] = ()) -> tuple[Violation, ...]:
    """The violations of ``function`` in a module's source: its own first, then its helpers', then the module's.

    Walks ``function``, every module-level function it calls or names (transitively), and
    the module-level bindings of every global name they use; then the whole module for
    rebindings of what they rely on (``np.zeros = …``). Never imports or runs the source.
    A source that does not parse is one violation (the learner's import fails as well).

    ``rebound``: module-level names that are the references while ``function`` is graded
    (:data:`grader.catalogue.USES`): read at call time inside a function they are not walked —
    they are graded on their own. Read at definition time (a default value) they still are.
    """
    return _check(source if isinstance(source, bytes) else source.encode("utf-8"), function, frozenset(rebound))


@functools.lru_cache(maxsize=256)
def _check(source: bytes, function: str, rebound: frozenset[str]) -> tuple[Violation, ...]:
    try:
        module = _analyse(source)
    except (SyntaxError, ValueError) as exc:  # ValueError: a null byte
        return (Violation(getattr(exc, "lineno", None) or 0, type(exc).__name__, None),)
    return _Checker(module, function, rebound).run()


@functools.lru_cache(maxsize=32)
def _analyse(source: bytes) -> _Module:
    return _Module(ast.parse(source))


# --------------------------------------------------------------------- module-level bindings
_Kind = Literal["def", "numpy", "constant", "builtin", "other"]
_Function = ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
_Comprehension = ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)


@dataclass(frozen=True)
class _Value:
    """What a module-level name can hold, as far as the source tells.

    ``def``: a function (``node`` is its FunctionDef or Lambda); ``numpy``: the numpy module
    (``qual == ""``) or one of its members (``qual == "maximum"``); ``constant``: a literal;
    ``builtin``: the builtin ``text``; ``other``: anything else (``text`` says what).
    """

    kind: _Kind
    line: int = 0
    node: ast.AST | None = field(default=None, compare=False)
    qual: str = ""
    text: str = ""


@dataclass
class _Binding:
    """One module-level statement binding a name.

    ``def``; ``import`` (``what``: the module); ``from`` (``what``: the imported name);
    ``assign`` (``value``); ``other`` (``what``: its code).
    """

    kind: Literal["def", "import", "from", "assign", "other"]
    node: ast.AST
    top: bool
    """An unconditional statement of the module body (not in an if, a loop, a try, a function)."""
    what: str = ""
    value: ast.expr | None = None


class _Module:
    """A parsed module and the bindings of its global names."""

    def __init__(self, tree: ast.Module) -> None:
        self.tree = tree
        self.bindings: dict[str, list[_Binding]] = {}
        self.star: ast.ImportFrom | None = None
        self._resolved: dict[str, tuple[_Value, ...]] = {}
        self._collect(tree.body, top=True)
        for node in ast.walk(tree):  # `global name` in a function: rebinds a module-level name at run time
            if isinstance(node, ast.Global):
                for name in node.names:
                    self._add(name, _Binding("other", node, top=False, what=_code(node)))
        self.stores: list[tuple[ast.Attribute | ast.Call, frozenset[int]]] = []
        """Attribute stores and ``setattr``/``delattr`` calls, with the ids of the functions around each
        (found once per module: every checked function's module scan reads them)."""
        self._find_stores(tree, frozenset())

    def _find_stores(self, node: ast.AST, around: frozenset[int]) -> None:
        store = isinstance(node, ast.Attribute) and not isinstance(node.ctx, ast.Load)
        if store or (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("setattr", "delattr")):
            self.stores.append((cast(ast.Attribute | ast.Call, node), around))
        inner = around | {id(node)} if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)) else around
        for child in ast.iter_child_nodes(node):
            self._find_stores(child, inner)

    def _add(self, name: str, binding: _Binding) -> None:
        self.bindings.setdefault(name, []).append(binding)

    def _collect(self, body: Iterable[ast.stmt], *, top: bool) -> None:
        for st in body:
            if isinstance(st, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self._add(st.name, _Binding("def", st, top, st.name))
            elif isinstance(st, (ast.Import, ast.ImportFrom)):
                self._collect_import(st, top=top)
            elif isinstance(st, (ast.Assign, ast.AnnAssign)) and _single_name_target(st):
                if st.value is not None:  # a bare annotation binds nothing
                    self._add(_single_name_target(st), _Binding("assign", st, top, value=st.value))
            else:
                for part, nested in _statement_parts(st):
                    if isinstance(part, list):
                        self._collect(part, top=False)
                    else:
                        what = f"class {st.name}" if isinstance(st, ast.ClassDef) else _code(st)
                        for name in _stored_names(part):
                            self._add(name, _Binding("other", st, top and not nested, what))

    def _collect_import(self, st: ast.Import | ast.ImportFrom, *, top: bool) -> None:
        for alias in st.names:
            if isinstance(st, ast.Import):
                bound = alias.asname or alias.name.partition(".")[0]
                self._add(bound, _Binding("import", st, top, alias.name if alias.asname else bound))
            elif alias.name == "*":
                self.star = st
            else:
                self._add(alias.asname or alias.name, _Binding("from", st, top, alias.name))

    def resolve(self, name: str) -> tuple[_Value, ...]:
        """Everything the module-level name ``name`` can hold (memoised; a cycle is ``other``)."""
        if name in self._resolved:
            return self._resolved[name]
        self._resolved[name] = (_Value("other", text=name),)  # m = n; n = m
        found = self.bindings.get(name)
        values: tuple[_Value, ...]
        if found:
            if all(b.top for b in found):  # unconditional module-level statements: the last one wins
                found = found[-1:]
            values = tuple(v for b in found for v in self._binding_values(name, b))
        elif self.star is not None:
            values = (_Value("other", self.star.lineno, text=f"from {self.star.module} import *"),)
        elif name in vars(builtins):
            values = (_Value("builtin", text=name),)
        else:
            values = (_Value("other", text=name),)  # not defined anywhere the source shows
        self._resolved[name] = values
        return values

    def _binding_values(self, name: str, b: _Binding) -> tuple[_Value, ...]:
        line = getattr(b.node, "lineno", 0)
        value = _Value("other", line, text=b.what or name)
        if b.kind == "def":
            value = _Value("def", line, b.node, text=name)
        elif b.kind == "import":
            if _is_numpy(b.what):
                value = _Value("numpy", line, qual=b.what.partition(".")[2])
            else:
                value = _Value("other", line, text=_code(b.node))
        elif b.kind == "from" and isinstance(b.node, ast.ImportFrom):
            module = b.node.module if b.node.level == 0 else None
            if module is not None and _is_numpy(module):
                value = _Value("numpy", line, qual=".".join([*module.split(".")[1:], b.what]))
            else:
                value = _Value("other", line, text=_code(b.node))
        elif b.kind == "assign" and b.value is not None:
            return self.expr_values(name, b.value, line)
        return (value,)

    def expr_values(self, name: str, expr: ast.expr, line: int) -> tuple[_Value, ...]:
        """What ``name = expr`` at module level binds."""
        if _literal(expr):
            return (_Value("constant", line),)
        if isinstance(expr, ast.Lambda):
            return (_Value("def", line, expr, text=name),)
        if isinstance(expr, ast.Name):
            return self.resolve(expr.id)
        other = (_Value("other", line, text=f"{name} = {_code(expr)}"),)
        if isinstance(expr, ast.Attribute):
            base = self.expr_values(name, expr.value, line)
            if any(v.kind == "numpy" for v in base):
                return tuple(
                    _Value("numpy", line, qual=".".join(filter(None, [v.qual, expr.attr]))) if v.kind == "numpy" else other[0]
                    for v in base
                )
        if isinstance(expr, ast.Call) and _literal_call(expr) and not any(isinstance(a, ast.Subscript) for a in expr.args):
            func = self.expr_values(name, expr.func, line)
            if all(v.kind == "numpy" and v.qual in NUMPY_TYPES for v in func):  # EPS = np.float32(1e-7)
                return (_Value("constant", line),)
        return other


def _is_numpy(module: str) -> bool:
    return module == "numpy" or module.startswith("numpy.")


def _single_name_target(st: ast.Assign | ast.AnnAssign) -> str:
    targets = st.targets if isinstance(st, ast.Assign) else [st.target]
    return targets[0].id if len(targets) == 1 and isinstance(targets[0], ast.Name) else ""


def _statement_parts(st: ast.stmt) -> Iterator[tuple[list[ast.stmt] | ast.AST, bool]]:
    """A module-level statement's parts: its nested statement lists, and its other nodes.

    The second item says whether the part runs only conditionally (a loop target, a handler).
    """
    if isinstance(st, (ast.If, ast.For, ast.AsyncFor, ast.While, ast.Try, ast.TryStar, ast.With, ast.AsyncWith)):
        for name in ("body", "orelse", "finalbody"):
            block = getattr(st, name, None)
            if block:
                yield block, True
        for handler in getattr(st, "handlers", ()):
            yield handler.body, True
            if handler.name:
                yield ast.Name(handler.name, ast.Store()), True
        for name in ("target", "iter", "test"):
            part = getattr(st, name, None)
            if part is not None:
                yield part, name == "target"
        for item in getattr(st, "items", ()):
            yield item, False
    elif isinstance(st, ast.Match):
        yield st.subject, False
        for case in st.cases:
            yield case.pattern, True
            if case.guard is not None:
                yield case.guard, True
            yield case.body, True
    else:
        yield st, False


def _scoped_walk(node: ast.AST) -> Iterator[ast.AST]:
    """``ast.walk`` that does not enter nested scopes.

    Of a function, lambda or class only what is evaluated where it is defined (decorators,
    defaults, bases); of a comprehension, its first iterable and its ``:=`` (which bind in the
    enclosing scope).
    """
    todo = [node]
    while todo:
        current = todo.pop()
        yield current
        if current is node:
            todo.extend(ast.iter_child_nodes(current))
        elif isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef)):
            todo.extend([*current.decorator_list, *_defaults(current.args)])
        elif isinstance(current, ast.ClassDef):
            todo.extend([*current.decorator_list, *current.bases, *(k.value for k in current.keywords)])
        elif isinstance(current, ast.Lambda):
            todo.extend(_defaults(current.args))
        elif isinstance(current, _COMPREHENSIONS):
            todo.append(current.generators[0].iter)
            todo.extend(sub for sub in ast.walk(current) if isinstance(sub, ast.NamedExpr))
        else:
            todo.extend(ast.iter_child_nodes(current))


def _stored_names(node: ast.AST) -> Iterator[str]:
    """Names a statement (or pattern) binds in its own scope."""
    for sub in _scoped_walk(node):
        if isinstance(sub, ast.Name) and isinstance(sub.ctx, (ast.Store, ast.Del)):
            yield sub.id
        elif isinstance(sub, ast.NamedExpr) and isinstance(sub.target, ast.Name):
            yield sub.target.id
        elif isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            yield sub.name
        elif isinstance(sub, (ast.Import, ast.ImportFrom)):
            yield from ((a.asname or a.name.partition(".")[0]) for a in sub.names if a.name != "*")
        elif isinstance(sub, (ast.MatchAs, ast.MatchStar)) and sub.name:
            yield sub.name
        elif isinstance(sub, ast.MatchMapping) and sub.rest:
            yield sub.rest
        elif isinstance(sub, ast.ExceptHandler) and sub.name:
            yield sub.name


def _defaults(args: ast.arguments) -> list[ast.expr]:
    return [*args.defaults, *(d for d in args.kw_defaults if d is not None)]


def _literal(expr: ast.expr) -> bool:
    """A literal: constants, containers of literals, arithmetic on literals."""
    if isinstance(expr, (ast.Tuple, ast.List, ast.Set)):
        return all(_literal(e) for e in expr.elts)
    if isinstance(expr, ast.Dict):
        return all(k is None or _literal(k) for k in expr.keys) and all(_literal(v) for v in expr.values)
    if isinstance(expr, ast.UnaryOp):
        return _literal(expr.operand)
    if isinstance(expr, ast.BinOp):
        return _literal(expr.left) and _literal(expr.right)
    return isinstance(expr, ast.Constant)


def _literal_call(call: ast.Call) -> bool:
    """A scalar constructor's call on literals or single elements: ``np.float32(0)``, ``np.float64(x[i, j])``."""
    return not call.keywords and all(
        _literal(a) or (isinstance(a, ast.Subscript) and not _slices(a.slice)) for a in call.args
    )


def _slices(index: ast.expr) -> bool:
    """Whether an index takes more than one element along some axis (``x[:]``, ``x[i, ...]``)."""
    parts = index.elts if isinstance(index, ast.Tuple) else [index]
    return any(isinstance(p, ast.Slice) or (isinstance(p, ast.Constant) and p.value is Ellipsis) for p in parts)


def _chain(node: ast.Attribute) -> tuple[ast.expr, list[str]]:
    """``np.linalg.norm`` → (the Name ``np``, ["linalg", "norm"])."""
    attrs: list[str] = []
    current: ast.expr = node
    while isinstance(current, ast.Attribute):
        attrs.append(current.attr)
        current = current.value
    return current, attrs[::-1]


def _dunder(name: str) -> bool:
    return name.startswith("__") and name.endswith("__")


def _code(node: ast.AST, limit: int = 48) -> str:
    text = " ".join(ast.unparse(node).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ----------------------------------------------------------------------- function-level scopes
@dataclass
class _Scope:
    """A function, lambda or comprehension scope inside the checked code."""

    parent: _Scope | None
    params: set[str] = field(default_factory=set)
    values: dict[str, list[ast.expr | None]] = field(default_factory=dict)
    """Local name → what each of its bindings assigns (None: a loop target, an import … not a plain assignment)."""
    augmented: set[str] = field(default_factory=set)
    declared_global: set[str] = field(default_factory=set)

    def binds(self, name: str) -> bool:
        """Whether ``name`` is local to this scope."""
        return name in self.params or name in self.values or name in self.augmented


class _Binder(ast.NodeVisitor):
    """Collect the names one function (or lambda) body binds, with the values plainly assigned."""

    def __init__(self, scope: _Scope) -> None:
        self.scope = scope

    def bind(self, target: ast.expr, value: ast.expr | None) -> None:
        if isinstance(target, ast.Name):
            self.scope.values.setdefault(target.id, []).append(value)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for elt in target.elts:
                self.bind(elt, None)
        elif isinstance(target, ast.Starred):
            self.bind(target.value, None)
        else:
            self.visit(target)

    def add(self, name: str) -> None:
        self.scope.values.setdefault(name, []).append(None)

    def _nested(self, node: ast.AST) -> None:
        # a nested def, class or lambda: its name is bound here, its body is its own scope;
        # a comprehension: its targets are its own, only := binds here
        for sub in _scoped_walk(node):
            if sub is node and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                self.add(node.name)
            elif isinstance(sub, ast.NamedExpr) and isinstance(sub.target, ast.Name):
                self.bind(sub.target, sub.value)

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = visit_Lambda = _nested  # noqa: N815 - NodeVisitor's names
    visit_ListComp = visit_SetComp = visit_GeneratorExp = visit_DictComp = _nested  # noqa: N815

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            self.bind(target, node.value)
        self.visit(node.value)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self.bind(node.target, node.value)
        if node.value is not None:
            self.visit(node.value)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        if isinstance(node.target, ast.Name):
            self.scope.augmented.add(node.target.id)
        else:
            self.visit(node.target)
        self.visit(node.value)

    def visit_NamedExpr(self, node: ast.NamedExpr) -> None:
        self.bind(node.target, node.value)
        self.visit(node.value)

    def visit_For(self, node: ast.For | ast.AsyncFor) -> None:
        self.bind(node.target, None)
        for sub in [node.iter, *node.body, *node.orelse]:
            self.visit(sub)

    visit_AsyncFor = visit_For  # noqa: N815

    def visit_withitem(self, node: ast.withitem) -> None:
        if node.optional_vars is not None:
            self.bind(node.optional_vars, None)
        self.visit(node.context_expr)

    def visit_Global(self, node: ast.Global) -> None:
        self.scope.declared_global.update(node.names)

    def generic_visit(self, node: ast.AST) -> None:
        if isinstance(node, (ast.Import, ast.ImportFrom, ast.ExceptHandler, ast.MatchAs, ast.MatchStar, ast.MatchMapping)):
            for name in _stored_names(node) if not isinstance(node, ast.ExceptHandler) else [node.name or ""]:
                if name:
                    self.add(name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Del):
            self.add(node.id)
        super().generic_visit(node)


def _function_scope(node: _Function, parent: _Scope | None) -> _Scope:
    args = node.args
    scope = _Scope(parent)
    scope.params = {a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs]}
    scope.params |= {a.arg for a in (args.vararg, args.kwarg) if a is not None}
    binder = _Binder(scope)
    for stmt in [node.body] if isinstance(node, ast.Lambda) else node.body:
        binder.visit(stmt)
    return scope


# --------------------------------------------------------------------------------- the checker
class _Checker:
    """Walk one naive function and everything it reaches; collect the violations."""

    def __init__(self, module: _Module, root: str, rebound: frozenset[str] = frozenset()) -> None:
        self.module = module
        self.root = root
        self.rebound = rebound - {root}
        self.found: dict[tuple[str | None, int, int, str], Violation] = {}
        self.queue: list[tuple[_Function, str]] = []
        self.closure: list[tuple[_Function, str]] = []
        """The checked function and every function it reaches, in the order they were walked."""
        self.current: str | None = None
        self.depends: set[str] = set()
        """Attribute and builtin names the checked code relies on: rebinding one anywhere is a violation."""

    # -- bookkeeping
    def flag(self, node: ast.AST, construct: str, *, module_level: bool = False) -> None:
        where = None if module_level else self.current
        line, column = getattr(node, "lineno", 0), getattr(node, "col_offset", 0)
        self.found.setdefault((where, line, column, construct), Violation(line, construct, where, column))

    def enqueue(self, value: _Value) -> None:
        node = value.node
        known = (n for n, _ in [*self.queue, *self.closure])
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)) and all(n is not node for n in known):
            self.queue.append((node, node.name if not isinstance(node, ast.Lambda) else value.text))

    def run(self) -> tuple[Violation, ...]:
        for value in self.module.resolve(self.root):
            if value.kind == "def":
                self.enqueue(value)
            else:  # the name is (also) bound otherwise: an alias of a NumPy function, an import, a class …
                text = value.text if value.kind == "other" and value.text else f"{self.root} ({_describe(value)})"
                self.found.setdefault((None, value.line, 0, text), Violation(value.line, text, None))
        while self.queue:
            node, name = self.queue.pop(0)
            self.closure.append((node, name))
            self.current = name
            self.function(node)
        self.current = None
        self.depends |= {name for _, name in self.closure}
        self.module_scan()
        rank = {name: index for index, (_, name) in reversed(list(enumerate(self.closure)))}
        return tuple(
            sorted(self.found.values(), key=lambda v: (rank.get(v.function or "", len(rank)), v.line, v.column, v.construct))
        )

    # -- functions and scopes
    def function(self, node: _Function) -> None:
        """A function of the module: decorators are flagged, defaults are evaluated at module level."""
        if not isinstance(node, ast.Lambda):
            for decorator in node.decorator_list:
                self.flag(decorator, f"@{_code(decorator)}")
        for default in _defaults(node.args):
            self.expr(default, None)
        scope = _function_scope(node, None)
        for stmt in [node.body] if isinstance(node, ast.Lambda) else node.body:
            self.expr(stmt, scope)

    def lookup(self, name: str, scope: _Scope | None) -> _Scope | None:
        """The scope ``name`` is local to, or None when it is a module-level (or builtin) name."""
        while scope is not None:
            if name in scope.declared_global:
                return None
            if scope.binds(name):
                return scope
            scope = scope.parent
        return None

    # -- the walk
    def expr(self, node: ast.AST, scope: _Scope | None) -> None:  # noqa: PLR0912 - one dispatch on node types
        """Check any node of the checked code (statement or expression) in ``scope``."""
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            if not isinstance(node, ast.Lambda):
                for decorator in node.decorator_list:
                    self.flag(decorator, f"@{_code(decorator)}")
            for default in _defaults(node.args):
                self.expr(default, scope)
            inner = _function_scope(node, scope)
            for stmt in [node.body] if isinstance(node, ast.Lambda) else node.body:
                self.expr(stmt, inner)
        elif isinstance(node, ast.ClassDef):
            self.flag(node, f"class {node.name}")
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            self.flag(node, _code(node))
        elif isinstance(node, _COMPREHENSIONS):
            self.comprehension(node, scope)
        elif isinstance(node, ast.Call):
            self.call(node, scope)
        elif isinstance(node, ast.Attribute):
            self.attribute(node, scope, None)
        elif isinstance(node, ast.Name):
            self.name(node, scope, None)
        elif isinstance(node, ast.AnnAssign):  # the annotation is not evaluated in a function
            self.expr(node.target, scope)
            if node.value is not None:
                self.expr(node.value, scope)
        else:
            if isinstance(node, (ast.BinOp, ast.AugAssign)) and isinstance(node.op, ast.MatMult):
                self.flag(node, _code(node))
            for child in ast.iter_child_nodes(node):
                self.expr(child, scope)

    def comprehension(self, node: _Comprehension, scope: _Scope | None) -> None:
        """The first iterable is evaluated in the enclosing scope, the rest in the comprehension's."""
        first = node.generators[0]
        self.expr(first.iter, scope)
        inner = _Scope(scope)
        binder = _Binder(inner)
        for generator in node.generators:
            binder.bind(generator.target, None)
        for generator in node.generators:
            self.expr(generator.target, inner)
            if generator is not first:
                self.expr(generator.iter, inner)
            for condition in generator.ifs:
                self.expr(condition, inner)
        for part in [node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt]:
            self.expr(part, inner)

    def call(self, node: ast.Call, scope: _Scope | None) -> None:
        if isinstance(node.func, ast.Name):
            self.name(node.func, scope, node)
        elif isinstance(node.func, ast.Attribute):
            self.attribute(node.func, scope, node)
        else:
            self.expr(node.func, scope)
        for keyword in node.keywords:
            if keyword.arg in FORBIDDEN_KEYWORDS:
                self.flag(keyword.value, f"{keyword.arg}=")
            self.expr(keyword.value, scope)
        for arg in node.args:
            self.expr(arg, scope)

    def name(self, node: ast.Name, scope: _Scope | None, call: ast.Call | None) -> None:
        if (scope is not None and isinstance(node.ctx, ast.Load) and node.id in self.rebound
                and self.lookup(node.id, scope) is None):
            return  # a global read when the function runs: the reference then, graded on its own
        if isinstance(node.ctx, ast.Load) and self.lookup(node.id, scope) is None:
            for value in self.module.resolve(node.id):
                self.use(value, node, node.id, call, scope)

    def use(self, value: _Value, node: ast.expr, written: str, call: ast.Call | None, scope: _Scope | None) -> None:
        """A module-level or builtin name, as ``written`` in the source, read (and called by ``call``)."""
        if value.kind == "def":
            self.enqueue(value)
        elif value.kind == "numpy":
            self.numpy(value.qual, node, written, call, scope)
        elif value.kind == "builtin":
            three_argument_type = value.text == "type" and (call is None or call.func is not node or len(call.args) != 1)
            # sum over a generator is a Python loop of scalars; sum(x) of an array row is not element by element here
            loop_sum = value.text == "sum" and call is not None and call.func is node and bool(call.args) and isinstance(
                call.args[0], ast.GeneratorExp | ast.ListComp)
            if (value.text in BUILTINS or value.text in EXCEPTIONS or loop_sum) and not three_argument_type:
                self.depends.add(value.text)
            else:
                self.flag(node, written if written == value.text else f"{written} ({value.text})")
        elif value.kind == "other":
            self.flag(node, written if value.text in ("", written) else f"{written} ({value.text})")

    def numpy(self, qual: str, node: ast.expr, written: str, call: ast.Call | None, scope: _Scope | None) -> None:
        """A NumPy member ``qual`` ("" for the module itself), as ``written`` in the source."""
        canonical = f"np.{qual}" if qual else "np"
        label = canonical if written in (canonical, "numpy" + canonical[2:]) else f"{written} ({canonical})"
        called = call is not None and call.func is node
        if qual:
            self.depends.add(qual.rpartition(".")[2])
        if qual in NUMPY_FUNCTIONS:
            return
        if qual in NUMPY_CONVERSIONS and call is not None and called:
            if call.args and not self.fresh(call.args[0], scope):
                self.flag(node, f"{label}({_code(call.args[0], 24)})")
            return
        ok = (qual in NUMPY_TYPES and (not called or (call is not None and _literal_call(call)))) or (
            qual in NUMPY_CONSTANTS and not called
        )
        if not ok:
            self.flag(node, label)

    def attribute(self, node: ast.Attribute, scope: _Scope | None, call: ast.Call | None) -> None:
        if not isinstance(node.ctx, ast.Load):
            self.flag(node, f"{_code(node)} =")
            self.expr(node.value, scope)
            return
        root, attrs = _chain(node)
        if isinstance(root, ast.Name) and self.lookup(root.id, scope) is None:
            values = self.module.resolve(root.id)
            if any(v.kind == "numpy" for v in values):
                for value in values:
                    if value.kind == "numpy":
                        self.numpy(".".join(filter(None, [value.qual, *attrs])), node, _code(node), call, scope)
                    else:
                        self.use(value, root, root.id, None, scope)
                return
            if all(v.kind == "other" for v in values):  # os.path.join, math.fsum, an undefined name: one violation
                for value in values:
                    self.use(value, node, _code(node), None, scope)
                return
        self.plain_attribute(node, scope, call)

    def plain_attribute(self, node: ast.Attribute, scope: _Scope | None, call: ast.Call | None) -> None:
        """An attribute of something that is not the numpy module: metadata and a few methods only."""
        attr = node.attr
        called = call is not None and call.func is node
        if attr in DATA_ATTRIBUTES:
            pass
        elif called and call is not None and (attr in METHODS or (attr in SCALAR_METHODS and _literal_call(call))):
            self.depends.add(attr)
        elif not (called and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)):
            self.flag(node, f".{attr}()" if called else f".{attr}")  # ", ".join(...) and "{}".format(...) are fine
        self.expr(node.value, scope)

    # -- np.array / np.asarray arguments
    def fresh(self, expr: ast.expr, scope: _Scope | None, seen: frozenset[str] = frozenset()) -> bool:  # noqa: PLR0911 - one case per node type
        """Whether ``expr`` is data the function built itself, never an input array or a view of one.

        Fresh: literals, arithmetic results, lists and tuples (of elements, not of arrays),
        comprehensions of elements, the results of the submission's functions and of the
        allowed NumPy allocations, local variables bound only to those. Not fresh: parameters,
        attributes (``x.T``, ``x.base``), slices and indexes (``x[i]`` may be a row), the
        results of methods (``x.copy()``, ``x.tolist()``).
        """
        if isinstance(expr, (ast.Constant, ast.Dict, ast.DictComp, ast.BinOp, ast.UnaryOp, ast.Compare)):
            return True
        if isinstance(expr, (ast.List, ast.Tuple, ast.Set)):
            return all(self._element(e, scope, seen) for e in expr.elts)
        if isinstance(expr, (ast.ListComp, ast.SetComp, ast.GeneratorExp)):
            return not isinstance(expr.elt, ast.Name) and self._element(expr.elt, scope, seen)
        if isinstance(expr, (ast.IfExp, ast.BoolOp)):
            parts = [expr.body, expr.orelse] if isinstance(expr, ast.IfExp) else expr.values
            return all(self.fresh(p, scope, seen) for p in parts)
        if isinstance(expr, ast.NamedExpr):
            return self.fresh(expr.value, scope, seen)
        if isinstance(expr, ast.Call):
            return self._fresh_call(expr, scope, seen)
        if isinstance(expr, ast.Name) and expr.id not in seen:
            local = self.lookup(expr.id, scope)
            if local is None:
                return all(v.kind == "constant" for v in self.module.resolve(expr.id))
            values = local.values.get(expr.id, [])
            return expr.id not in local.params and all(v is not None and self.fresh(v, local, seen | {expr.id}) for v in values)
        return False

    def _element(self, expr: ast.expr, scope: _Scope | None, seen: frozenset[str]) -> bool:
        """An element of a list built for np.array: anything but an array (a name that is not fresh, a view)."""
        if isinstance(expr, ast.Subscript):
            return not _slices(expr.slice)
        if isinstance(expr, (ast.Name, ast.Starred, ast.Attribute)):
            return self.fresh(expr, scope, seen)
        return True

    def _fresh_call(self, expr: ast.Call, scope: _Scope | None, seen: frozenset[str]) -> bool:  # noqa: PLR0911 - one case per callee kind
        func = expr.func
        if isinstance(func, ast.Name):
            if self.lookup(func.id, scope) is not None:
                return True  # a function defined in the checked code (checked itself)
            values = self.module.resolve(func.id)
            if all(v.kind == "def" for v in values):
                return True
            if all(v.kind == "builtin" for v in values):
                if func.id in ("list", "tuple"):
                    return not expr.args or self.fresh(expr.args[0], scope, seen)
                return func.id in ("float", "int", "bool", "abs", "len")
            return all(v.kind == "numpy" and v.qual in NUMPY_FUNCTIONS for v in values)
        if isinstance(func, ast.Attribute):
            root, attrs = _chain(func)
            if isinstance(root, ast.Name) and self.lookup(root.id, scope) is None:
                values = self.module.resolve(root.id)
                return all(v.kind == "numpy" and ".".join(filter(None, [v.qual, *attrs])) in NUMPY_FUNCTIONS for v in values)
        return False  # a method's result: x.copy(), x.astype(...), x.tolist()

    # -- the rest of the module
    def module_scan(self) -> None:
        """Module-wide: rebinding what the checked code relies on (``np.zeros = …``, ``builtins.max = …``).

        Outside the checked functions: a store to (or deletion of) an attribute whose name the
        checked code uses (a NumPy function, a builtin, an allowed method, one of the checked
        functions) or of any dunder attribute (``naive_relu.__code__ = …``); ``setattr`` or
        ``delattr`` naming such an attribute with a string literal, or on the numpy module or
        ``builtins`` with a name computed at run time.
        """
        checked = {id(node) for node, _ in self.closure}
        for node, around in self.module.stores:
            if checked & around:
                continue
            if isinstance(node, ast.Attribute):
                if node.attr in self.depends or _dunder(node.attr):
                    self.flag(node, f"{_code(node)} =", module_level=True)
            elif isinstance(node.func, ast.Name):  # setattr / delattr
                if len(node.args) < 2:
                    continue
                name = node.args[1]
                if isinstance(name, ast.Constant) and isinstance(name.value, str):
                    patched = name.value in self.depends or _dunder(name.value)
                else:
                    patched = self._module_object(node.args[0])
                if patched:
                    self.flag(node, f"{node.func.id}({_code(node.args[0], 24)}, {_code(name, 24)}, …)", module_level=True)

    def _module_object(self, target: ast.expr) -> bool:
        """Whether ``target`` is the numpy module (or a submodule) or ``builtins``."""
        root = _chain(target)[0] if isinstance(target, ast.Attribute) else target
        if not isinstance(root, ast.Name):
            return False
        imported = {b.what for b in self.module.bindings.get(root.id, []) if b.kind == "import"}
        return (
            "builtins" in imported
            or root.id == "__builtins__"
            or any(v.kind == "numpy" for v in self.module.resolve(root.id))
        )


def _describe(value: _Value) -> str:
    if value.kind == "numpy":
        return f"np.{value.qual}" if value.qual else "np"
    return value.text or value.kind
