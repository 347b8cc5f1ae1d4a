"""The ``dlgrade`` command: argument parsing only; the work is done by the library."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from grader import api, extras
from grader.catalogue import KERAS_MODULES, MODULES
from grader.compat import defer_iri_grammar
from grader.feedback.messages import language, preference
from grader.feedback.text import render_text
from grader.paths import EXERCISES, SOLUTIONS
from grader.tools import stubs

WEAK_HELP = ("grade even where learner code cannot be isolated at the 'namespaces' level "
             "(it could then read or change your files); every result says so")


def _check(args: argparse.Namespace) -> int:
    choice = preference(args.lang)
    lang = choice.lang
    if choice.note:
        print(choice.note)
    modules, skipped = extras.checkable(args.modules or MODULES, KERAS_MODULES)
    if skipped:
        if args.modules:
            extras.require("keras", f"checking {', '.join(skipped)}")
        _warn(f"not checked: {', '.join(skipped)} (they need Keras: {extras.install_command('keras')})")
    report = api.check_report(args.submission, modules, hidden=args.hidden, lang=lang,
                              allow_weak_isolation=args.allow_weak_isolation, warn=_warn)
    print(render_text(report, lang))
    if args.json:
        Path(args.json).write_text(json.dumps(report.to_json(), indent=2, ensure_ascii=False), encoding="utf-8")
    return 0 if report.total == report.max_total else 1


def _warn(message: str) -> None:
    print(f"dlgrade: {message}", file=sys.stderr)


def _isolation_here() -> str:
    """The isolation level this machine gives learner code, and why not a stronger one."""
    from grader.runner.sandbox import detect_level, namespaces_unavailable

    level = detect_level()
    if level == "namespaces":
        return "learner code will be isolated at level 'namespaces' (the strongest)"
    return (f"learner code can only be isolated at level {level!r} here: {namespaces_unavailable()}; "
            "grading will refuse unless told --allow-weak-isolation")


def _stubs(args: argparse.Namespace) -> int:
    if args.check:
        stale = stubs.stale_files(args.solutions, args.exercises)
        for name in stale:
            print(f"stale: {args.exercises / name}")
        return 1 if stale else 0
    for name in stubs.write_exercises(args.solutions, args.exercises):
        print(f"wrote {args.exercises / name}")
    return 0


def _course_init(args: argparse.Namespace) -> int:
    from grader.batch.prime import primable, prime
    from grader.gradebook.course import init_course

    modules = args.modules or MODULES
    init_course(args.dir, modules)
    print(f"nbgrader course ready in {args.dir}: source/ and release/ for {', '.join(modules)}")
    print(_isolation_here())
    if args.no_solution_check or not primable(modules):
        return 0
    print(f"grading the reference solutions of {', '.join(primable(modules))} with the hidden suites ...")
    short = 0
    for name, result in prime(args.dir, modules).items():
        whole = result.points == result.max_points
        short += not whole
        print(f"  {name}: {result.points:g}/{result.max_points:g}"
              f"{'' if whole else '  <- not full marks: fix the suite or the solution before grading'}")
    print("references and Hypothesis examples cached in dlgrade/reference-cache/ for every batch")
    return 1 if short else 0


def _release(args: argparse.Namespace) -> int:
    from grader.gradebook.course import release

    print(f"released (checked: no solution code, no hidden test): {release(args.course, args.assignment)}")
    return 0


def _grade(args: argparse.Namespace) -> int:
    from grader.batch.executor import LocalPool
    from grader.batch.pipeline import grade_assignment
    from grader.batch.progress import ProgressBar

    ctx = grade_assignment(
        args.course,
        args.assignment,
        students=args.student,
        force=args.force,
        executor=LocalPool(args.workers),
        lang=language(args.lang),
        progress=ProgressBar(f"grading {args.assignment}"),
        allow_weak_isolation=args.allow_weak_isolation,
        warn=_warn,
    )
    if ctx.skipped:
        print(f"skipped {len(ctx.skipped)} unchanged, already graded submission(s) (use --force to regrade)")
    for error in ctx.errors:
        print(f"! {error}", file=sys.stderr)
    from grader.gradebook.table import format_table, gradebook_table  # nbgrader's import: only once the grading is done

    print(format_table(gradebook_table(args.course, args.assignment)))
    print(f"results: {ctx.out_dir}")
    return 1 if ctx.errors else 0


def _demo(args: argparse.Namespace) -> int:
    from grader.tools.demo import run_demo

    run_demo(args.dir, workers=args.workers)
    return 0


def _report(args: argparse.Namespace) -> int:
    from grader.report.build import build_report

    print(f"class report: {build_report(args.course, args.assignment, lang=language(args.lang), output=args.output)}")
    return 0


def _export(args: argparse.Namespace) -> int:
    from grader.exports.write import export_canvas, export_gradescope

    if args.format == "gradescope":
        paths = export_gradescope(args.course, args.assignment, args.output, lang=language(args.lang),
                                  visibility=args.visibility)
    else:
        paths = export_canvas(args.course, args.assignment, args.output, id_column=args.canvas_id_column,
                              canvas_id=args.canvas_assignment_id, section=args.section)
    print(f"{args.format}: wrote {len(paths)} file(s){f' under {paths[0].parent.parent}' if len(paths) > 1 else ''}"
          f"{f': {paths[0]}' if len(paths) == 1 else ''}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The command-line interface."""
    parser = argparse.ArgumentParser(prog="dlgrade", description="Auto-graded exercises for Deep Learning with Python.")
    sub = parser.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="run the public (default) or hidden checks on a submission")
    check.add_argument("modules", nargs="*", choices=[*MODULES, []], metavar="MODULE",
                       help=f"modules to check (default: all of {', '.join(MODULES)})")
    check.add_argument("--hidden", action="store_true", help="run the hidden grading suites (instructors)")
    check.add_argument("--submission", type=Path, default=None,
                       help="folder holding tensor_ops.py etc. (default: ./exercises or .)")
    check.add_argument("--json", metavar="FILE", help="write the results file")
    check.add_argument("--lang", choices=("en", "zh"), default=None, help="feedback language")
    check.add_argument("--allow-weak-isolation", action="store_true", help=WEAK_HELP)
    check.set_defaults(run=_check)

    gen = sub.add_parser("stubs", help="generate exercises/ from solutions/")
    gen.add_argument("--solutions", type=Path, default=SOLUTIONS)
    gen.add_argument("--exercises", type=Path, default=EXERCISES)
    gen.add_argument("--check", action="store_true", help="only report stale files (exit 1 if any)")
    gen.set_defaults(run=_stubs)

    course = sub.add_parser("course", help="nbgrader course management")
    course_sub = course.add_subparsers(dest="course_command", required=True)
    init = course_sub.add_parser("init", help="create an nbgrader course with one assignment per module")
    init.add_argument("dir", type=Path)
    init.add_argument("--modules", nargs="+", choices=MODULES, default=None)
    init.add_argument("--no-solution-check", action="store_true",
                      help="do not grade the reference solutions now (the first batch then computes the references)")
    init.set_defaults(run=_course_init, extra="instructor")

    rel = sub.add_parser("release", help="generate and check the learner release of an assignment")
    rel.add_argument("assignment", choices=MODULES)
    rel.add_argument("--course", type=Path, default=Path("."))
    rel.set_defaults(run=_release, extra="instructor")

    grade = sub.add_parser("grade", help="grade every submission of an assignment into the gradebook")
    grade.add_argument("assignment", choices=MODULES)
    grade.add_argument("--course", type=Path, default=Path("."))
    grade.add_argument("--student", action="append", default=[], help="only this student (repeatable)")
    grade.add_argument("--force", action="store_true", help="regrade unchanged, already graded submissions")
    grade.add_argument("--workers", type=int, default=None, help="parallel grading sessions (default: cores)")
    grade.add_argument("--lang", choices=("en", "zh"), default=None, help="feedback language")
    grade.add_argument("--allow-weak-isolation", action="store_true", help=WEAK_HELP)
    grade.set_defaults(run=_grade, extra="instructor")

    demo = sub.add_parser("demo", help="grade a demo class through nbgrader and print its gradebook")
    demo.add_argument("--dir", type=Path, default=Path("demo-class"))
    demo.add_argument("--workers", type=int, default=None)
    demo.set_defaults(run=_demo, extra="instructor")

    _add_report_and_export(sub)
    _add_data(sub)
    return parser


def _add_report_and_export(sub: Any) -> None:  # argparse's subparsers type is private
    """The ``report`` and ``export`` subcommands (they read the batch's results files only)."""
    rep = sub.add_parser("report", help="write the class report of an assignment: one HTML file that opens from disk")
    rep.add_argument("assignment", choices=MODULES)
    rep.add_argument("--course", type=Path, default=Path("."))
    rep.add_argument("--lang", choices=("en", "zh"), default=None, help="report language")
    rep.add_argument("--output", type=Path, default=None, help="the HTML file (default: COURSE/dlgrade/ASSIGNMENT/report.html)")
    rep.set_defaults(run=_report)

    exp = sub.add_parser("export", help="export an assignment's grades for Gradescope (results.json) or Canvas (CSV)")
    exp.add_argument("assignment", choices=MODULES)
    exp.add_argument("--course", type=Path, default=Path("."))
    exp.add_argument("--format", choices=("gradescope", "canvas"), required=True)
    exp.add_argument("--output", type=Path, default=None,
                     help="gradescope: a folder (OUTPUT/STUDENT/results.json); canvas: the CSV file "
                          "(default: under COURSE/dlgrade/ASSIGNMENT/)")
    exp.add_argument("--lang", choices=("en", "zh"), default=None, help="gradescope: language of the summary line")
    exp.add_argument("--visibility", choices=("visible", "after_due_date", "after_published", "hidden"), default="visible",
                     help="gradescope: when learners see each function's result")
    exp.add_argument("--canvas-id-column", choices=("SIS Login ID", "SIS User ID", "ID"), default="SIS Login ID",
                     help="canvas: the column holding the nbgrader student id (Canvas matches learners on it)")
    exp.add_argument("--canvas-assignment-id", default=None,
                     help="canvas: the assignment's Canvas id (without it, importing creates a new assignment)")
    exp.add_argument("--section", default="", help="canvas: the Section column's value")
    exp.set_defaults(run=_export)


def _data_pack(args: argparse.Namespace) -> int:
    from grader.authoring.bundle import pack, render_packed

    print(render_packed(pack(args.dir)))
    return 0


def _data_install(args: argparse.Namespace) -> int:
    from grader.authoring.bundle import install, progress_printer, render_installed

    lang = language(args.lang)
    print(render_installed(install(args.source, mirror=args.mirror, progress=progress_printer(lang), lang=lang), lang))
    return 0


def _data_status(args: argparse.Namespace) -> int:
    from grader.authoring.bundle import incomplete, render_status, status

    found = status()
    print(render_status(found, language(args.lang)))
    return 1 if incomplete(found) else 0


def _add_data(sub: Any) -> None:  # argparse's subparsers type is private
    """The ``data`` subcommands: pack a bundle of the datasets (instructors), install it, say what is there."""
    data = sub.add_parser("data", help="the datasets without Google's servers: pack, install, status")
    data_sub = data.add_subparsers(dest="data_command", required=True)
    pack = data_sub.add_parser("pack", help="write DIR/dlgrade-data.zip: the datasets found here, checksummed")
    pack.add_argument("dir", type=Path)
    pack.set_defaults(run=_data_pack)
    inst = data_sub.add_parser("install", help="verify and install a data bundle (a file or an http/https/file URL)")
    inst.add_argument("source", nargs="?", default=None, metavar="BUNDLE_OR_URL",
                      help="the bundle (default: MIRROR/dlgrade-data.zip)")
    inst.add_argument("--mirror", default=None, metavar="URL",
                      help="the mirror's base URL (default: the DLGRADE_DATA_MIRROR environment variable)")
    inst.add_argument("--lang", choices=("en", "zh"), default=None, help="message language")
    inst.set_defaults(run=_data_install)
    stat = data_sub.add_parser("status", help="which datasets are installed, where, verified or not")
    stat.add_argument("--lang", choices=("en", "zh"), default=None, help="message language")
    stat.set_defaults(run=_data_status)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``dlgrade`` console script."""
    defer_iri_grammar()  # before anything imports jsonschema: nbgrader's import then compiles no IRI grammar
    args = build_parser().parse_args(argv)
    try:
        if getattr(args, "extra", None):  # nbgrader etc. missing: say which extra to install, not a traceback
            extras.require(args.extra, "this command")
        code: int = args.run(args)
    except (KeyError, ValueError, RuntimeError, FileExistsError) as exc:  # the library's documented refusals
        print(f"dlgrade {args.command}: error: {exc.args[0] if isinstance(exc, KeyError) else exc}", file=sys.stderr)
        return 2
    return code


def console() -> NoReturn:
    """The ``dlgrade`` console script: :func:`main`, its result as the exit status."""
    sys.exit(main())


if __name__ == "__main__":
    console()
