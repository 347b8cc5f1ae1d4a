"""The last cell of an exercise notebook: the public checks on the notebook's own code, as a table.

``check("tensor_ops")`` rebuilds ``tensor_ops.py`` from the cells run in the kernel
(:func:`grader.notebooks.source.history_source`; or from a notebook file, ``notebook=``), writes
it to a temporary folder and runs the module's public checks there in a plain subprocess
(``python -m pytest`` over the packaged public suite, importing the module in that process as
the learner's own ``pytest`` does). The subprocess writes its results file; it is read back
fail-closed (:func:`grader.results.read_report`) and shown as an HTML table, every text escaped.
The kernel itself runs none of the checks, so a check that hangs or crashes cannot take the
notebook's state with it.

Learner's side: imports nothing of the instructor's (no sandbox, gradebook, nbgrader).
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from dataclasses import dataclass
from html import escape
from pathlib import Path

from grader.catalogue import KERAS_MODULES, MODULES, POINTS
from grader.feedback.echo import clean
from grader.feedback.messages import language, text
from grader.feedback.text import LABELS, SYMBOLS, render_text
from grader.notebooks.source import Rebuilt, history_source, notebook_source
from grader.paths import PUBLIC
from grader.results import Report, read_report
from grader.session.spec import SessionSpec, session_command

TIMEOUT = 600.0
"""Seconds the public checks of a NumPy module may take before they are stopped (their functions score 0)."""
KERAS_TIMEOUT = 3600.0
"""Seconds for a Keras module's public checks (they train small models)."""
SUBMISSION = "notebook"
"""The submission id of the notebook's code in the checks' session."""


@dataclass(frozen=True)
class ScoreTable:
    """The checks' report, shown as an HTML table in a notebook (plain text elsewhere)."""

    report: Report
    lang: str
    notes: tuple[str, ...] = ()

    def _repr_html_(self) -> str:
        return render_html(self.report, self.lang, self.notes)

    def __repr__(self) -> str:
        return "\n".join([*self.notes, render_text(self.report, self.lang)])


def kernel_history() -> list[str]:
    """The cells run in this IPython kernel, in the order they ran (``In``).

    Raises:
        RuntimeError: not in an IPython kernel (the message in English and Chinese).
    """
    try:
        from IPython import get_ipython  # present in every Jupyter and Colab kernel; not a dependency of dlgrade
    except ImportError:
        shell = None
    else:
        shell = get_ipython()
    history = getattr(getattr(shell, "history_manager", None), "input_hist_parsed", None)
    if not isinstance(history, list):
        raise RuntimeError(f"{text('notebook_no_kernel', 'en')}\n{text('notebook_no_kernel', 'zh')}")
    return [str(cell) for cell in history]


def check(module: str, *, lang: str | None = None, notebook: str | Path | None = None,
          timeout: float | None = None) -> ScoreTable:
    """Run ``module``'s public checks on the code of this notebook; the score table (shown when it ends a cell).

    Args:
        module: the exercise module (``tensor_ops``).
        lang: ``en`` or ``zh`` (default: ``DLGRADE_LANG``, else the system's language).
        notebook: read the code from this saved notebook file instead of the cells run in the kernel.
        timeout: seconds before the checks are stopped (default: :data:`TIMEOUT`, more for Keras modules).

    Raises:
        KeyError: an unknown module.
        RuntimeError: not in a notebook's kernel and no ``notebook`` file given.
        NotebookError: the ``notebook`` file cannot be read or a code cell has a syntax error.
    """
    if module not in POINTS:
        raise KeyError(f"unknown module {module!r}; known: {', '.join(MODULES)}")
    chosen = language(lang)
    if notebook is not None:
        rebuilt = Rebuilt(notebook_source(Path(notebook), module))
    else:
        rebuilt = history_source(kernel_history(), module)
    notes = tuple(text("notebook_skipped", chosen, cell=s.cell, first=s.first, line=s.line, detail=s.detail)
                  for s in rebuilt.skipped)
    limit = timeout if timeout is not None else (KERAS_TIMEOUT if module in KERAS_MODULES else TIMEOUT)
    return ScoreTable(run_public_checks(rebuilt.source, module, chosen, limit), chosen, notes)


def run_public_checks(source: str, module: str, lang: str, timeout: float) -> Report:
    """The public checks of ``module`` on ``source``, in a subprocess; its report (every function present)."""
    expected = {module: dict(POINTS[module])}
    with tempfile.TemporaryDirectory(prefix="dlgrade-notebook-") as tmp:
        folder, results = Path(tmp, "submission"), Path(tmp, "results.json")
        folder.mkdir()
        (folder / f"{module}.py").write_text(source, encoding="utf-8")
        spec = SessionSpec({SUBMISSION: folder.resolve()}, (module,), hidden=False, results={SUBMISSION: results.resolve()},
                           lang=lang, inprocess=True, direct=True, quick_exit=True).write(Path(tmp, "spec.json"))
        args = session_command(spec, str(PUBLIC / f"test_{module}.py"))
        env = {**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}  # other installed plugins (Colab has many) stay out
        try:
            done = subprocess.run(args, cwd=folder, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                                  text=True, errors="replace", timeout=timeout, check=False)
            detail = (done.stdout + done.stderr)[-500:]
        except subprocess.TimeoutExpired:
            detail = f"stopped after {timeout:g} s"
        return read_report(results, expected, missing=f"the checks produced no results: {clean(detail)}")


def render_html(report: Report, lang: str, notes: tuple[str, ...] = ()) -> str:
    """The report as an HTML table; every text escaped (a learner's messages are text, never markup)."""
    columns = text("notebook_columns", lang).split("|")
    parts = [f'<div class="dlgrade-score" lang="{escape(lang)}">']
    parts.extend(f'<p style="color:#a60">{escape(note)}</p>' for note in notes)
    for module in report.modules:
        parts.append(f"<h4>{escape(text('notebook_title', lang, module=module.name))}</h4>")
        parts.append("<table><thead><tr>" + "".join(f"<th>{escape(c)}</th>" for c in columns) + "</tr></thead><tbody>")
        for f in module.functions:
            message = "" if f.status in ("passed", "not_implemented") else f.message
            cells = (f"{SYMBOLS[f.status]} {f.name}", f"{f.points:g} / {f.max_points:g}", LABELS[lang][f.status], message)
            parts.append("<tr>" + "".join(f'<td style="text-align:left">{escape(c)}</td>' for c in cells) + "</tr>")
        parts.append("</tbody></table>")
    summary = text("summary", lang, points=report.total, max_points=report.max_total)
    parts.append(f"<p><b>{escape(summary)}</b></p><p><small>{escape(text('notebook_note', lang))}</small></p></div>")
    return "\n".join(parts)
