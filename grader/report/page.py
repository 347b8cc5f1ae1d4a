"""The class report as one self-contained HTML page: inline CSS and SVG, no script, nothing fetched.

Every piece of learner-derived text (student ids, messages, metric names) goes through
:func:`html.escape` here, whatever was done to it before: a message holding ``<script>`` shows
as text.
"""

from __future__ import annotations

import os
import statistics
from html import escape
from pathlib import Path
from typing import Final
from urllib.parse import quote

from grader.report.data import ClassSummary, FunctionSummary, Learner
from grader.report.labels import label
from grader.report.svg import histogram_svg, thumbnail
from grader.results import WEAK_PROMISES

STYLE: Final = """
body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans","Noto Sans CJK SC",sans-serif;margin:24px;color:#222;
max-width:1200px}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;font-size:.9em}th,td{border:1px solid #ddd;padding:4px 8px;text-align:left;
vertical-align:top}th{background:#f3f5f8}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
th.fn{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap;font-weight:normal;font-size:.85em}
td.part{background:#fff4d6}td.lost{background:#fde4e1}
.meter{display:inline-block;width:80px;height:8px;background:#eee;margin-left:6px}
.meter span{display:block;height:8px;background:#3b6ea8}
.full{color:#1a7f37}.zero{color:#b42318}.pattern{font-family:monospace;font-size:.92em}.muted{color:#777}
dl{display:grid;grid-template-columns:max-content auto;gap:4px 16px}dt{color:#555}dd{margin:0}
.warn{color:#b42318}ul{margin:0;padding-left:1.1em}.scroll{overflow-x:auto}svg.curves{display:block}
svg.curves polyline{vector-effect:non-scaling-stroke;stroke-width:1.5px}
"""


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _link(target: Path, base: Path) -> str:
    """A relative link from the report's folder to ``target`` (the page stays valid when the course is moved)."""
    relative = os.path.relpath(target, base).replace(os.sep, "/")
    return _e(quote(relative))


def _summary(summary: ClassSummary, lang: str) -> str:
    scores, times = summary.scores, [learner.grading_seconds for learner in summary.learners]
    rows = [("learners", str(len(scores))),
            ("mean", f"{statistics.fmean(scores):.2f} / {summary.max_total:g}" if scores else "–"),
            ("median", f"{statistics.median(scores):g} / {summary.max_total:g}" if scores else "–"),
            ("full_marks", str(sum(s == summary.max_total for s in scores))),
            ("isolation", ", ".join(summary.isolation) or "–"),
            ("grading_total", f"{sum(times):.1f} s"),
            ("grading_median", f"{statistics.median(times):.2f} s / {max(times):.2f} s" if times else "–"),
            ("learner_total", f"{sum(learner.learner_seconds for learner in summary.learners):.1f} s")]
    items = "".join(f'<dt>{_e(label(key, lang))}</dt><dd id="summary-{key}">{_e(value)}</dd>' for key, value in rows)
    warnings = "".join(f'<p class="warn">{_e(label("isolation_weak", lang, promise=WEAK_PROMISES[level]))}</p>'
                       for level in summary.isolation if level in WEAK_PROMISES)
    return f'<h2>{_e(label("summary", lang))}</h2><dl>{items}</dl>{warnings}'


def _function_row(f: FunctionSummary, lang: str) -> str:
    failures = "".join(f'<li><span class="pattern" title="{_e(label("example", lang))}: {_e(g.example)}">'
                       f'{_e(g.pattern)}</span> <span class="muted">({g.count})</span></li>' for g in f.failures)
    rate = round(100 * f.pass_rate)
    return (f'<tr data-function="{_e(f.name)}"><td><code>{_e(f.name)}</code></td><td class="num">{f.max_points:g}</td>'
            f'<td class="num">{f.passed}/{f.graded} ({rate} %)<span class="meter"><span style="width:{rate}%"></span>'
            f'</span></td><td class="num">{f.mean_points:g}</td>'
            f'<td>{f"<ul>{failures}</ul>" if failures else _e(label("none", lang))}</td></tr>')


def _functions(summary: ClassSummary, lang: str) -> str:
    head = "".join(f"<th>{_e(label(k, lang))}</th>" for k in ("function", "points", "pass_rate", "mean_points", "failures"))
    rows = "".join(_function_row(f, lang) for f in summary.functions)
    return f'<h2>{_e(label("functions", lang))}</h2><table id="functions"><tr>{head}</tr>{rows}</table>'


def _points_class(points: float, max_points: float) -> str:
    return "" if points == max_points else ("lost" if points == 0 else "part")


def _learner_row(learner: Learner, summary: ClassSummary, lang: str, base: Path, curves: bool) -> str:
    report = learner.report
    css = "full" if report.total == report.max_total else ("zero" if report.total == 0 else "")
    cells = "".join(f'<td class="num {_points_class(f.points, f.max_points)}" title="{_e(f.status)}: {_e(f.message)}">'
                    f'{f.points:g}</td>' for f in report.module(summary.assignment).functions)
    feedback = (f'<a href="{_link(learner.feedback, base)}">{_e(label("feedback_link", lang))}</a>' if learner.feedback
                else f'<span class="muted">{_e(label("no_feedback", lang))}</span>')
    row = (f'<tr data-student="{_e(learner.student)}"><td>{_e(learner.student)}</td>'
           f'<td class="num {css}">{report.total:g} / {report.max_total:g}</td>{cells}<td>{feedback}</td>'
           f'<td class="num">{learner.grading_seconds:.2f}</td>')
    if curves:
        plots = "".join(thumbnail(f.history, f.name) for f in report.module(summary.assignment).functions if f.history)
        row += f"<td>{plots}</td>"
    return row + "</tr>"


def _learners(summary: ClassSummary, lang: str, base: Path) -> str:
    curves = any(f.history for learner in summary.learners for f in learner.report.module(summary.assignment).functions)
    names = [f.name for f in summary.functions]
    head = (f'<th>{_e(label("student", lang))}</th><th>{_e(label("score", lang))}</th>'
            + "".join(f'<th class="fn"><code>{_e(n)}</code></th>' for n in names)
            + f'<th>{_e(label("feedback", lang))}</th><th>{_e(label("seconds", lang))}</th>'
            + (f'<th>{_e(label("curves", lang))}</th>' if curves else ""))
    rows = "".join(_learner_row(learner, summary, lang, base, curves) for learner in summary.learners)
    return (f'<h2>{_e(label("learners_section", lang))}</h2>'
            f'<div class="scroll"><table id="learners"><tr>{head}</tr>{rows}</table></div>')


def render_html(summary: ClassSummary, lang: str, *, link_base: Path, source: str) -> str:
    """The whole page in ``lang``; feedback links are relative to ``link_base`` (the folder the page is written to).

    ``source`` names where the results were read (shown on the page).
    """
    title = label("title", lang, assignment=summary.assignment)
    parts = [f'<!DOCTYPE html><html lang="{"zh-Hans" if lang == "zh" else "en"}"><head><meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">',
             f"<title>{_e(title)}</title><style>{STYLE}</style></head><body>",
             f'<h1>{_e(title)}</h1><p class="muted">{_e(label("generated", lang, folder=source))}</p>']
    if not summary.learners:
        parts.append(f'<p id="empty">{_e(label("empty", lang, assignment=summary.assignment))}</p>')
    else:
        parts += [_summary(summary, lang),
                  f'<h2>{_e(label("histogram", lang))}</h2>{histogram_svg(summary.bins, lang)}',
                  f'<p class="muted">{_e(label("histogram_caption", lang, max_total=summary.max_total))}</p>',
                  _functions(summary, lang), _learners(summary, lang, link_base)]
    parts.append("</body></html>\n")
    return "".join(parts)
