"""Hypothesis examples recorded once per session and replayed (grader.session.replay), run with pytester.

Every check compares a session with replay against the same session whose spec turns replay
off (Hypothesis's engine for every submission): same examples, same failures, same scores.
"""

from __future__ import annotations

import ast
import json
import re
import textwrap
from pathlib import Path
from typing import Any

import numpy  # noqa: F401 - imported once here: pytester's inline runs must not re-import NumPy
import pytest

import grader.session.plugin  # noqa: F401 - the inner sessions reuse the loaded plugin and its imports
from tests.session.specs import results_in, spec_arg

SUITE = '''
import json
import os

import numpy as np
import pytest
from hypothesis import assume, given, strategies as st
from hypothesis.extra import numpy as hnp

from grader.authoring.testing import assert_array_matches, hidden_settings


def _log(learner, *values):
    with open(os.environ["EXAMPLES_LOG"], "a", encoding="utf-8") as log:
        log.write(json.dumps([learner.submission.name, *values]) + "\\n")


@pytest.mark.points("naive_relu")
@hidden_settings
@given(data=st.data(), dtype=st.sampled_from([np.float32, np.float64]))
def test_relu(learner, data, dtype):
    """Draws a shape, then an array of it, inside the check (interactive draws)."""
    shape = data.draw(hnp.array_shapes(min_dims=2, max_dims=2, max_side=4), label="shape")
    x = data.draw(hnp.arrays(dtype, shape, elements=st.floats(-9, 9, width=32)), label="x")
    _log(learner, "relu", np.dtype(dtype).name, x.tolist())
    assert_array_matches(learner.call("naive_relu", x), np.maximum(x, 0), rtol=0, atol=0)


@pytest.mark.points("naive_add")
@hidden_settings
@given(shapes=hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=3, max_side=3), seed=st.integers(0, 99))
def test_add(learner, shapes, seed):
    """Generated arguments only (a named tuple among them), and an assume()."""
    assume(len(shapes.result_shape) > 0)
    _log(learner, "add", [list(s) for s in shapes.input_shapes], seed)
    x = np.random.default_rng(seed).uniform(size=shapes.result_shape)
    got = learner.call("naive_add", x, x)
    assert_array_matches(got, x + x, rtol=0, atol=0)
'''

RIGHT = '''
import numpy as np


def naive_relu(x):
    return np.maximum(x, 0)


def naive_add(x, y):
    return x + y
'''

WRONG_BIG = '''
import numpy as np


def naive_relu(x):
    return np.maximum(x, 0) if x.size < 6 else np.abs(x)


def naive_add(x, y):
    return x + y if x.ndim < 2 else x - y
'''
"""Right on small inputs only: fails somewhere after the first few examples."""

STUB = '''
def naive_relu(x):
    raise NotImplementedError


def naive_add(x, y):
    raise NotImplementedError
'''


def _setup(pytester: pytest.Pytester, **submissions: str) -> dict[str, Path]:
    pytester.makepyfile(test_tensor_ops=textwrap.dedent(SUITE))
    folders = {}
    for name, source in submissions.items():
        folder = folders[name] = pytester.path / name
        folder.mkdir()
        (folder / "tensor_ops.py").write_text(textwrap.dedent(source), encoding="utf-8")
    return folders


def _session(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, folders: dict[str, Path], **fields: Any,
             ) -> tuple[dict[tuple[str, str], list[object]], dict[str, Any], str]:
    """Run one in-process session; return the examples each (submission, check) saw, each results file, the output."""
    log = pytester.path / "examples.jsonl"
    log.unlink(missing_ok=True)
    results = results_in(pytester.path, folders)
    monkeypatch.setenv("EXAMPLES_LOG", str(log))
    run = pytester.runpytest("-p", "grader.session.plugin", "-p", "no:cacheprovider", "-q",
                             spec_arg(pytester.path, folders, inprocess=True, results=results, **fields))
    seen: dict[tuple[str, str], list[object]] = {}
    for line in log.read_text(encoding="utf-8").splitlines():
        who, check, *values = json.loads(line)
        seen.setdefault((who, check), []).append(values)
    data = {name: json.loads(path.read_text(encoding="utf-8")) for name, path in results.items()}
    for report in data.values():
        for module in report["modules"].values():
            del module["grading_seconds"]  # how long the checks took: differs from run to run
    return seen, data, run.stdout.str()


def _passed(report: dict[str, object]) -> bool:
    functions = report["modules"]["tensor_ops"]["functions"]  # type: ignore[index]
    return all(functions[f]["status"] == "passed" for f in ("naive_relu", "naive_add"))


def _engine_runs(output: str) -> tuple[int, int]:
    found = re.search(r"engine ran (\d+) @given checks; (\d+) replayed", output)
    assert found is not None, output
    return int(found.group(1)), int(found.group(2))


def test_replay_gives_every_submission_hypothesiss_own_examples(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With replay, the engine runs once per check and every later submission sees exactly its examples."""
    folders = _setup(pytester, ann=RIGHT, bob=RIGHT, cy=RIGHT)
    replayed, results, out = _session(pytester, monkeypatch, folders)
    engine, _, _ = _session(pytester, monkeypatch, folders, replay=False)
    assert replayed == engine
    for check in ("relu", "add"):
        assert len(engine[("ann", check)]) >= 5
        assert engine[("ann", check)] == engine[("bob", check)] == engine[("cy", check)]
    assert _engine_runs(out) == (2, 4)  # two checks generated (ann), four replayed (bob and cy)
    assert all(_passed(r) for r in results.values())


def test_a_failing_submission_fails_on_the_same_example_either_way(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A submission failing mid-way stops at the same example, with the same scores and messages, as under the engine.

    The stub and the wrong one fail (nothing recorded: their runs stop early), the right one
    records; the second wrong one fails on the replay at the same example as under the engine.
    """
    folders = _setup(pytester, a_stub=STUB, b_wrong=WRONG_BIG, c_right=RIGHT, d_wrong=WRONG_BIG, e_right=RIGHT)
    replayed, results, out = _session(pytester, monkeypatch, folders)
    engine, engine_results, _ = _session(pytester, monkeypatch, folders, replay=False)
    assert results == engine_results
    for check in ("relu", "add"):
        # the engine runs the failing example once more to report it; a replay stops at it
        wrong = replayed[("d_wrong", check)]
        assert engine[("d_wrong", check)] == [*wrong, wrong[-1]]
        assert len(engine[("a_stub", check)]) == 2  # the first example, and its reproduction
        assert 1 < len(wrong) < len(engine[("c_right", check)])
        assert wrong == engine[("c_right", check)][: len(wrong)]  # the same examples, up to the failure
    assert {k: v for k, v in replayed.items() if k[0] != "d_wrong"} == {
        k: v for k, v in engine.items() if k[0] != "d_wrong"}
    functions = results["b_wrong"]["modules"]["tensor_ops"]["functions"]
    assert functions["naive_relu"]["status"] == "failed" and "values differ" in functions["naive_relu"]["message"]
    assert _engine_runs(out) == (6, 4)  # a_stub, b_wrong, c_right ran the engine; d_wrong, e_right replayed


def test_records_on_disk_spare_the_engine_in_the_next_session(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    """With the spec's reference cache, a second session replays complete records from disk: the engine never runs."""
    folders = _setup(pytester, ann=RIGHT)
    first, _, out1 = _session(pytester, monkeypatch, folders, reference_cache=tmp_path)
    assert _engine_runs(out1) == (2, 0)
    assert len(list(tmp_path.glob("examples-*.npz"))) == 2
    second, results, out2 = _session(pytester, monkeypatch, folders, reference_cache=tmp_path)
    assert _engine_runs(out2) == (0, 2)
    assert first == second
    assert _passed(results["ann"])


def _draws_after_learner_calls(source: str) -> list[str]:
    """@given checks in ``source`` with a ``data.draw`` after their first call involving the learner."""
    found = []
    for fn in ast.parse(source).body:
        if not isinstance(fn, ast.FunctionDef) or not any("given" in ast.unparse(d) for d in fn.decorator_list):
            continue
        draws = [n.lineno for n in ast.walk(fn) if isinstance(n, ast.Call) and ast.unparse(n.func).endswith("data.draw")]
        calls = [n.lineno for n in ast.walk(fn) if isinstance(n, ast.Call)
                 and not ast.unparse(n.func).endswith("data.draw") and "learner" in ast.unparse(n)]
        if draws and calls and max(draws) > min(calls):
            found.append(f"{fn.name} (draw on line {max(draws)}, learner on line {min(calls)})")
    return found


def test_hidden_checks_draw_before_they_call_the_learner(root: Path) -> None:
    """Every hidden @given check draws all its values before it calls the learner, as replay requires.

    Replayed draws are only faithful when they cannot depend on what the learner returned
    (docs/writing-suites.md). The scan itself is shown to catch a check that draws afterwards.
    """
    late = textwrap.dedent("""
        @given(data=st.data())
        def test_late(learner, data):
            got = learner.call("f", 1)
            extra = data.draw(st.integers(0, got), label="n")
    """)
    assert _draws_after_learner_calls(late) == ["test_late (draw on line 5, learner on line 4)"]
    for suite in sorted((root / "grader" / "suites" / "hidden").glob("test_*.py")):
        assert _draws_after_learner_calls(suite.read_text(encoding="utf-8")) == [], suite.name
