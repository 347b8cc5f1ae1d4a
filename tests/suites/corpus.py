"""The mutant and variant corpora: submissions built from a solution plus overrides."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MUTANTS = ROOT / "tests" / "mutants"
VARIANTS = ROOT / "tests" / "variants"
SOLUTIONS = ROOT / "solutions"


@dataclass(frozen=True)
class Override:
    """A mutant or variant: functions that replace the solution's.

    Attributes:
        module: the catalogue module.
        name: file stem.
        functions: the functions it defines.
        catches: for a mutant, the hidden test that must fail.
        path: the file.
        callers: for a mutant of a function others use (``CALLERS``), those others: graded too, they
            must keep full marks (one bug, one deduction; see ``grader.catalogue.USES``).
    """

    module: str
    name: str
    functions: tuple[str, ...]
    catches: str | None
    path: Path
    callers: tuple[str, ...] = ()

    @property
    def graded(self) -> tuple[str, ...]:
        """The functions graded for it: those it defines and the callers it names."""
        return tuple(dict.fromkeys(self.functions + self.callers))

    @property
    def id(self) -> str:
        """Submission id in a grading session."""
        return f"{self.module}.{self.name}"

    def build(self, into: Path) -> Path:
        """Write the submission (solution + this override) into a fresh folder."""
        folder = into / self.id
        folder.mkdir(parents=True)
        solution = (SOLUTIONS / f"{self.module}.py").read_text(encoding="utf-8")
        override = self.path.read_text(encoding="utf-8")
        (folder / f"{self.module}.py").write_text(f"{solution}\n\n# ---- override ----\n{override}", encoding="utf-8")
        return folder


def load(folder: Path) -> list[Override]:
    """Every override file under ``folder/<module>/``."""
    found = []
    for path in sorted(folder.glob("*/*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = tuple(n.name for n in tree.body if isinstance(n, ast.FunctionDef) and not n.name.startswith("_"))
        constants = {t.id: ast.literal_eval(node.value) for node in tree.body if isinstance(node, ast.Assign)
                     for t in node.targets if isinstance(t, ast.Name) and t.id in ("CATCHES", "CALLERS")}
        found.append(Override(path.parent.name, path.stem, functions, constants.get("CATCHES"), path,
                              tuple(constants.get("CALLERS", ()))))
    return found
