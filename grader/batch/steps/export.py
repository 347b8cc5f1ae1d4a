"""Step 4: per-student feedback (Markdown) and the class's per-function CSV."""

from __future__ import annotations

import csv

from grader.batch.context import BatchContext
from grader.catalogue import POINTS
from grader.feedback.curves import learning_curves_svg
from grader.feedback.text import curve_file, render_markdown
from grader.paths import feedback_dir, results_dir
from grader.results import read_report


def export(ctx: BatchContext) -> BatchContext:
    """Write ``feedback/<student>.md`` for this run's students and ``results.csv`` for all.

    A student recorded by an interrupted run (results file, no feedback yet) gets feedback from the results file.
    """
    feedback = feedback_dir(ctx.course_dir, ctx.assignment)
    feedback.mkdir(parents=True, exist_ok=True)
    for graded in ctx.graded:
        student = graded.submission.student
        for module in graded.report.modules:
            for f in module.functions:
                if f.history:
                    svg = learning_curves_svg(f.history, f"{module.name}.{f.name}")
                    (feedback / curve_file(student, module.name, f.name)).write_text(svg, encoding="utf-8")
        (feedback / f"{student}.md").write_text(render_markdown(graded.report, ctx.lang, student=student), encoding="utf-8")
    expected = {ctx.assignment: dict(POINTS[ctx.assignment])}
    rows = []
    for path in sorted(results_dir(ctx.course_dir, ctx.assignment).glob("*.json")):
        report = read_report(path, expected)
        md = feedback / f"{path.stem}.md"
        if not md.exists():  # recorded by a run that was interrupted before this step
            md.write_text(render_markdown(report, ctx.lang, student=path.stem), encoding="utf-8")
        for f in report.module(ctx.assignment).functions:
            rows.append({"student": path.stem, "assignment": ctx.assignment, "function": f.name,
                         "points": f.points, "max_points": f.max_points, "status": f.status, "message": f.message})
    if rows:
        with open(ctx.out_dir / "results.csv", "w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    return ctx
