"""The dlgrade command: argument parsing, `stubs`, and `check` on a tiny submission."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from grader.catalogue import MODULES, POINTS
from grader.cli import build_parser, main
from grader.paths import REPO as ROOT

SOLUTION = '''\
"""A tiny solution module."""


def naive_relu(x):
    """Relu."""
    # BEGIN SOLUTION
    return x
    # END SOLUTION
'''

TINY = '''
import numpy as np


def naive_relu(x):
    z = x.copy()
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            z[i, j] = max(x[i, j], 0)
    return z


def naive_add(x, y):
    z = np.zeros(x.shape, dtype=np.result_type(x, y))
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            z[i, j] = x[i, j] + y[i, j]
    return z
'''


def test_check_arguments_and_defaults() -> None:
    """`check` without modules means all modules; options are parsed into the namespace."""
    args = build_parser().parse_args(["check"])
    assert args.modules == [] and args.hidden is False and args.submission is None and args.lang is None
    args = build_parser().parse_args(["check", "tensor_ops", "tensors", "--hidden", "--submission", "sub",
                                      "--json", "out.json", "--lang", "zh"])
    assert args.modules == ["tensor_ops", "tensors"]
    assert (args.hidden, args.submission, args.json, args.lang) == (True, Path("sub"), "out.json", "zh")
    assert set(MODULES) == set(POINTS)


@pytest.mark.parametrize(
    "argv",
    [[], ["check", "no_such_module"], ["check", "--lang", "fr"], ["frobnicate"]],
    ids=["no-command", "unknown-module", "unknown-language", "unknown-command"],
)
def test_bad_arguments_exit_with_usage_error(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """Missing or unknown commands, modules and languages exit with status 2 and a usage message."""
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    assert "usage: dlgrade" in capsys.readouterr().err


def test_stubs_check_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`stubs --check` exits 1 listing stale files, `stubs` writes them, then `--check` exits 0."""
    sol, ex = tmp_path / "solutions", tmp_path / "exercises"
    sol.mkdir()
    (sol / "tensor_ops.py").write_text(SOLUTION, encoding="utf-8")
    paths = ["--solutions", str(sol), "--exercises", str(ex)]
    assert main(["stubs", "--check", *paths]) == 1
    out = capsys.readouterr().out
    assert f"stale: {ex / 'tensor_ops.py'}" in out and f"stale: {ex / 'pytest.ini'}" in out
    assert not ex.exists() or not (ex / "tensor_ops.py").exists()
    assert main(["stubs", *paths]) == 0
    assert f"wrote {ex / 'tensor_ops.py'}" in capsys.readouterr().out
    assert "raise NotImplementedError" in (ex / "tensor_ops.py").read_text()
    assert main(["stubs", "--check", *paths]) == 0
    assert capsys.readouterr().out == ""
    (ex / "tensor_ops.py").write_text("edited\n", encoding="utf-8")
    assert main(["stubs", "--check", *paths]) == 1
    assert capsys.readouterr().out.strip() == f"stale: {ex / 'tensor_ops.py'}"


def test_stubs_refuses_malformed_markers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`stubs` on a solution with a misspelt marker exits 2 with the MarkerError naming the file and line; writes nothing."""
    sol = tmp_path / "solutions"
    sol.mkdir()
    (sol / "tensor_ops.py").write_text(SOLUTION.replace("# END SOLUTION", "# END SOLUTIONS"), encoding="utf-8")
    assert main(["stubs", "--solutions", str(sol), "--exercises", str(tmp_path / "exercises")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("dlgrade stubs: error: ")
    assert "tensor_ops.py:8" in err
    assert not (tmp_path / "exercises" / "tensor_ops.py").exists()


def test_grade_refuses_a_mistyped_isolation_level_before_grading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """DLGRADE_ISOLATION=namespace (a typo) stops `dlgrade grade` with a clear error before anything is graded or recorded."""
    monkeypatch.setenv("DLGRADE_ISOLATION", "namespace")
    course = tmp_path / "course"
    course.mkdir()
    assert main(["grade", "tensor_ops", "--course", str(course)]) == 2
    err = capsys.readouterr().err
    assert "not an isolation level" in err
    assert "namespaces, uid, rlimits" in err
    assert list(course.iterdir()) == []


def test_grade_refuses_weak_isolation_unless_allowed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Below 'namespaces' `dlgrade grade` exits 2 naming --allow-weak-isolation, and `check --hidden` too.

    Nothing is graded or recorded; the message says what would not hold.
    """
    monkeypatch.setenv("DLGRADE_ISOLATION", "rlimits")
    course = tmp_path / "course"
    course.mkdir()
    assert main(["grade", "tensor_ops", "--course", str(course)]) == 2
    err = capsys.readouterr().err
    assert "--allow-weak-isolation" in err and "'rlimits'" in err
    assert list(course.iterdir()) == []
    sub = tmp_path / "submission"
    sub.mkdir()
    assert main(["check", "--hidden", "--submission", str(sub), "tensor_ops", "--json", str(tmp_path / "r.json")]) == 2
    assert "--allow-weak-isolation" in capsys.readouterr().err
    assert not (tmp_path / "r.json").exists()


def test_check_hidden_with_weak_isolation_allowed_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`check --hidden --allow-weak-isolation` grades, warns on stderr, and its table and JSON name the gap."""
    monkeypatch.setenv("DLGRADE_ISOLATION", "rlimits")
    sub = tmp_path / "submission"
    sub.mkdir()
    shutil.copy(ROOT / "exercises" / "tensor_ops.py", sub)
    target = tmp_path / "r.json"
    assert main(["check", "--hidden", "--allow-weak-isolation", "--submission", str(sub), "tensor_ops",
                 "--json", str(target)]) == 1
    out, err = capsys.readouterr()
    assert "warning: isolation level 'rlimits'" in err
    assert "isolation: rlimits — " in out
    assert "grader's user" in json.loads(target.read_text(encoding="utf-8"))["weak_isolation"]


def test_check_writes_the_results_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`check --submission DIR tensor_ops --json FILE` grades with the public checks, prints the table, exits 1."""
    sub = tmp_path / "submission"
    sub.mkdir()
    (sub / "tensor_ops.py").write_text(textwrap.dedent(TINY), encoding="utf-8")
    out = tmp_path / "results.json"
    code = main(["check", "--submission", str(sub), "tensor_ops", "--json", str(out), "--lang", "en"])
    printed = capsys.readouterr().out
    data = json.loads(out.read_text(encoding="utf-8"))
    assert code == 1
    assert {"modules", "total", "max_total"} <= set(data)
    assert list(data["modules"]) == ["tensor_ops"]
    module = data["modules"]["tensor_ops"]
    assert list(module["functions"]) == list(POINTS["tensor_ops"])
    for entry in module["functions"].values():
        assert {"points", "max_points", "status", "message"} <= set(entry)
    functions = module["functions"]
    assert (functions["naive_relu"]["points"], functions["naive_relu"]["status"]) == (2.0, "passed")
    assert (functions["naive_add"]["points"], functions["naive_add"]["status"]) == (1.0, "failed")
    assert "expected ValueError" in functions["naive_add"]["message"]
    missing = functions["naive_matrix_dot"]
    assert (missing["points"], missing["status"]) == (0.0, "error")
    assert "does not define naive_matrix_dot()" in missing["message"]
    max_total = float(sum(POINTS["tensor_ops"].values()))
    assert (data["total"], data["max_total"]) == (3.0, max_total)
    assert module["points"] == 3.0
    assert "tensor_ops.py  3/" in printed and f"Score: 3 / {max_total:g}" in printed


def test_commands_do_not_pay_for_jsonschemas_iri_grammars(tmp_path: Path) -> None:
    """`dlgrade course init` imports nbformat/nbgrader (and jsonschema) without compiling rfc3987_syntax's grammars.

    That optional package compiles 38 grammars (with lark) at import, which every command would pay;
    the probe runs in a fresh interpreter, where it would otherwise be loaded.
    """
    probe = (
        "import sys\n"
        "from grader.cli import main\n"
        "code = main(['course', 'init', sys.argv[1], '--modules', 'tensor_ops'])\n"
        "print('PROBE', code, 'jsonschema' in sys.modules, 'lark' in sys.modules)\n"
    )
    proc = subprocess.run([sys.executable, "-c", probe, str(tmp_path / "course")], capture_output=True, text=True,
                          check=False, timeout=300)
    line = next((x for x in proc.stdout.splitlines() if x.startswith("PROBE")), proc.stdout + proc.stderr)
    assert line == "PROBE 0 True False"


def test_console_script_exits_with_mains_code(tmp_path: Path) -> None:
    """The console script returns main's exit status."""
    probe = (
        "import sys\n"
        "from grader.cli import console\n"
        "sys.argv = ['dlgrade', 'stubs', '--check', '--solutions', sys.argv[1], '--exercises', sys.argv[2]]\n"
        "console()\n"
    )
    sol = tmp_path / "solutions"
    sol.mkdir()
    (sol / "tensor_ops.py").write_text(SOLUTION, encoding="utf-8")
    for expected in (1, 0):  # stale at first, then (after `stubs`) up to date
        proc = subprocess.run([sys.executable, "-c", probe, str(sol), str(tmp_path / "ex")], capture_output=True,
                              text=True, check=False, timeout=120)
        assert proc.returncode == expected, proc.stderr
        assert main(["stubs", "--solutions", str(sol), "--exercises", str(tmp_path / "ex")]) == 0
