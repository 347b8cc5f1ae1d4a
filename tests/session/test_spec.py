"""The session spec: one typed value in, one JSON file; every field checked, fail-closed, naming the field."""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from grader.api import SESSION_PLUGINS, run_session, session_env, session_spec, suite_file
from grader.paths import SUITES
from grader.results import Report, read_report
from grader.session.spec import _READERS, InvalidSpec, SessionSpec
from tests.session.specs import spec_arg


def _full() -> SessionSpec:
    """A spec with every field away from its default."""
    return SessionSpec(
        submissions={"ann": Path("/course/ann"), "bob 2": Path("/course/bob")},
        modules=("tensor_ops", "tensors"),
        hidden=False,
        only={"ann": frozenset({"naive_relu", "tensor_info"})},
        results={"ann": Path("/tmp/r/ann.json"), "bob 2": Path("/tmp/r/bob.json")},  # noqa: S108 - names only
        progress_fd=7,
        lang="zh",
        isolation="uid",
        hide=(Path("/course"),),
        reference_cache=Path("/course/dlgrade/reference-cache"),
        replay=False,
        cold_start=True,
        direct=True,
        quick_exit=True,
        inprocess=True,
    )


def test_every_field_is_read_from_json() -> None:
    """The JSON reader knows exactly the dataclass's fields (a new field cannot be forgotten by it)."""
    assert list(_READERS) == [f.name for f in dataclasses.fields(SessionSpec)]


def test_round_trip_through_a_file(tmp_path: Path) -> None:
    """Writing then reading gives the same spec, field for field; the file is plain JSON with every field."""
    spec = _full()
    path = spec.write(tmp_path / "spec.json")
    assert SessionSpec.read(path) == spec
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert list(raw) == list(_READERS)
    assert raw["only"] == {"ann": ["naive_relu", "tensor_info"]}
    assert raw["submissions"] == {"ann": "/course/ann", "bob 2": "/course/bob"}
    default = SessionSpec({"x": Path("/x")}, ("losses",))
    assert SessionSpec.read(default.write(tmp_path / "default.json")) == default


def test_a_spec_is_frozen_and_keeps_its_own_copies() -> None:
    """Neither the spec nor its mappings can be changed; changing what it was built from changes nothing."""
    submissions = {"ann": Path("/course/ann")}
    spec = SessionSpec(submissions, ("tensor_ops",))
    submissions["bob"] = Path("/course/bob")
    assert list(spec.submissions) == ["ann"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        spec.lang = "zh"  # type: ignore[misc]
    with pytest.raises(TypeError):
        spec.submissions["bob"] = Path("/course/bob")  # type: ignore[index]


BAD = [
    ("submissions", {}), ("submissions", []), ("submissions", {"a": 3}), ("submissions", {"a": "relative/dir"}),
    ("submissions", {"": "/x"}), ("submissions", {"a\nb": "/x"}),
    ("modules", []), ("modules", ["nope"]), ("modules", "tensor_ops"), ("modules", ["tensor_ops", "tensor_ops"]),
    ("hidden", "yes"), ("hidden", 1),
    ("only", {"zed": ["naive_relu"]}), ("only", {"ann": ["naive_dance"]}), ("only", {"ann": "naive_relu"}),
    ("results", {"zed": "/r.json"}), ("results", {"ann": "r.json"}),
    ("results", {"ann": "/r.json", "bob 2": "/r.json"}),
    ("progress_fd", -1), ("progress_fd", "3"), ("progress_fd", True), ("progress_fd", 1.5),
    ("lang", "fr"), ("lang", None),
    ("isolation", "namespace"), ("isolation", 3),
    ("hide", ["relative"]), ("hide", "/course"),
    ("reference_cache", "relative"), ("reference_cache", 5), ("reference_cache", ""),
    ("replay", "false"), ("cold_start", 0), ("direct", None), ("quick_exit", []), ("inprocess", "no"),
]


@pytest.mark.parametrize(("name", "value"), BAD, ids=[f"{n}={v!r}" for n, v in BAD])
def test_each_invalid_field_is_refused_by_name(tmp_path: Path, name: str, value: Any) -> None:
    """A spec file with one bad field is refused with an InvalidSpec (a ValueError) naming that field."""
    raw = _full().to_json()
    raw[name] = value
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(InvalidSpec) as refused:
        SessionSpec.read(path)
    assert refused.value.field == name
    assert str(refused.value).startswith(f"session spec: {name}: ")
    assert isinstance(refused.value, ValueError)


@pytest.mark.parametrize("name", list(_READERS))
def test_a_missing_field_is_refused_by_name(name: str) -> None:
    """Every field must be in the file: one left out is named, never filled in with a default."""
    raw = _full().to_json()
    del raw[name]
    with pytest.raises(InvalidSpec, match=f"session spec: {name}: is missing") as refused:
        SessionSpec.from_json(raw)
    assert refused.value.field == name


def test_an_unknown_field_is_refused_by_name() -> None:
    """A field the spec does not have (a typo, an old option) is named, not ignored."""
    with pytest.raises(InvalidSpec, match="session spec: isolaton: is not a field") as refused:
        SessionSpec.from_json({**_full().to_json(), "isolaton": "rlimits"})
    assert refused.value.field == "isolaton"


@pytest.mark.parametrize("content", [b"", b"{", b"[]", b"\xff", b"null"], ids=["empty", "truncated", "list", "binary", "null"])
def test_a_file_that_is_no_spec_is_refused(tmp_path: Path, content: bytes) -> None:
    """A file that is not a JSON object (or no file at all) is refused as a whole: field 'spec'."""
    path = tmp_path / "spec.json"
    path.write_bytes(content)
    with pytest.raises(InvalidSpec) as refused:
        SessionSpec.read(path)
    assert refused.value.field == "spec"
    with pytest.raises(InvalidSpec, match="cannot be read"):
        SessionSpec.read(tmp_path / "absent.json")


def test_a_spec_built_in_code_is_checked_too() -> None:
    """The same rules hold for a spec made in code: it cannot be built, so it cannot be written."""
    with pytest.raises(InvalidSpec, match="submissions: must be an absolute path"):
        SessionSpec({"ann": Path("relative")}, ("tensor_ops",))
    with pytest.raises(InvalidSpec, match="only: 'naive_relu' is not a function of tensors"):
        SessionSpec({"ann": Path("/a")}, ("tensors",), only={"ann": {"naive_relu"}})
    with pytest.raises(InvalidSpec, match="only: functions must be a collection"):
        SessionSpec({"ann": Path("/a")}, ("tensor_ops",), only={"ann": "naive_relu"})  # type: ignore[dict-item]


def test_the_api_reads_the_users_settings_when_it_builds_the_spec(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """DLGRADE_LANG and DLGRADE_ISOLATION are read by session_spec; explicit arguments win; paths become absolute."""
    monkeypatch.setenv("DLGRADE_LANG", "zh")
    monkeypatch.setenv("DLGRADE_ISOLATION", "rlimits")
    monkeypatch.chdir(tmp_path)
    spec = session_spec({"ann": Path("ann")}, ["tensor_ops"], hide=[Path("course")], reference_cache=Path("cache"))
    assert (spec.lang, spec.isolation) == ("zh", "rlimits")
    assert spec.submissions["ann"] == tmp_path.resolve() / "ann"
    assert spec.hide == (tmp_path.resolve() / "course",) and spec.reference_cache == tmp_path.resolve() / "cache"
    assert (spec.direct, spec.quick_exit, spec.replay, spec.cold_start, spec.inprocess) == (True, True, True, False, False)
    explicit = session_spec({"ann": Path("ann")}, ["tensor_ops"], lang="en", isolation="uid")
    assert (explicit.lang, explicit.isolation) == ("en", "uid")
    monkeypatch.setenv("DLGRADE_ISOLATION", "namespace")
    with pytest.raises(ValueError, match="DLGRADE_ISOLATION='namespace' is not an isolation level"):
        session_spec({"ann": Path("ann")}, ["tensor_ops"])


def test_run_session_refuses_session_options_as_pytest_arguments(tmp_path: Path) -> None:
    """The old --dlgrade-* options cannot come back through extra_args: refused before any session starts."""
    with pytest.raises(ValueError, match="--dlgrade-isolation is no session option"):
        run_session({"ann": tmp_path}, ["tensor_ops"], extra_args=["--dlgrade-isolation", "rlimits"])


def test_a_session_given_a_spec_reads_no_user_setting(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    """Inside a session the spec is all there is: DLGRADE_LANG and a DLGRADE_ISOLATION typo change nothing."""
    from tests.session.test_plugin import SUITE, _setup

    folders = _setup(pytester, SUITE)
    monkeypatch.setenv("DLGRADE_LANG", "zh")
    monkeypatch.setenv("DLGRADE_ISOLATION", "namespace")
    result = pytester.runpytest("-p", "grader.session.plugin", "-p", "no:cacheprovider", "-q",
                                spec_arg(pytester.path, folders, lang="en", inprocess=True))
    result.assert_outcomes(passed=3, failed=6)
    result.stdout.fnmatch_lines(["Score: 3.5 / *"])


def _without_timings(report: Report) -> dict[str, Any]:
    data = report.to_json()
    for module in data["modules"].values():
        del module["learner_seconds"], module["grading_seconds"]
    return data


def test_a_session_run_from_a_spec_file_reports_what_run_session_does(tmp_path: Path, root: Path) -> None:
    """A session of pytest given --dlgrade-spec FILE (the old options, as one file) reports what run_session does.

    A stub, the solution and a solution with a wrong naive_relu, graded by the public checks: each gets the
    report it always got (every point, none, all but naive_relu's).
    """
    folders = {name: tmp_path / name for name in ("stub", "right", "relu")}
    for folder in folders.values():
        folder.mkdir()
    shutil.copy(root / "exercises" / "tensor_ops.py", folders["stub"])
    shutil.copy(root / "solutions" / "tensor_ops.py", folders["right"])
    wrong = (root / "solutions" / "tensor_ops.py").read_text(encoding="utf-8") + "\n\ndef naive_relu(x):\n    return x\n"
    (folders["relu"] / "tensor_ops.py").write_text(wrong, encoding="utf-8")
    reports = run_session(folders, ["tensor_ops"], hidden=False, lang="en")

    spec = dataclasses.replace(session_spec(folders, ["tensor_ops"], hidden=False, lang="en"),
                               results={name: tmp_path / f"{name}.json" for name in folders})
    command = [sys.executable, "-m", "pytest", "-c", str(SUITES / "suites.ini"), "--rootdir", str(SUITES), *SESSION_PLUGINS,
               "--dlgrade-spec", str(spec.write(tmp_path / "spec.json")), str(suite_file("tensor_ops", hidden=False))]
    done = subprocess.run(command, cwd=tmp_path, env=session_env(), capture_output=True, text=True, check=False, timeout=600)
    assert done.returncode == 1, done.stdout[-2000:] + done.stderr[-2000:]  # the stub and the wrong one fail checks
    expected = {"tensor_ops": {f.name: f.max_points for f in reports["stub"].module("tensor_ops").functions}}
    for name in folders:
        assert _without_timings(read_report(spec.results[name], expected)) == _without_timings(reports[name]), name

    right, stub, relu = (reports[name] for name in ("right", "stub", "relu"))
    assert right.total == right.max_total
    assert stub.total == 0.0 and {f.status for f in stub.module("tensor_ops").functions} == {"not_implemented"}
    lost = {f.name for f in relu.module("tensor_ops").functions if f.points < f.max_points}
    assert lost == {"naive_relu"} and relu.module("tensor_ops").function("naive_relu").status == "failed"
