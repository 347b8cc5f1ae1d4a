"""The ``dlgrade`` command: argument parsing only; the work is done by the library."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from grader import api, stubs
from grader.catalogue import MODULES
from grader.feedback import render_text
from grader.messages import language

ROOT = Path(__file__).resolve().parent.parent


def _check(args: argparse.Namespace) -> int:
    lang = language(args.lang)
    report = api.check_report(args.submission, args.modules or MODULES, hidden=args.hidden, lang=lang)
    print(render_text(report, lang))
    if args.json:
        Path(args.json).write_text(json.dumps(report.to_json(), indent=2, ensure_ascii=False), encoding="utf-8")
    return 0 if report.total == report.max_total else 1


def _stubs(args: argparse.Namespace) -> int:
    if args.check:
        stale = stubs.stale_files(args.solutions, args.exercises)
        for name in stale:
            print(f"stale: {args.exercises / name}")
        return 1 if stale else 0
    for name in stubs.write_exercises(args.solutions, args.exercises):
        print(f"wrote {args.exercises / name}")
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
    check.set_defaults(run=_check)

    gen = sub.add_parser("stubs", help="generate exercises/ from solutions/")
    gen.add_argument("--solutions", type=Path, default=ROOT / "solutions")
    gen.add_argument("--exercises", type=Path, default=ROOT / "exercises")
    gen.add_argument("--check", action="store_true", help="only report stale files (exit 1 if any)")
    gen.set_defaults(run=_stubs)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``dlgrade`` console script."""
    args = build_parser().parse_args(argv)
    code: int = args.run(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
