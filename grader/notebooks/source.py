"""A learner's module, taken from the code of a notebook: what both the kernel's check and the grader import.

A notebook's cells hold the exercise functions, but also demo calls, plots, magics and cells run
twice. The module is rebuilt from the cells with :mod:`ast` only (nothing is executed here):

* kept: top-level imports (hoisted, each once, ``__future__`` first), function and class
  definitions, and simple assignments (constants: their value calls nothing but imported
  modules' functions and reads only names already bound);
* dropped: expression statements (demo calls, ``check(...)``, docstrings, magics IPython turned
  into ``get_ipython()`` calls), loops, ``if``/``try``/``with`` blocks, imports of dlgrade itself
  (the check cell), cells that start with a cell magic (``%%time``);
* a later definition wins: a function defined again keeps its place with its newest code, an
  assignment made again moves to where it was last made.

Two sources: the kernel's input history (:func:`history_source`: cells that do not parse are
left out and named, as they defined nothing) and a notebook file (:func:`notebook_source`, strict:
a file that is not a notebook, or a code cell with a syntax error, raises :class:`NotebookError`
saying where). Imports nothing of the instructor's side.
"""

from __future__ import annotations

import ast
import builtins
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from grader.feedback.echo import excerpt
from grader.feedback.messages import text

MAX_NOTEBOOK_BYTES = 50_000_000
"""A larger notebook is not read (a submission folder is not a place for data sets)."""
HEADER = "# {module}.py, rebuilt by dlgrade from {origin}: its imports, functions, classes and constants.\n"
_LINE_MAGIC = re.compile(r"^(\s*)(?:[%!]|[\w.,\s\[\]()*]+=\s*[%!]|[\w.]+\?\??\s*$)")
_BUILTINS = frozenset(dir(builtins))
_FLAGS = ast.PyCF_ONLY_AST | ast.PyCF_ALLOW_TOP_LEVEL_AWAIT


class NotebookError(ValueError):
    """A notebook whose code cannot be taken; :meth:`text` says why in the learner's language."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(text(key, "en", **params))
        self.key = key
        self.params = params

    def text(self, lang: str) -> str:
        """The message in ``lang``."""
        return text(self.key, lang, **self.params)


@dataclass(frozen=True)
class Skipped:
    """A cell left out because it does not parse: its number, first line (bounded), the error's line and message."""

    cell: int
    first: str
    line: int
    detail: str


@dataclass(frozen=True)
class Rebuilt:
    """A module rebuilt from cells: its source, and the cells left out because they do not parse."""

    source: str
    skipped: tuple[Skipped, ...] = ()


@dataclass
class _Entry:
    names: frozenset[str]
    code: str
    definition: bool


def _parse(cell: str) -> tuple[str, ast.Module] | SyntaxError:
    """The cell's text and statements; where the cell is not Python as it is, its line magics read as ``pass``."""
    try:
        return cell, compile(cell, "<cell>", "exec", _FLAGS)
    except SyntaxError:
        pass
    cleaned = "\n".join(_LINE_MAGIC.sub(r"\1pass  #", line, count=1) for line in cell.splitlines())
    try:
        return cleaned, compile(cleaned, "<cell>", "exec", _FLAGS)
    except SyntaxError as exc:
        return exc


def _root(node: ast.expr) -> str | None:
    """The name a dotted call target starts from: ``np`` of ``np.random.default_rng(0).normal``."""
    while True:
        if isinstance(node, ast.Name):
            return node.id
        if isinstance(node, ast.Attribute | ast.Subscript):
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        else:
            return None


def _simple(value: ast.expr, bound: set[str], imported: set[str]) -> bool:
    """Whether an assigned value is a constant of the module: calls only imported code, reads only bound names."""
    stored: set[str] = set()
    loaded: set[str] = set()
    todo: list[ast.AST] = [value]
    while todo:
        node = todo.pop()
        if isinstance(node, ast.Lambda):
            continue  # its body runs when called, not when the module is imported
        if isinstance(node, ast.Await | ast.Yield | ast.YieldFrom | ast.NamedExpr):
            return False
        if isinstance(node, ast.Call) and _root(node.func) not in imported:
            return False  # a demo call of the notebook's own functions, or of anything not imported
        if isinstance(node, ast.Name):
            (stored if isinstance(node.ctx, ast.Store) else loaded).add(node.id)
        todo.extend(ast.iter_child_nodes(node))
    return loaded - stored <= bound | _BUILTINS


def _targets(node: ast.Assign | ast.AnnAssign) -> frozenset[str] | None:
    """The names an assignment binds, or None unless it binds plain names only."""
    names: set[str] = set()
    todo: list[ast.expr] = list(node.targets) if isinstance(node, ast.Assign) else [node.target]
    while todo:
        target = todo.pop()
        if isinstance(target, ast.Name):
            names.add(target.id)
        elif isinstance(target, ast.Tuple | ast.List):
            todo.extend(target.elts)
        elif isinstance(target, ast.Starred):
            todo.append(target.value)
        else:
            return None
    return frozenset(names)


def _imported(node: ast.Import | ast.ImportFrom) -> set[str]:
    return {(alias.asname or alias.name).split(".")[0] for alias in node.names}


def _is_dlgrade(node: ast.Import | ast.ImportFrom) -> bool:
    if isinstance(node, ast.ImportFrom):
        return node.level == 0 and (node.module or "").split(".")[0] == "grader"
    return any(alias.name.split(".")[0] == "grader" for alias in node.names)


def _segment(cell: str, node: ast.stmt) -> str:
    """The statement's own text (a definition with its decorators), as the learner wrote it."""
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
        return "\n".join(cell.splitlines()[start - 1 : node.end_lineno])
    return ast.get_source_segment(cell, node) or ""


class _Builder:
    """The statements kept so far, in module order."""

    def __init__(self) -> None:
        self.imports: dict[str, bool] = {}  # text → is a __future__ import
        self.entries: list[_Entry] = []
        self.bound: set[str] = set()
        self.imported: set[str] = set()

    def add_cell(self, cell: str, tree: ast.Module) -> None:
        for node in tree.body:
            if isinstance(node, ast.Import | ast.ImportFrom):
                if not _is_dlgrade(node):
                    future = isinstance(node, ast.ImportFrom) and node.module == "__future__"
                    self.imports.setdefault(_segment(cell, node), future)
                    self.imported |= _imported(node)
                    self.bound |= _imported(node)
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                self._put(_Entry(frozenset({node.name}), _segment(cell, node), definition=True))
            elif isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
                names = _targets(node)
                if names and _simple(node.value, self.bound, self.imported):
                    self._put(_Entry(names, _segment(cell, node), definition=False))

    def _put(self, entry: _Entry) -> None:
        self.bound |= entry.names
        for at, old in enumerate(self.entries):
            if entry.definition and old.definition and old.names == entry.names:
                self.entries[at] = entry  # a function defined again keeps its place
                return
        self.entries = [old for old in self.entries if not old.names <= entry.names]
        self.entries.append(entry)

    def source(self, header: str) -> str:
        """The module: header, imports, then definitions and the assignments whose names are bound by then."""
        imports = sorted(self.imports, key=lambda line: not self.imports[line])  # stable: __future__ first
        bound = set().union(*(_imported_text(line) for line in imports))
        kept: list[str] = []
        for entry in self.entries:
            if not entry.definition and not _reads_only(entry.code, bound | self.imported):
                continue  # it read a name that, after later redefinitions, comes after it
            bound |= entry.names
            kept.append(entry.code)
        parts = [header.rstrip("\n"), "\n".join(imports), *kept]
        return "\n\n\n".join(part for part in parts if part) + "\n"


def _imported_text(line: str) -> set[str]:
    node = ast.parse(line).body[0]
    return _imported(node) if isinstance(node, ast.Import | ast.ImportFrom) else set()


def _reads_only(code: str, bound: set[str]) -> bool:
    node = ast.parse(code).body[0]
    if not isinstance(node, ast.Assign | ast.AnnAssign) or node.value is None:
        return True
    return _simple(node.value, bound, bound)


def rebuild(cells: Iterable[tuple[int, str]], module: str, origin: str) -> Rebuilt:
    """The module from numbered cells in the order they ran; cells that do not parse are left out and named.

    Cells that start with a cell magic (``%%``) are left out (IPython runs their body its own way).
    """
    builder = _Builder()
    skipped: list[Skipped] = []
    for number, cell in cells:
        if cell.lstrip().startswith("%%"):
            continue
        parsed = _parse(cell)
        if isinstance(parsed, SyntaxError):
            first = next((line.strip() for line in cell.splitlines() if line.strip()), "")
            skipped.append(Skipped(number, excerpt(first, 60), parsed.lineno or 0, excerpt(parsed.msg or "invalid syntax", 120)))
            continue
        builder.add_cell(*parsed)
    return Rebuilt(builder.source(HEADER.format(module=module, origin=origin)), tuple(skipped))


def history_source(history: Sequence[str], module: str) -> Rebuilt:
    """The module from a kernel's input history (``In``: the cells as they ran, magics already translated).

    A left-out cell is numbered as the kernel numbered it (``In [5]``).
    """
    cells = ((number, cell) for number, cell in enumerate(history) if number and cell.strip())
    return rebuild(cells, module, "the cells run in this notebook")


def notebook_cells(raw: bytes, name: str) -> list[str]:
    """The code cells of a notebook file's bytes, top to bottom.

    Raises:
        NotebookError: not JSON, not a Jupyter notebook (version 4) with a list of cells, or an nbgrader
            assignment notebook (its grade cells: the module's ``.py`` is missing, not in it).
    """
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise NotebookError("notebook_not_json", name=name, detail=excerpt(str(exc), 120)) from None
    cells = document.get("cells") if isinstance(document, dict) else None
    if not isinstance(cells, list) or document.get("nbformat") != 4:
        raise NotebookError("notebook_not_notebook", name=name)
    if any(_is_grade_cell(cell) for cell in cells):
        raise NotebookError("notebook_is_assignment", name=name, module=name.removesuffix(".ipynb"))
    code = []
    for cell in cells:
        if isinstance(cell, dict) and cell.get("cell_type") == "code":
            source = cell.get("source", "")
            code.append("".join(str(s) for s in source) if isinstance(source, list) else str(source))
    return code


def _is_grade_cell(cell: Any) -> bool:
    """An nbgrader grade cell: the course's assignment notebook, which holds checks, not the learner's code."""
    metadata = cell.get("metadata") if isinstance(cell, dict) else None
    nbgrader = metadata.get("nbgrader") if isinstance(metadata, dict) else None
    return isinstance(nbgrader, dict) and nbgrader.get("grade") is True


def notebook_source(path: Path, module: str) -> str:
    """The module in a notebook file's code cells (read as JSON, never run).

    Raises:
        NotebookError: the file cannot be read, is too large, is not a notebook, or a code cell
            has a syntax error (the message names the cell and the line).
    """
    try:
        if path.stat().st_size > MAX_NOTEBOOK_BYTES:
            raise NotebookError("notebook_too_large", name=path.name, limit=MAX_NOTEBOOK_BYTES // 1_000_000)
        raw = path.read_bytes()
    except OSError as exc:
        raise NotebookError("notebook_unreadable", name=path.name, detail=type(exc).__name__) from None
    rebuilt = rebuild(enumerate(notebook_cells(raw, path.name), start=1), module, path.name)
    if rebuilt.skipped:
        bad = rebuilt.skipped[0]
        raise NotebookError("notebook_syntax", name=path.name, cell=bad.cell, first=bad.first, line=bad.line,
                            detail=bad.detail)
    return rebuilt.source
