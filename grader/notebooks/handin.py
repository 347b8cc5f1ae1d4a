"""A notebook handed in without its module: graded as the module rebuilt from its code cells.

Where a submission folder holds ``<module>.ipynb`` but no ``<module>.py``, the grading process
reads the notebook as JSON (never runs it), rebuilds the module
(:func:`grader.notebooks.source.notebook_source`) and grades a copy of the folder with that
``<module>.py`` in it: the learner's code still runs only in the learner's process, and the static
integrity checks read the rebuilt file. A notebook that is not valid JSON, not a notebook, or has a
code cell with a syntax error costs that module's points only, each function saying why.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from grader.notebooks.source import NotebookError, notebook_source
from grader.results import FunctionResult, Report
from grader.runner.scratch import ScratchCopy


def handed_in_notebooks(folder: Path, modules: Sequence[str]) -> list[str]:
    """The modules a folder hands in as a notebook only (a ``.py`` of the module, even a link, wins)."""
    wanted = []
    for module in modules:
        script, notebook = folder / f"{module}.py", folder / f"{module}.ipynb"
        if script.exists() or script.is_symlink():
            continue
        if notebook.is_file() and not notebook.is_symlink():  # a link is never followed, as in the scratch copy
            wanted.append(module)
    return wanted


@dataclass
class Converted:
    """The folders to grade (a converted copy where notebooks were handed in) and the notebooks that failed."""

    folders: dict[str, Path]
    failures: dict[str, dict[str, NotebookError]] = field(default_factory=dict)
    """Submission id → module → why its notebook gives no module."""

    def report(self, submission: str, report: Report) -> Report:
        """``report`` with every function of a module whose notebook failed at 0, saying why."""
        failed = self.failures.get(submission, {})
        if not failed:
            return report
        modules = []
        for module in report.modules:
            error = failed.get(module.name)
            if error is None:
                modules.append(module)
                continue
            message = error.text(report.lang)
            functions = tuple(FunctionResult(f.name, 0.0, f.max_points, "error", message) for f in module.functions)
            modules.append(dataclasses.replace(module, functions=functions))
        return dataclasses.replace(report, modules=tuple(modules))

    def on_report(self, callback: Callable[[str, Report], None] | None) -> Callable[[str, Report], None] | None:
        """``callback``, handed the corrected report (:meth:`report`)."""
        if callback is None:
            return None
        return lambda sid, report: callback(sid, self.report(sid, report))


@contextlib.contextmanager
def notebook_submissions(submissions: Mapping[str, Path], modules: Sequence[str]) -> Iterator[Converted]:
    """Submissions with every notebook-only module rebuilt as ``<module>.py`` in a copy of the folder.

    Folders handing in no notebook-only module are graded where they are; the copies are
    removed on exit.
    """
    copies: list[ScratchCopy] = []
    converted = Converted(dict(submissions))
    try:
        for sid, folder in submissions.items():
            wanted = handed_in_notebooks(Path(folder), modules)
            if not wanted:
                continue
            copy = ScratchCopy(Path(folder))
            copies.append(copy)
            target = converted.folders[sid] = copy.folder()
            for module in wanted:
                try:
                    source = notebook_source(Path(folder) / f"{module}.ipynb", module)
                except NotebookError as exc:
                    converted.failures.setdefault(sid, {})[module] = exc
                else:
                    (target / f"{module}.py").write_text(source, encoding="utf-8")
        yield converted
    finally:
        for copy in copies:
            copy.remove()
