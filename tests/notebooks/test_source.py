"""Rebuilding a learner's module from a notebook's cells: what is kept, what is dropped, what is refused."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from grader.catalogue import MODULES, POINTS
from grader.notebooks.source import NotebookError, history_source, notebook_cells, notebook_source, rebuild
from grader.paths import SOLUTIONS
from grader.tools.notebooks import notebook_json


def _names(source: str) -> list[str]:
    """Top-level names a module binds, in order."""
    names = []
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.append(node.name)
        elif isinstance(node, ast.Assign):
            names.extend(t.id for t in node.targets if isinstance(t, ast.Name))
    return names


def _run(source: str) -> dict[str, object]:
    """The module's namespace after running it (test code only: the grader never runs it)."""
    namespace: dict[str, object] = {}
    exec(compile(source, "<rebuilt>", "exec"), namespace)  # noqa: S102 - the test's own cells
    return namespace


def test_a_cell_run_again_wins_in_its_place() -> None:
    """A function re-run with new code keeps its place, with the newest code (In history order)."""
    history = ["", "import numpy as np", "def f(x):\n    return 1", "def g(x):\n    return f(x)", "def f(x):\n    return 2"]
    rebuilt = history_source(history, "m")
    assert _names(rebuilt.source) == ["f", "g"]
    assert _run(rebuilt.source)["g"](0) == 2  # type: ignore[operator]
    assert rebuilt.skipped == ()


def test_demo_calls_magics_and_the_check_cell_are_dropped() -> None:
    """Expression statements, calls of the notebook's functions, magics and dlgrade's import leave no trace."""
    cells = [
        "%matplotlib inline\nimport numpy as np\n!pip install dlgrade",
        "def relu(x):\n    return np.maximum(x, 0)\n\nrelu(np.array([-1.0]))\ny = relu(np.array([-1.0]))",
        "%%time\ndef slow():\n    pass",
        "get_ipython().run_line_magic('timeit', 'relu(1)')\nfiles = get_ipython().getoutput('ls')",
        "x = np.array([1.0, -2.0])\nfor v in x:\n    print(v)\nif True:\n    z = 1",
        "from grader.notebooks.kernel import check\n\ncheck('m')",
    ]
    source = rebuild(enumerate(cells, start=1), "m", "test").source
    assert _names(source) == ["relu", "x"]
    assert "grader" not in source and "pip" not in source and "slow" not in source
    namespace = _run(source)
    assert list(namespace["relu"](namespace["x"])) == [1.0, 0.0]  # type: ignore[operator]


def test_constants_are_kept_and_values_that_need_dropped_names_are_not() -> None:
    """Constants (imported calls included) stay; values reading a name no kept statement binds go."""
    cells = [
        "import numpy as np\nfrom numpy import float32 as f32",
        "EPS = f32(1e-7)\nDTYPES = {8: np.dtype('u1')}\nSQUARE = lambda v: v * v\nN: int = 3",
        "data = load_data()\nscaled = data / 255\nTWICE = N * 2",
        "A = 1\nB = A + 1\nA = 2",
    ]
    source = rebuild(enumerate(cells, start=1), "m", "test").source
    assert set(_names(source)) == {"EPS", "DTYPES", "SQUARE", "TWICE", "A"}
    namespace = _run(source)
    assert namespace["TWICE"] == 6 and namespace["A"] == 2


def test_imports_come_first_future_first_each_once() -> None:
    """Imports are hoisted above everything, ``__future__`` first, repeated imports once."""
    cells = ["import numpy as np", "def f():\n    return math.pi", "import math\nfrom __future__ import annotations",
             "import numpy as np"]
    source = rebuild(enumerate(cells, start=1), "m", "test").source
    body = ast.parse(source).body
    assert [ast.unparse(n) for n in body[:3]] == ["from __future__ import annotations", "import numpy as np", "import math"]
    assert isinstance(body[3], ast.FunctionDef)


def test_a_cell_that_does_not_parse_is_left_out_and_named() -> None:
    """In the kernel's history a cell with a syntax error defined nothing: left out, named with In [n] and its line."""
    history = ["", "def f(x):\n    return 1", "def g(x:\n    return 2", "def f(x):\n    return 3"]
    rebuilt = history_source(history, "m")
    assert _names(rebuilt.source) == ["f"]
    [skipped] = rebuilt.skipped
    assert (skipped.cell, skipped.first, skipped.line) == (2, "def g(x:", 1)


def _notebook(tmp_path: Path, cells: list[str], name: str = "m.ipynb") -> Path:
    document = {"cells": [{"cell_type": "code", "source": cell, "metadata": {}, "outputs": []} for cell in cells]
                + [{"cell_type": "markdown", "source": "def ( not code", "metadata": {}}],
                "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_a_notebook_file_with_a_syntax_error_is_refused_naming_cell_and_line(tmp_path: Path) -> None:
    """A handed-in notebook is the final code: a code cell that does not parse refuses the module, saying where."""
    path = _notebook(tmp_path, ["import numpy as np", "def f(x):\n    y = = 2\n    return y"])
    with pytest.raises(NotebookError) as caught:
        notebook_source(path, "m")
    assert caught.value.key == "notebook_syntax"
    message = caught.value.text("en")
    assert "m.ipynb: code cell 2 (def f(x):), line 2" in message and "scores 0" in message
    assert "第 2 个代码单元格" in caught.value.text("zh")


@pytest.mark.parametrize(("content", "key"), [
    (b"{not json", "notebook_not_json"),
    (b"\xff\xfe", "notebook_not_json"),
    (b'{"cells": [], "nbformat": 3}', "notebook_not_notebook"),
    (b"[1, 2]", "notebook_not_notebook"),
])
def test_a_file_that_is_no_notebook_is_refused(content: bytes, key: str) -> None:
    """Not JSON, not UTF-8, not version 4, not an object: each refused with its own message."""
    with pytest.raises(NotebookError) as caught:
        notebook_cells(content, "m.ipynb")
    assert caught.value.key == key
    assert caught.value.text("en").startswith("m.ipynb ")


def test_the_courses_assignment_notebook_is_not_taken_for_the_module() -> None:
    """An nbgrader notebook (grade cells calling dlgrade) handed in without the .py: the message says the .py is missing."""
    cell = {"cell_type": "code", "source": "score('losses', 'mean_squared_error')", "outputs": [],
            "metadata": {"nbgrader": {"grade": True, "grade_id": "x", "locked": True, "points": 2, "solution": False}}}
    raw = json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}).encode()
    with pytest.raises(NotebookError) as caught:
        notebook_cells(raw, "losses.ipynb")
    assert caught.value.text("en").startswith("losses.py is missing: losses.ipynb is the course's assignment notebook")


def test_magics_in_a_notebook_file_are_dropped_and_markdown_ignored(tmp_path: Path) -> None:
    """Raw magics (as the file stores them) do not count as syntax errors; Markdown cells are not code."""
    path = _notebook(tmp_path, ["%load_ext autoreload\nimport numpy as np\nnp.zeros?", "def f():\n    !ls\n    return 1",
                                "%%bash\necho hi"])
    source = notebook_source(path, "m")
    assert _names(source) == ["f"]
    assert _run(source)["f"]() == 1  # type: ignore[operator]


@pytest.mark.parametrize("module", MODULES)
def test_a_solution_notebook_rebuilds_a_module_with_every_graded_function(module: str, tmp_path: Path) -> None:
    """The generated notebook of a solution gives back a module that defines every function of the points table."""
    path = tmp_path / f"{module}.ipynb"
    path.write_text(notebook_json(module, (SOLUTIONS / f"{module}.py").read_text(encoding="utf-8")), encoding="utf-8")
    source = notebook_source(path, module)
    assert set(POINTS[module]) <= set(_names(source))
    compile(source, f"{module}.py", "exec")
