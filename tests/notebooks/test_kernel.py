"""The notebooks' last cell: executed in a real Jupyter kernel (nbclient), it shows the public checks' score."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from grader.catalogue import KERAS_MODULES, MODULES, POINTS
from grader.notebooks.kernel import check, render_html
from grader.paths import SOLUTIONS
from grader.results import FunctionResult, ModuleResult, Report
from grader.tools.notebooks import notebook_json
from grader.tools.stubs import make_stub

NUMPY_MODULES = [m for m in MODULES if m not in KERAS_MODULES]


def _notebook(module: str, *, solved: bool) -> str:
    """The generated notebook of the module's stub, or of its solution (stub cells replaced by solution functions)."""
    source = (SOLUTIONS / f"{module}.py").read_text(encoding="utf-8")
    return notebook_json(module, source if solved else make_stub(source, module))


def _execute(text: str, tmp_path: Path) -> str:
    """Run every cell in a fresh python3 kernel; the HTML the last cell shows."""
    nbclient = pytest.importorskip("nbclient")
    nbformat = pytest.importorskip("nbformat")
    notebook = nbformat.reads(text, as_version=4)
    nbclient.NotebookClient(notebook, timeout=900, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}},
                            allow_errors=False).execute()
    outputs = notebook.cells[-1].outputs
    html = [o["data"]["text/html"] for o in outputs if o.get("output_type") in ("execute_result", "display_data")
            and "text/html" in o.get("data", {})]
    assert len(html) == 1, outputs
    return str(html[0])


def _score(html: str) -> tuple[float, float]:
    found = re.search(r"Score: ([\d.]+) / ([\d.]+)", html)
    assert found is not None, html
    return float(found.group(1)), float(found.group(2))


def _assert_executes(module: str, tmp_path: Path) -> None:
    total = float(sum(POINTS[module].values()))
    stub = _execute(_notebook(module, solved=False), tmp_path)
    assert _score(stub) == (0.0, total)
    assert stub.count("not implemented yet") == len(POINTS[module])
    solved = _execute(_notebook(module, solved=True), tmp_path)
    assert _score(solved) == (total, total), solved
    assert solved.count("passed") == len(POINTS[module])


def test_tensor_ops_notebook_scores_zero_as_stub_and_full_marks_solved(tmp_path: Path) -> None:
    """Executed in Jupyter's kernel: the stub notebook's table shows 0 points, the solved one full marks."""
    _assert_executes("tensor_ops", tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize("module", [m for m in NUMPY_MODULES if m != "tensor_ops"])
def test_every_numpy_notebook_scores_zero_as_stub_and_full_marks_solved(module: str, tmp_path: Path) -> None:
    """Every NumPy module's notebook, executed: 0 points as generated, full marks with the solution's functions."""
    _assert_executes(module, tmp_path)


@pytest.mark.slow
def test_a_keras_notebook_executes_with_tensorflow(tmp_path: Path) -> None:
    """Reuters (architecture and compile settings only, no training): the Keras notebooks run in Jupyter too."""
    pytest.importorskip("keras")
    _assert_executes("reuters", tmp_path)


def test_a_learner_who_edits_and_reruns_cells_is_checked_on_the_last_run(tmp_path: Path) -> None:
    """Cells run again (a fix after a wrong try), demo calls and magics between: the last definition is checked."""
    nbformat = pytest.importorskip("nbformat")
    notebook = nbformat.reads(_notebook("tensor_ops", solved=True), as_version=4)
    wrong = nbformat.v4.new_code_cell("def naive_relu(x):\n    return x\n\nnaive_relu(1.0)\n%time naive_relu(2.0)")
    notebook.cells.insert(-1, wrong)
    html = _execute(nbformat.writes(notebook), tmp_path)
    assert _score(html) == (28.0, 30.0)  # the wrong naive_relu ran last: 2 points lost
    assert "naive_relu" in html


def test_the_table_escapes_every_text() -> None:
    """A learner's message is text, never markup: tags and entities in it are escaped."""
    function = FunctionResult("naive_relu", 0.0, 2.0, "failed", "raised ValueError: <script>alert(1)</script> & co")
    html = render_html(Report((ModuleResult("tensor_ops", (function,)),), "en", "in-process"), "en", ("note <b>",))
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html
    assert "note &lt;b&gt;" in html


def test_the_table_speaks_chinese() -> None:
    """lang="zh": headers, statuses and the total in Chinese."""
    function = FunctionResult("naive_relu", 2.0, 2.0, "passed", "")
    html = render_html(Report((ModuleResult("tensor_ops", (function,)),), "zh", "in-process"), "zh")
    assert "函数" in html and "通过" in html and "得分：2 / 2" in html


def test_check_outside_a_kernel_says_where_it_works() -> None:
    """Outside a notebook, check() says to run it in one (or to pass the notebook file), in English and Chinese."""
    with pytest.raises(RuntimeError, match="Jupyter or Colab") as caught:
        check("tensor_ops")
    assert "笔记本" in str(caught.value)


def test_check_of_a_saved_notebook_file(tmp_path: Path) -> None:
    """notebook=FILE: the code comes from the saved file; a solution scores full marks, a stub 0."""
    for solved, expected in ((True, 30.0), (False, 0.0)):
        path = tmp_path / f"tensor_ops-{solved}.ipynb"
        path.write_text(_notebook("tensor_ops", solved=solved), encoding="utf-8")
        table = check("tensor_ops", notebook=path, lang="en")
        assert (table.report.total, table.report.max_total) == (expected, 30.0)
        assert table.report.isolation == "in-process"
        assert "Score:" in repr(table)
