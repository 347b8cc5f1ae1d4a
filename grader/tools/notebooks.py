"""Generate a learner's notebook from a module's stub: the same exercises, in cells.

``exercises/notebooks/<module>.ipynb`` (written by ``dlgrade stubs`` beside the stubs, see
:func:`grader.tools.stubs.expected_files`): a Markdown introduction in English and Chinese (the
module, the book's section, how to check), the module's header (imports and constants), one code
cell per top-level function or class (the stub, docstring and hints included), and a last cell
that runs the public checks on the notebook's code (:func:`grader.notebooks.kernel.check`).

Made from the stub's text only (so nothing of a solution can leak), as nbformat 4.5 JSON written
the way Jupyter writes it (sorted keys, one-space indent), with cell ids made from the module
and function names: the same stub always gives the same bytes.
"""

from __future__ import annotations

import ast
import json
import re
from typing import Any

NBFORMAT_MINOR = 5
"""Cell ids need nbformat 4.5."""
METADATA: dict[str, Any] = {
    "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
    "language_info": {"name": "python"},
}
_SECTION = re.compile(r"\s*\(Deep Learning with Python,\s*(?:sections?\s*)?([^)]+)\)")
_STUB_CALL = ", then run pytest\")"
"""How a stub's ``raise NotImplementedError`` ends (:func:`grader.tools.stubs.make_stub`); a notebook says where to check."""
INTRO = """\
# `{module}`: {title}

{summary}

**How to work.** Write each function in its cell, in place of `raise NotImplementedError(...)`, and run the
cell. The last cell runs the public checks on the code of the cells you have run and shows your score;
run it as often as you like (*Run All* first after opening the notebook). In Colab, run `%pip install dlgrade`
in a new cell first. To hand in, save the notebook as `{module}.ipynb`: it is graded like `{module}.py`.

---

# `{module}`：{title_zh}

**如何练习。** 在每个函数的单元格中用你的代码替换 `raise NotImplementedError(...)`，然后运行该单元格。
最后一个单元格会对你已运行的单元格中的代码运行公开检查并显示得分，可以随时运行（打开笔记本后请先“全部运行”）。
在 Colab 中，请先在新单元格中运行 `%pip install dlgrade`。提交时把笔记本保存为 `{module}.ipynb`：
它与 `{module}.py` 的评分方式相同。
"""
CHECK = """\
# Check your work: the public checks, on the code of the cells you have run.
# 检查你的代码：对你已运行的单元格中的代码运行公开检查。
from grader.notebooks.kernel import check

check("{module}")
"""


def _lines(text: str) -> list[str]:
    """A cell's source as Jupyter stores it: lines keeping their newline, the last without."""
    lines = text.rstrip("\n").splitlines(keepends=True)
    return lines


def _cell(kind: str, cell_id: str, text: str) -> dict[str, Any]:
    cell: dict[str, Any] = {"cell_type": kind, "id": cell_id, "metadata": {}, "source": _lines(text)}
    if kind == "code":
        cell.update(execution_count=None, outputs=[])
    return cell


def _intro(module: str, docstring: str) -> str:
    """The introduction: the docstring's first line as the title, the book's section, the rest as the summary."""
    first, _, rest = docstring.strip().partition("\n")
    match = _SECTION.search(first)
    title = first.strip().rstrip(".")
    title_zh = title
    if match:
        title_zh = f"{_SECTION.sub('', first).strip().rstrip('.')}（《Python 深度学习》第 {match.group(1)} 节）"
    return INTRO.format(module=module, title=title, summary=rest.strip(), title_zh=title_zh)


def split_module(source: str) -> tuple[str, str, list[tuple[str, str]]]:
    """A module's docstring, header (everything before the first definition) and (name, code) of each definition.

    A definition's cell runs from its decorators (and the comment lines right above it) to the
    next definition; statements between definitions stay with the definition above them.
    """
    tree = ast.parse(source)
    lines = source.splitlines()
    docstring = ast.get_docstring(tree, clean=True) or ""
    body = tree.body[1:] if docstring else tree.body
    defs = [n for n in body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)]
    starts = []
    for node in defs:
        start = min([node.lineno, *(d.lineno for d in node.decorator_list)]) - 1
        while start > 0 and lines[start - 1].lstrip().startswith("#"):
            start -= 1
        starts.append(start)
    header_from = tree.body[0].end_lineno if docstring and tree.body[0].end_lineno else 0
    header_to = starts[0] if starts else len(lines)
    header = "\n".join(lines[header_from:header_to]).strip("\n")
    cells = [(node.name, "\n".join(lines[start:end]).strip("\n"))
             for node, start, end in zip(defs, starts, [*starts[1:], len(lines)], strict=True)]
    return docstring, header, cells


def notebook_json(module: str, source: str) -> str:
    """The notebook of one module's source (the stub; tests pass a solution), as the file's text."""
    docstring, header, functions = split_module(source)
    cells = [_cell("markdown", f"{module}-intro", _intro(module, docstring))]
    if header:
        cells.append(_cell("code", f"{module}-header", header))
    cells.extend(_cell("code", f"{module}-{name}"[:64], code.replace(_STUB_CALL, ', then run the last cell")'))
                 for name, code in functions)
    cells.append(_cell("code", f"{module}-check", CHECK.format(module=module)))
    document = {"cells": cells, "metadata": METADATA, "nbformat": 4, "nbformat_minor": NBFORMAT_MINOR}
    return json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
