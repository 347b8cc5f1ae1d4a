"""The assignment notebook of one module: an introduction, then one autograder cell per function.

The learner's work is ``<module>.py`` next to the notebook; the notebook holds no solution
cells, only locked grade cells whose last expression is :func:`grader.gradebook.cells.score`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

import nbformat
from nbformat import NotebookNode, v4

from grader.catalogue import POINTS

KERNELSPEC: Final = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}

CELL_SOURCE: Final = 'from grader.gradebook.cells import score\n\nscore("{module}", "{function}")'

INTRO: Final = """\
# `{module}`: Deep Learning with Python, exercises

Write your code in **`{module}.py`**, in this folder, and submit that file together with this
notebook. Do not edit this notebook: it is graded as released.

Each cell below grades one function of `{module}.py` and shows the points you earned
(lost points come with the reason). Running it locally uses the public checks; the grade
comes from the hidden tests run by the course staff.

| function | points |
|---|---|
{rows}
"""


def grade_cell_source(module: str, function: str) -> str:
    """Return the source of the autograder cell of ``module.function``."""
    return CELL_SOURCE.format(module=module, function=function)


def grade_cell_metadata(function: str, points: float) -> dict[str, Any]:
    """Return the nbgrader metadata of an autograder test cell (schema version 3)."""
    return {
        "grade": True,
        "solution": False,
        "locked": True,
        "grade_id": function,
        "points": points,
        "schema_version": 3,
    }


def module_notebook(module: str, points: Mapping[str, int] | None = None) -> NotebookNode:
    """Build the source notebook of ``module``: intro, then a grade cell per catalogue function.

    Raises:
        KeyError: for a module that is not in the catalogue.

    """
    table = POINTS[module] if points is None else points
    rows = "\n".join(f"| `{function}` | {value} |" for function, value in table.items())
    metadata = {"kernelspec": dict(KERNELSPEC), "language_info": {"name": "python"}}
    notebook: NotebookNode = v4.new_notebook(metadata=metadata)  # type: ignore[no-untyped-call]
    notebook.cells.append(v4.new_markdown_cell(INTRO.format(module=module, rows=rows)))  # type: ignore[no-untyped-call]
    for function, value in table.items():
        cell = v4.new_code_cell(grade_cell_source(module, function))  # type: ignore[no-untyped-call]
        cell.metadata["nbgrader"] = grade_cell_metadata(function, value)
        notebook.cells.append(cell)
    nbformat.validate(notebook)
    return notebook


_OUTPUT_DEFAULTS: Final[dict[str, dict[str, Any]]] = {
    "stream": {"name": "stdout", "text": ""},
    "execute_result": {"metadata": {}, "data": {}, "execution_count": None},
    "display_data": {"metadata": {}, "data": {}},
    "error": {"ename": "NotImplementedError", "evalue": "", "traceback": []},
}


def new_output(output_type: str, **fields: Any) -> NotebookNode:
    """Create an nbformat v4 output (``stream``, ``execute_result``, ``display_data``, ``error``) as ``v4.new_output`` would.

    Not validated on its own (``v4.new_output`` validates each output against the schema, a third
    of a batch's recording time): the notebook it goes into is validated whole.
    """
    output: NotebookNode = nbformat.from_dict({"output_type": output_type, **_OUTPUT_DEFAULTS[output_type], **fields})  # type: ignore[no-untyped-call]
    return output


def read_notebook(path: Path) -> NotebookNode:
    """Read a notebook file as is (typed wrapper)."""
    notebook: NotebookNode = nbformat.read(path, as_version=nbformat.NO_CONVERT)  # type: ignore[no-untyped-call]
    return notebook


def write_notebook(notebook: NotebookNode, path: Path) -> None:
    """Write a notebook that has been validated (``nbformat.validate``), as ``nbformat.write`` writes it.

    ``nbformat.write`` validates again before writing; every notebook dlgrade writes was validated
    when it was built (:func:`module_notebook`, :func:`grader.gradebook.autograded.graded_notebook`).
    """
    text: str = nbformat.versions[notebook.nbformat].writes_json(notebook)
    path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
