"""The ``dlgrade`` command: argument parsing only; the work is done by the library."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from grader import api
from grader.catalogue import MODULES
from grader.compat import defer_iri_grammar
from grader.feedback.messages import language
from grader.feedback.text import render_text
from grader.paths import EXERCISES, SOLUTIONS
from grader.tools import stubs

WEAK_HELP = ("grade even where learner code cannot be isolated at the 'namespaces' level "
             "(it could then read or change your files); every result says so")


def _check(args: argparse.Namespace) -> int:
    lang = language(args.lang)
    report = api.check_report(args.submission, args.modules or MODULES, hidden=args.hidden, lang=lang,
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
    init.set_defaults(run=_course_init)

    rel = sub.add_parser("release", help="generate and check the learner release of an assignment")
    rel.add_argument("assignment", choices=MODULES)
    rel.add_argument("--course", type=Path, default=Path("."))
    rel.set_defaults(run=_release)

    grade = sub.add_parser("grade", help="grade every submission of an assignment into the gradebook")
    grade.add_argument("assignment", choices=MODULES)
    grade.add_argument("--course", type=Path, default=Path("."))
    grade.add_argument("--student", action="append", default=[], help="only this student (repeatable)")
    grade.add_argument("--force", action="store_true", help="regrade unchanged, already graded submissions")
    grade.add_argument("--workers", type=int, default=None, help="parallel grading sessions (default: cores)")
    grade.add_argument("--lang", choices=("en", "zh"), default=None, help="feedback language")
    grade.add_argument("--allow-weak-isolation", action="store_true", help=WEAK_HELP)
    grade.set_defaults(run=_grade)

    demo = sub.add_parser("demo", help="grade a demo class through nbgrader and print its gradebook")
    demo.add_argument("--dir", type=Path, default=Path("demo-class"))
    demo.add_argument("--workers", type=int, default=None)
    demo.set_defaults(run=_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``dlgrade`` console script."""
    defer_iri_grammar()  # before anything imports jsonschema: nbgrader's import then compiles no IRI grammar
    args = build_parser().parse_args(argv)
    try:
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
