"""A submission cannot read a file the grader can read out through its feedback.

Every way learner text reaches a message is tried with a 5 kB secret full of control characters
(ANSI colours, a right-to-left override, NUL, line breaks): an exception message and class name, printed
output, a returned string where an array is expected, a structured dtype's field name, an object with a
``shape``, a warning, a returned dtype name and shape (``tensor_info``), the learner process's answer
itself (forged). Whatever the channel, a message shows at most ~300 characters of the secret, on one
line without control characters. The secret lies in the submission folder itself (the sandbox may hide
other paths from the learner: the point here is the echo, not the sandbox).
"""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path
from typing import Any

import numpy  # noqa: F401 - imported once here: pytester's inline runs must not re-import NumPy
import pytest

import grader.session.plugin  # noqa: F401 - the inner sessions reuse the loaded plugin and its imports
from grader.api import run_session
from grader.gradebook.autograded import grade_cell_outputs
from grader.results import FunctionResult, ModuleResult, Report, history_from_json
from grader.runner.client import IsolatedLearner
from grader.runner.errors import LearnerCrashed, LearnerRaised, UngradableValue
from grader.runner.local import raise_for as _raise_for
from grader.runner.local import record as _record
from tests.session.specs import spec_arg

TOKENS = [f"K{i:04d}" for i in range(300)]
SECRET = "".join(f"\x1b[1;31m{token}\u202e\x00\t\r\n" for token in TOKENS)
"""5,100 characters; each token appears once, so the tokens a text holds say how much of the secret it shows."""
BOUND = 300
"""Characters of the secret (as cleaned text, ``K0000 K0001 …``) one message may show."""
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def leaked(text: str) -> int:
    """Characters of the secret ``text`` shows: its tokens, each with its separator."""
    return sum(len(token) + 1 for token in TOKENS if token in text)


def assert_safe(text: str, what: str = "") -> None:
    """``text`` shows at most :data:`BOUND` characters of the secret and holds no control character."""
    assert leaked(text) <= BOUND, f"{what}: {leaked(text)} characters of the secret in {text[:200]!r}…"
    assert not CONTROL.search(text), f"{what}: control character in {text[:200]!r}…"


PREAMBLE = '''
import os
import sys
import warnings

import numpy as np


def _secret():
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "secret.txt"), encoding="utf-8") as fh:
        return fh.read()
'''

LEAKY_TENSOR_OPS = PREAMBLE + '''

def naive_relu(x):
    raise ValueError(_secret())


def naive_add(x, y):
    print(_secret())
    print(_secret(), file=sys.stderr)
    return x


def naive_maximum(x, y):
    return _secret()


def naive_transpose(x):
    return np.zeros(2, dtype=[(_secret(), "f4")])


def naive_reshape(x, shape):
    return type(_secret().replace("\\0", ""), (), {"shape": shape, "dtype": _secret()})()  # no NUL in a class name


def naive_vector_dot(x, y):
    raise type(_secret().replace("\\0", ""), (ValueError,), {})("boom")


def naive_matrix_dot(x, y):
    warnings.warn(_secret(), RuntimeWarning)
    return x


def naive_tensor_dot(x, y, axes):
    raise TypeError(_secret())


def naive_add_matrix_and_vector(x, v):
    return _secret()


def dense_forward(x, w, b, activation):
    return _secret()
'''

LEAKY_SUITE = '''
import numpy as np
import pytest

from grader.authoring.testing import assert_array_matches, call_naive, expect_raises, fail

X = np.ones((2, 2))


@pytest.mark.points("naive_relu")
def test_exception_message(learner):
    """(a) The learner raises ValueError(<secret>)."""
    assert_array_matches(call_naive(learner, "naive_relu", X), X, rtol=0, atol=0)


@pytest.mark.points("naive_add")
def test_printed_output(learner):
    """(b) The learner prints the secret (stdout and stderr), then returns a wrong result."""
    assert_array_matches(learner.call("naive_add", X, X), 2 * X, rtol=0, atol=0)


@pytest.mark.points("naive_maximum")
def test_returned_string(learner):
    """(c) The learner returns the secret where an array is expected."""
    assert_array_matches(learner.call("naive_maximum", X, X), X, rtol=0, atol=0)


@pytest.mark.points("naive_transpose")
def test_structured_dtype(learner):
    """(d) The learner returns a structured array whose field is named by the secret."""
    assert_array_matches(learner.call("naive_transpose", X), X.T, rtol=0, atol=0)


@pytest.mark.points("naive_reshape")
def test_shape_like(learner):
    """(e) The learner returns an object with a shape, of a class named by the secret."""
    assert_array_matches(learner.call("naive_reshape", np.ones(4), (2, 2)), X, rtol=0, atol=0)


@pytest.mark.points("naive_vector_dot")
def test_exception_class_name(learner):
    """The learner raises an exception whose class is named by the secret."""
    learner.call("naive_vector_dot", np.ones(2), np.ones(2))


@pytest.mark.points("naive_matrix_dot")
def test_warning_text(learner):
    """The learner warns with the secret; the check quotes the warning (as the hidden suites do)."""
    record = learner.run("naive_matrix_dot", (X, X))
    if record.warnings:
        fail(en=f"NumPy warned {record.warnings[0]!r}", zh=f"NumPy 发出警告 {record.warnings[0]!r}")


@pytest.mark.points("naive_tensor_dot")
def test_wrong_exception(learner):
    """expect_raises quotes the wrong exception's message."""
    expect_raises(learner, "ValueError", "naive_tensor_dot", X, X, 3)


@pytest.mark.points("naive_add_matrix_and_vector")
def test_suite_error_quoting_the_value(learner):
    """The suite's own error quotes the returned string (float('<secret>'))."""
    float(learner.call("naive_add_matrix_and_vector", X, np.ones(2)))


@pytest.mark.points("dense_forward")
def test_bare_assert(learner):
    """A bare assert: pytest's message shows the values compared."""
    assert learner.call("dense_forward", X, X, np.ones(2), "relu") == "relu"
'''

CASES = ["naive_relu", "naive_add", "naive_maximum", "naive_transpose", "naive_reshape", "naive_vector_dot",
         "naive_matrix_dot", "naive_tensor_dot", "naive_add_matrix_and_vector", "dense_forward"]


def _submission(folder: Path, module: str, source: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{module}.py").write_text(textwrap.dedent(source), encoding="utf-8")
    (folder / "secret.txt").write_text(SECRET, encoding="utf-8")
    return folder


@pytest.mark.parametrize("mode", ["isolated", "inprocess"])
def test_no_channel_echoes_more_than_an_excerpt(pytester: pytest.Pytester, mode: str) -> None:
    """Each channel's feedback (results file, terminal table, failure reports) shows ≤ 300 characters of the secret.

    Every check fails with its own message (the learner's text did reach it, bounded), in both
    runners: the learner's process and in-process local checks.
    """
    pytester.makepyfile(test_tensor_ops=textwrap.dedent(LEAKY_SUITE))
    folder = _submission(pytester.path / "sub", "tensor_ops", LEAKY_TENSOR_OPS)
    out = pytester.path / "results.json"
    spec = spec_arg(pytester.path, {"sub": folder}, results={"sub": out}, lang="en", inprocess=mode == "inprocess")
    result = pytester.runpytest("-p", "grader.session.plugin", "-p", "no:cacheprovider", "-q", "-rf", spec)
    result.assert_outcomes(failed=len(CASES))
    functions = json.loads(out.read_text(encoding="utf-8"))["modules"]["tensor_ops"]["functions"]
    for name in CASES:
        message = functions[name]["message"]
        assert functions[name]["points"] == 0.0, name
        assert_safe(message, name)
    assert "raised ValueError" in functions["naive_relu"]["message"]
    assert "returned str" in functions["naive_maximum"]["message"]
    assert "cannot be graded" in functions["naive_transpose"]["message"]
    assert "cannot be graded" in functions["naive_reshape"]["message"]
    assert "grader error" in functions["naive_add_matrix_and_vector"]["message"]
    # the learner's text reached the messages, bounded: the channels work, they only echo an excerpt
    assert leaked(functions["naive_relu"]["message"]) > 0
    assert leaked(functions["naive_matrix_dot"]["message"]) > 0
    table = [line for line in result.outlines if line.startswith("  ") and " — " in line]
    assert len(table) >= len(CASES)
    for line in table:  # the per-exercise table: one message per line
        assert_safe(line, "terminal table")


@pytest.mark.parametrize("hidden", [True, False], ids=["hidden", "public"])
def test_tensor_info_dtype_name_and_shape_are_quoted_as_excerpts(tmp_path: Path, hidden: bool) -> None:
    """A returned dtype name and shape holding the secret: the real suites' tensor_info message stays bounded.

    A whole grading session (as ``dlgrade check`` and a batch run it), on the hidden and the public suite.
    """
    source = PREAMBLE + '''

def tensor_info(x):
    secret = _secret()
    return (np.ndim(x), (secret,), secret)
'''
    folder = _submission(tmp_path / "sub", "tensors", source)
    report = run_session({"sub": folder}, ["tensors"], hidden=hidden, lang="en", only={"sub": ["tensor_info"]})["sub"]
    result = report.module("tensors").function("tensor_info")
    assert result.status == "failed" and result.points == 0.0
    assert "tensor_info" in result.message
    assert_safe(result.message, "tensor_info")
    assert leaked(result.message) > 0


def test_printed_output_is_read_back_without_control_characters(tmp_path: Path) -> None:
    """(b) What the learner printed, read back with ``output()``, is one line without control characters."""
    folder = _submission(tmp_path / "sub", "printer", PREAMBLE + '''

def shout():
    print(_secret())
    print(_secret(), file=sys.stderr)
    return 1
''')
    handle = IsolatedLearner(folder, "printer", timeout=5)
    try:
        assert handle.call("shout") == 1
        printed = handle.output()
    finally:
        handle.close()
    assert "K0299" in printed  # the tail of what was printed
    assert not CONTROL.search(printed)
    assert len(printed) <= 4000


def test_a_forged_answer_is_bounded_too() -> None:
    """The learner process's answer is the learner's: forged names, messages and lists of any size are cut.

    (The learner process cuts an exception message at 2,000 characters itself, but code running in
    it can write any answer on its pipe.)
    """
    forged: dict[str, Any] = {"status": "raised", "type": SECRET, "mro": [SECRET, "ValueError", "Exception"],
                              "message": SECRET * 10, "where": SECRET}
    with pytest.raises(LearnerRaised) as info:
        _raise_for(forged, "m", "f")
    raised = info.value
    for text in (raised.type_name, raised.detail, raised.where, str(raised), *raised.mro):
        assert_safe(text, "LearnerRaised")
    assert raised.is_a("ValueError")  # the built-in classes at the end of the MRO are kept
    with pytest.raises(UngradableValue) as ungradable:
        _raise_for({"status": "bad_value", "message": SECRET}, "m", "f")
    assert_safe(str(ungradable.value), "bad_value")
    with pytest.raises(LearnerCrashed) as crashed:
        _raise_for({"status": SECRET}, "m", "f")
    assert_safe(str(crashed.value), "status")
    record = _record({"status": "ok", "mutated": [SECRET] * 1000, "operations": [SECRET] * 1000,
                      "warnings": [SECRET] * 1000}, None)
    assert len(record.mutated) == len(record.operations) == len(record.warnings) == 100
    for text in (*record.mutated, *record.operations, *record.warnings):
        assert_safe(text, "record")
    assert _record({"mutated": SECRET, "operations": 7}, None).mutated == ()


def test_grade_cell_output_is_bounded_whatever_the_results_file_holds() -> None:
    """The last guard: the autograded notebook's feedback stream holds one line of ≤ 2,000 characters of a message."""
    report = Report((ModuleResult("m", (FunctionResult("f", 0.0, 1.0, "failed", SECRET * 3),)),))
    outputs = grade_cell_outputs("m", "f", report, 1)
    text = outputs[0]["text"]
    assert text.startswith("f: failed, 0 of 1 points\n")
    message = text.split("\n", 1)[1].rstrip("\n")
    assert not CONTROL.search(message)
    assert len(message) < 2100 and "more characters)" in message


def test_history_metric_names_are_bounded() -> None:
    """A training history's metric names are the learner's: bounded like any learner text (feedback tables, results)."""
    history = history_from_json({SECRET: [1.0, 0.5], "val_loss": [1.2, 0.9]})
    assert history is not None
    assert "val_loss" in history
    for key in history:
        assert len(key) < 100
        assert not CONTROL.search(key)
