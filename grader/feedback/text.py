"""Plain-text feedback: the per-exercise table a learner sees after ``pytest`` or ``dlgrade check``."""

from __future__ import annotations

from grader.feedback.curves import history_table
from grader.feedback.messages import text
from grader.results import WEAK_PROMISES, Report

SYMBOLS = {
    "passed": "✓",
    "failed": "✗",
    "error": "!",
    "timeout": "⏱",
    "not_implemented": "…",
    "integrity": "✗",
}
LABELS = {
    "en": {
        "passed": "passed",
        "failed": "failed",
        "error": "error",
        "timeout": "timeout",
        "not_implemented": "not implemented yet",
        "integrity": "integrity",
    },
    "zh": {
        "passed": "通过",
        "failed": "未通过",
        "error": "错误",
        "timeout": "超时",
        "not_implemented": "尚未实现",
        "integrity": "违规",
    },
}


def render_text(report: Report, lang: str = "en", *, title: str | None = None) -> str:
    """The report as lines of text: one line per function, messages for lost points."""
    lines = [title] if title else []
    for module in report.modules:
        lines.append(f"{module.name}.py  {module.points:g}/{module.max_points:g}")
        width = max((len(f.name) for f in module.functions), default=0)
        for f in module.functions:
            label = LABELS[lang][f.status]
            line = f"  {SYMBOLS[f.status]} {f.name:<{width}}  {f.points:>5g}/{f.max_points:<3g} {label}"
            if f.status not in ("passed", "not_implemented"):
                line += f" — {f.message}"
            lines.append(line)
            if f.history:
                trend = ", ".join(f"{k} {v[0]:.3g} → {v[-1]:.3g}" for k, v in sorted(f.history.items()) if v)
                lines.append(f"      {len(next(iter(f.history.values())))} epochs: {trend}")
    lines.append(text("summary", lang, points=report.total, max_points=report.max_total))
    if report.isolation in WEAK_PROMISES:
        lines.append(f"isolation: {report.isolation} — {WEAK_PROMISES[report.isolation]}")
    return "\n".join(lines)


def curve_file(student: str, module: str, function: str) -> str:
    """File name of a learning-curve plot next to the student's feedback."""
    return f"{student or 'learner'}-{module}-{function}.svg"


def render_markdown(report: Report, lang: str = "en", *, student: str = "") -> str:
    """Per-student feedback: every function, its points, and why points were lost.

    Messages describe what the learner's code did (expected vs. got, the rule broken);
    they never contain hidden test code.
    """
    heading = {"en": "Feedback", "zh": "反馈"}[lang]
    lines = [f"# {heading}{' — ' + student if student else ''}", ""]
    for module in report.modules:
        lines += [f"## {module.name}.py — {module.points:g} / {module.max_points:g}", ""]
        lines += ["| | function | points | status |", "|---|---|---|---|"]
        for f in module.functions:
            lines.append(f"| {SYMBOLS[f.status]} | `{f.name}` | {f.points:g} / {f.max_points:g} | {LABELS[lang][f.status]} |")
        for f in module.functions:
            if f.history:
                title = {"en": "Learning curves", "zh": "学习曲线"}[lang]
                source = {"en": "per epoch, as the History your code returned reports them; the points above come "
                                "from the grader's own measurement",
                          "zh": "每轮数值取自你的代码返回的 History；上面的得分来自评分程序自己的测量"}[lang]
                lines += ["", f"### {title} — `{f.name}`", "", f"_{source}_", "",
                          f"![{title}]({curve_file(student, module.name, f.name)})", ""]
                lines += history_table(f.history)
        lost = [f for f in module.functions if f.points < f.max_points]
        if lost:
            lines += ["", {"en": "### Lost points", "zh": "### 失分原因"}[lang], ""]
            lines += [f"- `{f.name}` ({f.points:g} / {f.max_points:g}): {f.message}" for f in lost]
        lines.append("")
    lines.append(f"**{text('summary', lang, points=report.total, max_points=report.max_total)}**")
    return "\n".join(lines) + "\n"
