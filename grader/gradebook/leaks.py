"""Release checks: no solution code and nothing from the hidden suites may reach learners.

Looks for solution markers (dlgrade's and nbgrader's), for the code inside the solutions'
``# BEGIN SOLUTION`` regions (lines that do not also appear outside them), and for the hidden
suites' file names, test names and distinctive lines (lines not also in public material).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final

MARKERS: Final = re.compile(r"(BEGIN|END)\s+(SOLUTION|HIDDEN\s+TESTS)", re.IGNORECASE)
TEST_NAME: Final = re.compile(r"^\s*(?:async\s+)?def\s+(test_\w+)", re.MULTILINE)
MIN_SOLUTION_LINE: Final = 12
MIN_HIDDEN_LINE: Final = 30


@dataclass(frozen=True)
class Leak:
    """One finding: file, 1-based line (0: the file as a whole) and what leaked."""

    path: Path
    line: int
    what: str

    def __str__(self) -> str:
        """Show ``path:line: what``."""
        return f"{self.path}:{self.line}: {self.what}"


class ReleaseLeakError(RuntimeError):
    """A release contains solution code or hidden tests."""

    def __init__(self, release_dir: Path, leaks: Iterable[Leak]) -> None:
        """Keep the leaks; the message lists the first 20."""
        self.leaks = tuple(leaks)
        shown = "\n".join(f"  {leak}" for leak in self.leaks[:20])
        super().__init__(f"release {release_dir} leaks {len(self.leaks)} item(s):\n{shown}")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines()]


def released_lines(path: Path) -> list[str]:
    """Return the stripped text lines of a released file (a notebook: its cell texts); [] if binary."""
    try:
        text = path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        return []
    if path.suffix == ".ipynb":
        try:
            cells = json.loads(text).get("cells", [])
        except (ValueError, AttributeError):
            return _lines(text)
        parts: list[str] = []
        for cell in cells:
            parts.append(_join(cell.get("source", "")))
            for output in cell.get("outputs", []):
                parts.append(_join(output.get("text", "")))
                parts.extend(_join(v) for v in output.get("data", {}).values() if isinstance(v, str | list))
        return _lines("\n".join(parts))
    return _lines(text)


def _join(value: object) -> str:
    return "".join(str(v) for v in value) if isinstance(value, list) else str(value)


def solution_lines(source: str) -> set[str]:
    """Return code lines inside solution regions that never occur outside them (hints excluded)."""
    inside: set[str] = set()
    outside: set[str] = set()
    depth = 0
    for line in _lines(source):
        if re.match(r"#\s*BEGIN\s+SOLUTION", line, re.IGNORECASE):
            depth += 1
        elif re.match(r"#\s*END\s+SOLUTION", line, re.IGNORECASE):
            depth = max(depth - 1, 0)
        elif depth and not line.startswith("#") and len(line) >= MIN_SOLUTION_LINE:
            inside.add(line)
        else:
            outside.add(line)
    return inside - outside


def _texts(folder: Path | None, pattern: str) -> Iterator[tuple[Path, str]]:
    if folder is None or not Path(folder).is_dir():
        return
    for path in sorted(Path(folder).rglob(pattern)):
        if path.is_file():
            yield path, path.read_text(encoding="utf-8", errors="replace")


def find_leaks(
    release_dir: Path,
    *,
    solutions_dir: Path | None = None,
    hidden_dir: Path | None = None,
    public_dirs: Iterable[Path] = (),
) -> list[Leak]:
    """List everything in ``release_dir`` that must not reach learners (empty: clean).

    Args:
        release_dir: the released assignment folder.
        solutions_dir: reference solutions (``solutions/``), if available.
        hidden_dir: hidden suites (``grader/suites/hidden/``), if available.
        public_dirs: public material whose lines are not secret even when a hidden
            suite repeats them (default: ``grader/suites/public`` next to ``hidden_dir``).

    """
    secret_code: set[str] = set()
    public: set[str] = set()
    for _, text in _texts(solutions_dir, "*.py"):
        secret_code |= solution_lines(text)
        public |= set(_lines(re.sub(r"#\s*BEGIN SOLUTION.*?#\s*END SOLUTION", "", text, flags=re.S)))
    publics = list(public_dirs) or ([Path(hidden_dir).parent / "public"] if hidden_dir else [])
    public_tests: set[str] = set()
    for folder in publics:
        for _, text in _texts(folder, "*.py"):
            public |= set(_lines(text))
            public_tests |= set(TEST_NAME.findall(text))
    hidden_files = {path.name for path, _ in _texts(hidden_dir, "*.py") if path.name != "__init__.py"}
    hidden_tests: set[str] = set()
    hidden_code: set[str] = set()
    for _, text in _texts(hidden_dir, "*.py"):
        hidden_tests |= set(TEST_NAME.findall(text))
        hidden_code |= {line for line in _lines(text)
                        if len(line) >= MIN_HIDDEN_LINE and not line.startswith(("#", "import ", "from "))}
    hidden_code -= public
    hidden_tests -= public_tests
    test_word = re.compile(r"\b(" + "|".join(map(re.escape, sorted(hidden_tests))) + r")\b") if hidden_tests else None
    leaks: list[Leak] = []
    for path in sorted(p for p in Path(release_dir).rglob("*") if p.is_file()):
        if path.name in hidden_files:
            leaks.append(Leak(path, 0, "file name of a hidden suite"))
        for number, line in enumerate(released_lines(path), start=1):
            if MARKERS.search(line):
                leaks.append(Leak(path, number, f"solution/hidden-test marker: {line[:80]}"))
            elif line in secret_code:
                leaks.append(Leak(path, number, f"solution code: {line[:80]}"))
            elif line in hidden_code:
                leaks.append(Leak(path, number, f"hidden test code: {line[:80]}"))
            elif test_word is not None and (found := test_word.search(line)):
                leaks.append(Leak(path, number, f"hidden test name {found.group(1)}"))
    return leaks
