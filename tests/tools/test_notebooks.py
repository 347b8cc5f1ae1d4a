"""The learner's notebooks: valid nbformat, deterministic, one cell per exercise, the check last, no solution inside."""

from __future__ import annotations

import json

import pytest

from grader.catalogue import MODULES, POINTS
from grader.paths import EXERCISES, SOLUTIONS
from grader.tools.notebooks import notebook_json, split_module
from grader.tools.stubs import NOTEBOOKS, expected_files, make_stub, solution_lines


def _stub(module: str) -> str:
    return make_stub((SOLUTIONS / f"{module}.py").read_text(encoding="utf-8"), module)


@pytest.mark.parametrize("module", MODULES)
def test_every_notebook_is_valid_nbformat_with_stable_ids(module: str) -> None:
    """The nbformat 4.5 schema validates it (Keras modules too); cell ids are unique and made from the function names."""
    nbformat = pytest.importorskip("nbformat")
    text = notebook_json(module, _stub(module))
    notebook = nbformat.reads(text, as_version=4)
    nbformat.validate(notebook)
    ids = [cell["id"] for cell in notebook.cells]
    assert len(set(ids)) == len(ids)
    assert ids[0] == f"{module}-intro" and ids[1] == f"{module}-header" and ids[-1] == f"{module}-check"
    assert {f"{module}-{name}" for name in POINTS[module]} <= set(ids)


@pytest.mark.parametrize("module", MODULES)
def test_cells_are_intro_header_functions_and_the_check_last(module: str) -> None:
    """Markdown intro in English and Chinese, the header's imports, each function's stub, then check("<module>")."""
    cells = json.loads(notebook_json(module, _stub(module)))["cells"]
    intro = "".join(cells[0]["source"])
    assert cells[0]["cell_type"] == "markdown" and f"`{module}`" in intro and "如何练习" in intro
    assert "Deep Learning with Python" in intro and "《Python 深度学习》" in intro
    assert "import numpy as np" in "".join(cells[1]["source"])
    for name in POINTS[module]:
        [cell] = [c for c in cells if c["id"] == f"{module}-{name}"]
        code = "".join(cell["source"])
        assert code.lstrip().startswith(f"def {name}(") and '"""' in code
        assert f'raise NotImplementedError("{name}: write your code here, then run the last cell")' in code
    assert "".join(cells[-1]["source"]).rstrip().endswith(f'check("{module}")')
    assert all(c["outputs"] == [] and c["execution_count"] is None for c in cells if c["cell_type"] == "code")


def test_the_same_stub_gives_the_same_bytes() -> None:
    """Generating twice gives identical text, written as Jupyter writes (sorted keys, one-space indent)."""
    first, second = notebook_json("losses", _stub("losses")), notebook_json("losses", _stub("losses"))
    assert first == second
    assert first == json.dumps(json.loads(first), indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def test_statements_between_definitions_stay_with_the_definition_above() -> None:
    """A module split into cells loses no line: docstring aside, the cells hold every line of the source."""
    source = ('"""Doc."""\nimport numpy as np\n\n\n# about f\ndef f():\n    return 1\n\n\nX = f\n\n\n'
              '@staticmethod\ndef g():\n    pass\n')
    docstring, header, cells = split_module(source)
    assert (docstring, header) == ("Doc.", "import numpy as np")
    assert cells == [("f", "# about f\ndef f():\n    return 1\n\n\nX = f"), ("g", "@staticmethod\ndef g():\n    pass")]


def test_the_repository_notebooks_hold_no_solution_line() -> None:
    """No solution-only line of a module appears in any cell of its notebook in exercises/notebooks/."""
    for module in MODULES:
        secret = solution_lines((SOLUTIONS / f"{module}.py").read_text(encoding="utf-8"), module)
        cells = json.loads((EXERCISES / NOTEBOOKS / f"{module}.ipynb").read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            for line in "".join(cell["source"]).splitlines():
                assert line.strip() not in secret, f"{module}.ipynb leaks {line.strip()!r}"
    assert {f"{NOTEBOOKS}/{m}.ipynb" for m in MODULES} <= set(expected_files(SOLUTIONS))
