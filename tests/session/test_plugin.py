"""The pytest plugin, run on a small suite and submission with pytester."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import numpy  # noqa: F401 - imported once here: pytester's inline runs must not re-import NumPy
import pytest

from grader.catalogue import POINTS
from tests.session.specs import results_in, spec_arg

SUITE = '''
import numpy as np
import pytest

from grader.authoring.testing import assert_array_matches, assert_scalar_matches, call_naive


@pytest.mark.points("naive_relu", weight=2)
def test_relu_values(learner):
    """naive_relu clamps negatives."""
    x = np.array([[-1.0, 2.0], [3.0, -4.0]])
    assert_array_matches(call_naive(learner, "naive_relu", x), np.maximum(x, 0), rtol=0, atol=0)


@pytest.mark.points("naive_relu")
def test_relu_dtype(learner):
    """naive_relu keeps float32."""
    x = np.ones((2, 2), dtype=np.float32)
    assert_array_matches(learner.call("naive_relu", x), x, rtol=0, atol=0)


@pytest.mark.points("naive_add")
def test_add(learner):
    """naive_add adds."""
    x = np.ones((2, 2))
    assert_array_matches(learner.call("naive_add", x, x), 2 * x, rtol=0, atol=0)


@pytest.mark.points("naive_maximum")
def test_maximum(learner):
    """naive_maximum with loops."""
    x, y = np.zeros((2, 2)), np.ones((2, 2))
    assert_array_matches(call_naive(learner, "naive_maximum", x, y), y, rtol=0, atol=0)


@pytest.mark.points("naive_vector_dot", weight=1)
def test_dot_value(learner):
    """naive_vector_dot of [1, 2] and [3, 4] is 11."""
    got = learner.call("naive_vector_dot", np.array([1.0, 2.0]), np.array([3.0, 4.0]))
    assert_scalar_matches(got, 11.0, rtol=1e-12, atol=0)


@pytest.mark.points("naive_vector_dot", weight=3)
def test_dot_zeros(learner):
    """naive_vector_dot of zero vectors is 0."""
    got = learner.call("naive_vector_dot", np.zeros(3), np.zeros(3))
    assert_scalar_matches(got, 0.0, rtol=0, atol=0)


@pytest.mark.points("naive_matrix_dot")
def test_matrix_dot(learner):
    """naive_matrix_dot runs."""
    learner.call("naive_matrix_dot", np.ones((2, 2)), np.ones((2, 2)))


@pytest.mark.points("naive_reshape")
def test_reshape(learner):
    """naive_reshape exists."""
    learner.call("naive_reshape", np.ones(4), (2, 2))


@pytest.mark.points("naive_transpose")
def test_transpose(learner):
    """A check failing without any message."""
    learner.call("naive_transpose", np.ones((2, 3)))
    raise AssertionError
'''

GOOD = '''
import numpy as np


def naive_relu(x):
    z = x.copy()
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            z[i, j] = max(x[i, j], 0)
    return z


def naive_add(x, y):
    raise NotImplementedError("naive_add: write your code here, then run pytest")


def naive_maximum(x, y):
    return np.maximum(x, y)


def naive_vector_dot(x, y):
    return 0.0


def naive_matrix_dot(x, y):
    raise ValueError("my own bug")


def naive_transpose(x):
    return x
'''

ALL_RIGHT = '''
import numpy as np


def naive_relu(x):
    z = x.copy()
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            z[i, j] = max(x[i, j], 0)
    return z


def naive_add(x, y):
    z = x.copy()
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            z[i, j] = x[i, j] + y[i, j]
    return z
'''

EXPECTED = {
    "naive_relu": (2.0, "passed"),
    "naive_add": (0.0, "not_implemented"),
    "naive_maximum": (0.0, "integrity"),
    "naive_vector_dot": (1.5, "failed"),
    "naive_matrix_dot": (0.0, "error"),
    "naive_reshape": (0.0, "error"),
    "naive_transpose": (0.0, "failed"),
}
"""Points and status of each tested function for the GOOD submission."""


def _setup(pytester: pytest.Pytester, suite: str = SUITE, **submissions: str) -> dict[str, Path]:
    pytester.makepyfile(test_tensor_ops=textwrap.dedent(suite))
    folders = {}
    for name, source in (submissions or {"sub": GOOD}).items():
        folder = pytester.path / name
        folder.mkdir()
        (folder / "tensor_ops.py").write_text(textwrap.dedent(source), encoding="utf-8")
        folders[name] = folder
    return folders


def _run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest("-p", "grader.session.plugin", "-p", "no:cacheprovider", "-q", *args)


def _json(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _functions(data: dict[str, Any]) -> dict[str, Any]:
    functions: dict[str, Any] = data["modules"]["tensor_ops"]["functions"]
    return functions


def _check_expected(functions: dict[str, Any]) -> None:
    for name, (points, status) in EXPECTED.items():
        assert (functions[name]["points"], functions[name]["status"]) == (points, status), name
        assert functions[name]["max_points"] == POINTS["tensor_ops"][name]
    for name in set(POINTS["tensor_ops"]) - set(EXPECTED):
        assert functions[name]["status"] == "error" and functions[name]["points"] == 0.0
        assert "no checks" in functions[name]["message"]


@pytest.fixture
def good(pytester: pytest.Pytester) -> Path:
    """Write the suite and the mixed submission; return the submission folder."""
    return _setup(pytester)["sub"]


def test_statuses_points_and_json_file(pytester: pytest.Pytester, good: Path) -> None:
    """Each function gets its status and weighted points; the results file the spec names is written."""
    out = pytester.path / "results.json"
    result = _run(pytester, spec_arg(pytester.path, {"sub": good}, results={"sub": out}))
    result.assert_outcomes(passed=3, failed=6)
    data = _json(out)
    functions = _functions(data)
    assert list(functions) == list(POINTS["tensor_ops"])
    _check_expected(functions)
    assert [c["test"] for c in functions["naive_vector_dot"]["checks"]] == ["test_dot_value", "test_dot_zeros"]
    assert functions["naive_add"]["message"] == "not implemented yet"
    assert "maximum" in functions["naive_maximum"]["message"]
    assert "ValueError: my own bug" in functions["naive_matrix_dot"]["message"]
    assert "does not define naive_reshape()" in functions["naive_reshape"]["message"]
    assert functions["naive_transpose"]["message"] == "1 of 1 checks failed"
    assert data["modules"]["tensor_ops"]["points"] == 3.5
    assert (data["total"], data["max_total"]) == (3.5, float(sum(POINTS["tensor_ops"].values())))


def test_terminal_table_in_english(pytester: pytest.Pytester, good: Path) -> None:
    """The per-exercise table is printed after the tests, with messages for lost points."""
    result = _run(pytester, spec_arg(pytester.path, {"sub": good}, lang="en"))
    total = sum(POINTS["tensor_ops"].values())
    result.stdout.re_match_lines(
        [
            rf"tensor_ops\.py  3\.5/{total}",
            r"  ✓ naive_relu +2/2 +passed",
            r"  … naive_add +0/2 +not implemented yet",
            r"  ✗ naive_maximum +0/3 +integrity — used whole-array NumPy .*maximum",
            r"  ✗ naive_vector_dot +1\.5/2 +failed — result: expected 11, got 0 ",
            r"  ! naive_matrix_dot +0/3 +error — raised ValueError: my own bug \(tensor_ops\.py:\d+\)",
            rf"Score: 3\.5 / {total}",
        ],
        consecutive=False,
    )


def test_terminal_table_in_chinese(pytester: pytest.Pytester, good: Path) -> None:
    """With the spec's lang zh the table's labels, messages and total are in Chinese."""
    result = _run(pytester, spec_arg(pytester.path, {"sub": good}, lang="zh"))
    total = sum(POINTS["tensor_ops"].values())
    result.stdout.re_match_lines(
        [
            r"  ✓ naive_relu +2/2 +通过",
            r"  … naive_add +0/2 +尚未实现",
            r"  ✗ naive_maximum +0/3 +违规 — 在 naive_\* 函数中使用了整个数组的 NumPy 运算",
            r"  ✗ naive_vector_dot +1\.5/2 +未通过 — result：应为 11，实际为 0",
            rf"得分：3\.5 / {total}",
        ],
        consecutive=False,
    )
    assert "Score:" not in result.stdout.str()


def test_learner_failures_show_the_message_not_a_traceback(pytester: pytest.Pytester, good: Path) -> None:
    """A learner-side failure's report is the feedback message, not the suite's traceback."""
    result = _run(pytester, spec_arg(pytester.path, {"sub": good}, lang="en"), "-rf")
    text = result.stdout.str()
    assert "result: expected 11, got 0 (rtol=1e-12, atol=0)" in text
    assert "assert_scalar_matches(got, 11.0" not in text


def test_inprocess_gives_the_same_results(pytester: pytest.Pytester, good: Path) -> None:
    """In-process learners (the spec's inprocess) grade the same submission with the same statuses and points."""
    out = pytester.path / "results.json"
    result = _run(pytester, spec_arg(pytester.path, {"sub": good}, inprocess=True, results={"sub": out}))
    result.assert_outcomes(passed=3, failed=6)
    _check_expected(_functions(_json(out)))


def test_default_submission_is_the_rootdir(pytester: pytest.Pytester) -> None:
    """Without a spec the learner's module is looked up in the rootdir (local checks: a table, no results file)."""
    _setup(pytester)
    (pytester.path / "tensor_ops.py").write_text(textwrap.dedent(ALL_RIGHT), encoding="utf-8")
    result = _run(pytester, "--dlgrade-inprocess", "--lang=en", "-k", "relu or add")
    result.assert_outcomes(passed=3, deselected=6)
    result.stdout.re_match_lines([r"  ✓ naive_relu +2/2 +passed", r"  ✓ naive_add +2/2 +passed"], consecutive=False)
    assert not list(pytester.path.glob("*.json"))


def test_only_grades_the_selected_functions(pytester: pytest.Pytester, good: Path) -> None:
    """The spec's only deselects other functions' checks and leaves them out of the table and the file."""
    out = pytester.path / "results.json"
    result = _run(pytester, spec_arg(pytester.path, {"sub": good}, only={"sub": {"naive_relu", "naive_add"}},
                                     results={"sub": out}))
    result.assert_outcomes(passed=2, failed=1, deselected=6)
    data = _json(out)
    assert list(_functions(data)) == ["naive_relu", "naive_add"]
    assert (data["total"], data["max_total"]) == (2.0, 4.0)
    assert "naive_maximum" not in result.stdout.str()
    result.stdout.fnmatch_lines(["Score: 2 / 4"])


def test_two_submissions_in_one_session(pytester: pytest.Pytester) -> None:
    """Two submissions are graded separately in one session: a table and a results file each."""
    folders = _setup(pytester, good=GOOD, right=ALL_RIGHT)
    out = results_in(pytester.path, folders)
    result = _run(pytester, spec_arg(pytester.path, folders, only={"right": {"naive_relu", "naive_add"}}, results=out))
    result.assert_outcomes(passed=3 + 3, failed=6, deselected=6)
    result.stdout.fnmatch_lines(["== good ==", "tensor_ops.py  3.5/*", "*", "== right ==", "tensor_ops.py  4/4"],
                                consecutive=False)
    _check_expected(_functions(_json(out["good"])))
    right = _functions(_json(out["right"]))
    assert {name: (f["points"], f["status"]) for name, f in right.items()} == {
        "naive_relu": (2.0, "passed"),
        "naive_add": (2.0, "passed"),
    }


@pytest.mark.parametrize(
    ("suite", "problem"),
    [
        ("def test_unmarked(learner):\n    pass\n", "needs exactly one @pytest.mark.points"),
        ('import pytest\n\n\n@pytest.mark.points("naive_dance")\ndef test_x(learner):\n    pass\n',
         "tensor_ops.naive_dance is not in the points table"),
        ('import pytest\n\n\n@pytest.mark.points("naive_relu")\n@pytest.mark.points("naive_add")\n'
         "def test_x(learner):\n    pass\n", "needs exactly one @pytest.mark.points"),
    ],
    ids=["no-marker", "unknown-function", "two-markers"],
)
def test_bad_points_markers_are_usage_errors(pytester: pytest.Pytester, suite: str, problem: str) -> None:
    """A check without exactly one points marker, or naming a function outside the catalogue, stops the session."""
    folders = _setup(pytester, suite=suite)
    result = _run(pytester, spec_arg(pytester.path, folders))
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert problem in result.stderr.str() + result.stdout.str()


def test_a_suite_of_a_module_outside_the_spec_is_a_usage_error(pytester: pytest.Pytester, good: Path) -> None:
    """A check of a module the spec does not name stops the session (the command line and the spec disagree)."""
    result = _run(pytester, spec_arg(pytester.path, {"sub": good}, modules=("losses",)))
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "tensor_ops is not a module of the session's spec" in result.stderr.str()


def test_a_malformed_spec_file_is_a_usage_error_naming_the_field(pytester: pytest.Pytester, good: Path) -> None:
    """A spec file with an invalid field stops the session before any check, naming the field."""
    arg = spec_arg(pytester.path, {"sub": good})
    spec = Path(arg.partition("=")[2])
    spec.write_text(json.dumps({**_json(spec), "isolation": "namespace"}), encoding="utf-8")
    result = _run(pytester, arg)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "session spec: isolation: must be one of" in result.stderr.str()
    assert "passed" not in result.stdout.str()


@pytest.mark.parametrize("option", ["--dlgrade-submission=sub=x", "--dlgrade-isolation=rlimits", "--dlgrade-json=r.json",
                                    "--dlgrade-only=sub=naive_relu", "--dlgrade-progress-fd=3", "--dlgrade-hide=/x",
                                    "--dlgrade-no-replay", "--dlgrade-cold-start", "--dlgrade-direct",
                                    "--dlgrade-quick-exit"])
def test_the_old_session_options_are_gone(pytester: pytest.Pytester, option: str) -> None:
    """Every grading option but the spec is gone: pytest refuses each as unknown."""
    _setup(pytester)
    result = _run(pytester, option)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "unrecognized arguments" in result.stderr.str()


@pytest.mark.parametrize("local", [["--dlgrade-inprocess"], ["--lang=zh"]])
def test_local_options_do_not_mix_with_a_spec(pytester: pytest.Pytester, good: Path, local: list[str]) -> None:
    """The learner's local options (--dlgrade-inprocess, --lang) are refused beside a spec, which says it all."""
    result = _run(pytester, spec_arg(pytester.path, {"sub": good}), *local)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "for local checks only" in result.stderr.str()


def test_import_failure_fails_every_check_of_the_module(pytester: pytest.Pytester) -> None:
    """A submission with a syntax error scores 0 everywhere, each function saying where the error is."""
    folders = _setup(pytester, sub="def naive_relu(x):\n    return x +\n")
    out = pytester.path / "results.json"
    _run(pytester, spec_arg(pytester.path, folders, results={"sub": out}))
    data = _json(out)
    assert data["total"] == 0.0
    for name in EXPECTED:
        entry = _functions(data)[name]
        assert entry["status"] == "error"
        assert "tensor_ops.py:2" in entry["message"] and "SyntaxError" in entry["message"]


EXAMPLES_SUITE = '''
import json
import os

import pytest
from hypothesis import given, strategies as st

from grader.authoring.testing import hidden_settings


@pytest.mark.points("naive_relu")
@pytest.mark.parametrize("scale", [1, 2])
@hidden_settings
@given(st.lists(st.integers(-1000, 1000), min_size=1, max_size=5))
def test_examples(learner, scale, values):
    """Logs each example drawn, by submission, to the file named by $EXAMPLES_LOG."""
    with open(os.environ["EXAMPLES_LOG"], "a", encoding="utf-8") as log:
        log.write(json.dumps([learner.submission.name, scale, values]) + "\\n")
'''


def _examples(log: Path) -> dict[tuple[str, int], list[list[int]]]:
    drawn: dict[tuple[str, int], list[list[int]]] = {}
    for line in log.read_text(encoding="utf-8").splitlines():
        who, scale, values = json.loads(line)
        drawn.setdefault((who, scale), []).append(values)
    return drawn


def test_every_submission_gets_the_same_examples(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two submissions graded in one session, and one graded alone, are checked on the very same hypothesis examples.

    Without grader.session.plugin's example key, hypothesis seeds a parametrised test on its node id, which
    names the learner: ann and bob would get different examples (and ann alone yet others).
    """
    folders = _setup(pytester, EXAMPLES_SUITE, ann="", bob="")
    log = pytester.path / "examples.jsonl"
    monkeypatch.setenv("EXAMPLES_LOG", str(log))
    _run(pytester, spec_arg(pytester.path, folders, inprocess=True)).assert_outcomes(passed=4)
    together = _examples(log)
    log.unlink()
    _run(pytester, spec_arg(pytester.path, {"ann": folders["ann"]}, inprocess=True)).assert_outcomes(passed=2)
    alone = _examples(log)
    for scale in (1, 2):
        assert len(together[("ann", scale)]) > 1
        assert together[("ann", scale)] == together[("bob", scale)] == alone[("ann", scale)]
    assert together[("ann", 1)] != together[("ann", 2)]  # each parametrised case keeps examples of its own


PRESTART_SUITE = '''
import json
import os

import numpy as np
import pytest

from grader.session.plugin import collector_key


@pytest.mark.points("naive_relu")
def test_relu(learner, request):
    """Logs which learners of later submissions are started while this submission is graded."""
    ahead = {sub: [handle.pid if handle.warm else 0, str(handle.scratch)]
             for (sub, _), handle in request.config.stash[collector_key].prestarted.items()}
    with open(os.environ["PRESTART_LOG"], "a", encoding="utf-8") as log:
        log.write(json.dumps([learner.submission.name, ahead]) + "\\n")
    assert np.array_equal(learner.call("naive_relu", np.array([[-1.0, 2.0]])), [[0.0, 2.0]])
'''


def test_the_next_learner_is_started_while_one_is_graded(pytester: pytest.Pytester,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """While a submission is graded, the next one's learner process already runs (forked from the warm runner).

    It is handed to that submission's checks (which pass); one whose checks never run (all deselected) is
    stopped when the session ends: no process and no scratch copy is left.
    """
    from grader.runner.sandbox import detect_level
    from tests.runner.processes import gone, running

    if detect_level() != "namespaces":
        pytest.skip("learners are started ahead at the namespaces level only")
    folders = _setup(pytester, suite=PRESTART_SUITE, a=ALL_RIGHT, b=ALL_RIGHT, c=ALL_RIGHT)
    log = pytester.path / "prestart.log"
    monkeypatch.setenv("PRESTART_LOG", str(log))
    # c's only check is deselected: its learner is never used
    result = _run(pytester, spec_arg(pytester.path, folders, only={"c": {"naive_add"}}))
    result.assert_outcomes(passed=2, deselected=1)
    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert [(sub, sorted(ahead)) for sub, ahead in lines] == [("a", ["b"]), ("b", ["c"])]
    assert all(pid > 0 and not Path(scratch).exists() for _, ahead in lines for pid, scratch in ahead.values())
    assert not running(lines[0][1]["b"][0])  # b's learner: used by b's check, closed after it
    assert gone(lines[1][1]["c"][0])  # c's: started, never used, stopped at the end of the session
