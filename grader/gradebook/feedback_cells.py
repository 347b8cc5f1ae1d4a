"""What the autograded notebook shows the learner beyond the scores: curves and a summary.

``nbgrader generate_feedback`` renders the autograded notebook as the learner's HTML (and
``release_feedback`` hands that out), so what dlgrade wants learners to see goes into the
notebook: the learning curves of a function that trained a model, as an ``image/png``
``display_data`` output of its grade cell, and a Markdown cell with the per-function table,
the total and the isolation level, before the first grade cell. The summary cell carries no
nbgrader metadata, so nbgrader neither grades nor checksums it; the grade cells stay as released.

Every value in the summary is escaped for Markdown and HTML (nbconvert passes raw HTML in
Markdown through), although none is the learner's text: function names come from the released
notebook, statuses and numbers from the checked entries (:func:`~grader.gradebook.entries.function_entry`).
"""

from __future__ import annotations

import base64
import html
import re
from typing import Final

from nbformat import NotebookNode, v4

from grader.feedback.messages import LANGUAGES, text
from grader.feedback.text import LABELS
from grader.gradebook.entries import ResultInvalidError, ResultMissingError, function_entry
from grader.gradebook.notebook import new_output
from grader.results import WEAK_PROMISES, Report

SUMMARY_ID: Final = "dlgrade-summary"
"""The summary cell's id (a fixed one, so re-grading writes the same notebook)."""
FULL_ISOLATION: Final = "namespaces"
_MARKDOWN: Final = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>$])")


def markdown_text(value: str) -> str:
    """``value`` as literal text in a Markdown cell: ``&<>`` as HTML entities, Markdown punctuation backslash-escaped.

    (Quotes stay: outside an attribute they are text, and an entity's ``#`` would be escaped out of it.)
    """
    return _MARKDOWN.sub(r"\\\1", html.escape(value, quote=False))


def curves_output(report: Report, module: str, function: str) -> NotebookNode | None:
    """The learning curves of ``module.function`` as an ``image/png`` display output, if it trained a model."""
    from grader.feedback.plots import learning_curves_png

    try:
        history = report.module(module).function(function).history
    except KeyError:
        return None
    if not history:
        return None
    try:
        png = learning_curves_png(history, f"{module}.{function}")
    except (ValueError, OverflowError, RuntimeError):  # a picture the plot library refuses must not stop the recording
        return None
    alt = text("curves_alt", _lang(report), function=function)
    return new_output("display_data", data={"image/png": base64.b64encode(png).decode("ascii"), "text/plain": alt},
                      metadata={"image/png": {"alt": alt}})  # nbconvert's alt text of the <img>


def _lang(report: Report) -> str:
    return report.lang if report.lang in LANGUAGES else "en"


def _isolation_note(report: Report, lang: str) -> str:
    level = report.isolation
    if level == FULL_ISOLATION:
        return text("isolation_full", lang, level=level)
    if level in WEAK_PROMISES:
        return text("isolation_weak", lang, level=level, detail=WEAK_PROMISES[level])
    return text("isolation_unknown", lang)


def summary_source(report: Report, module: str, functions: list[str]) -> str:
    """The summary cell's Markdown: one row per grade cell (its score as nbgrader records it), total, isolation."""
    lang = _lang(report)
    rows, points, max_points = [], 0.0, 0.0
    for function in functions:
        try:
            entry = function_entry(report, module, function)
        except (ResultMissingError, ResultInvalidError):  # its grade cell errors: nbgrader scores it 0
            rows.append((function, "0", "?", LABELS[lang]["error"]))
            continue
        points, max_points = points + entry.points, max_points + entry.max_points
        rows.append((function, f"{entry.points:g}", f"{entry.max_points:g}", LABELS[lang][entry.status]))
    lines = [f"## {markdown_text(text('results_title', lang, module=module))}", "",
             text("results_columns", lang), "|---|---|---|"]
    lines += [f"| {markdown_text(f)} | {got} / {top} | {markdown_text(label)} |" for f, got, top, label in rows]
    total = text("results_total", lang, points=round(points, 2), max_points=round(max_points, 2))
    lines += ["", f"**{markdown_text(total)}**", "", markdown_text(text("results_where", lang)), "",
              f"_{markdown_text(_isolation_note(report, lang))}_"]
    return "\n".join(lines) + "\n"


def summary_cell(report: Report, module: str, functions: list[str], notebook: NotebookNode) -> NotebookNode:
    """The summary Markdown cell of ``functions`` (the grade cells', in order) for ``notebook`` (the released one)."""
    cell: NotebookNode = v4.new_markdown_cell(summary_source(report, module, functions))  # type: ignore[no-untyped-call]
    if notebook.nbformat_minor < 5:  # cell ids exist from nbformat 4.5 on
        cell.pop("id", None)
        return cell
    taken, cell_id, n = {c.get("id") for c in notebook.cells}, SUMMARY_ID, 1
    while cell_id in taken:
        n += 1
        cell_id = f"{SUMMARY_ID}-{n}"
    cell["id"] = cell_id
    return cell
