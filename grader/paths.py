"""Where dlgrade's own files are: the package, its suites and, in a checkout, the repository."""

from __future__ import annotations

from pathlib import Path
from typing import Final

PACKAGE: Final = Path(__file__).resolve().parent
"""The ``grader`` package."""
SUITES: Final = PACKAGE / "suites"
"""``public/``, ``hidden/`` (a checkout or an instructor's install only) and ``suites.ini``."""
PUBLIC: Final = SUITES / "public"
HIDDEN: Final = SUITES / "hidden"
REPO: Final = PACKAGE.parent
"""The project checkout holding the package (solutions/, exercises/, demo/ where they exist)."""
SOLUTIONS: Final = REPO / "solutions"
EXERCISES: Final = REPO / "exercises"
