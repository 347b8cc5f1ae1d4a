"""The reference versions of a module's functions, as source text a learner's call can carry.

One bug, one deduction: each catalogue function is graded with the reference versions of the
other catalogue functions it uses (:data:`grader.catalogue.USES`), rebound in the learner's module
for that call only (:mod:`grader.runner.inside.rebind`), and a suite can call a function's
reference version itself in the learner process (``learner.run(..., reference=True)``: the Keras
suites build the model that ``compile_model`` and ``train`` are given that way).

The reference is the solution (``solutions/<module>.py``), read by the grading process. A call
carries a small program: the solution's imports and constants, and the functions it needs
(with the solution's own helpers they call), docstrings and comments left out. Where no solution
is readable (a learner's local checks), calls carry none and the learner's own functions are used.

Imports the standard library only (the learner's local checks import it).
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any


@dataclass(frozen=True)
class Substitutes:
    """A module's reference source and which of its functions each function uses.

    Attributes:
        module: the catalogue module.
        source: the solution's source text.
        uses: function → the catalogue functions rebound to their references while it is called.
    """

    module: str
    source: str
    uses: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))

    @classmethod
    def read(cls, module: str, solution: Path, uses: Mapping[str, tuple[str, ...]]) -> Substitutes | None:
        """The substitutes of ``module`` from its solution file; None where it cannot be read."""
        try:
            source = solution.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        return cls(module, source, MappingProxyType(dict(uses)))

    def request(self, function: str, *, itself: bool = False) -> dict[str, Any] | None:
        """What a call of ``function`` carries (``uses`` in its request); None when it needs no reference.

        ``itself``: the reference version of ``function`` is called, not the learner's.
        """
        names = tuple(dict.fromkeys(((function,) if itself else ()) + tuple(self.uses.get(function, ()))))
        if not names:
            return None
        return {"source": program(self.source, names), "names": list(names)}


@functools.lru_cache(maxsize=256)
def program(source: str, names: tuple[str, ...]) -> str:
    """The part of a solution that defines ``names``: its imports and constants, those functions and their helpers.

    Raises:
        ValueError: the solution does not define one of ``names``.
    """
    tree = ast.parse(source)
    defs = {node.name: node for node in tree.body if isinstance(node, (ast.FunctionDef, ast.ClassDef))}
    missing = [name for name in names if name not in defs]
    if missing:
        raise ValueError(f"the reference solution does not define {', '.join(missing)}")
    needed = _closure(defs, names)
    body: list[ast.stmt] = []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            if node.name in needed:
                body.append(_without_docstring(node))
        elif not _is_docstring(node):
            body.append(node)
    return ast.unparse(ast.Module(body=body, type_ignores=[]))


def _closure(defs: Mapping[str, ast.FunctionDef | ast.ClassDef], names: Iterable[str]) -> set[str]:
    """``names`` and every top-level definition they reach by name."""
    needed: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in needed:
            continue
        needed.add(name)
        todo += [n.id for n in ast.walk(defs[name]) if isinstance(n, ast.Name) and n.id in defs and n.id not in needed]
    return needed


def _is_docstring(node: ast.stmt) -> bool:
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)


def _without_docstring(node: ast.FunctionDef | ast.ClassDef) -> ast.FunctionDef | ast.ClassDef:
    if len(node.body) > 1 and _is_docstring(node.body[0]):
        node.body = node.body[1:]
    return node
