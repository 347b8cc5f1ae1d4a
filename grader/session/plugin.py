"""The pytest plugin: points, the ``learner`` fixture, per-function results.

* ``@pytest.mark.points(function, weight=1)`` says which catalogue function a test grades
  (the module is the test file's name, ``test_<module>.py``).
* The ``learner`` fixture hands a suite the learner's module: in its own process
  (default) or imported in-process (``--dlgrade-inprocess``, the learner's local checks).
* A :class:`Collector` kept in ``config.stash`` gathers each test's outcome; at the end of
  the session it prints the per-exercise table and writes the results file
  (``--dlgrade-json``), like pytest's own ``junitxml`` plugin.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import os
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from grader.catalogue import KERAS_MODULES, POINTS
from grader.feedback.echo import MESSAGE_LIMIT, excerpt
from grader.feedback.messages import both, language
from grader.feedback.text import render_text
from grader.paths import HIDDEN, REPO, SOLUTIONS
from grader.results import CheckOutcome, ModuleResult, Report, Status, history_from_json
from grader.runner.client import MODULE_BUDGET, InProcessLearner, IsolatedLearner, Learner
from grader.runner.errors import LearnerFault, LearnerRaised, UngradableValue
from grader.runner.forkserver import KERAS_PRELOAD, NUMPY_PRELOAD, ForkServer
from grader.runner.limits import Limits
from grader.runner.sandbox import Sandbox
from grader.session.direct_checks import DirectChecks, QuickExit, skip_request_signatures
from grader.session.files import CACHE_ENV, partial_results
from grader.session.progress import SessionProgress
from grader.session.replay import ExampleBook
from grader.session.scoring import score_function

KERAS_LIMITS = Limits(cpu_seconds=3600, memory_bytes=32 * 1024**3, threads=2)
"""Learner processes that train Keras models: TensorFlow reserves much address space (the
cap is on virtual memory), and two threads match the book's timings on 2 cores."""
KERAS_BUDGET = 1200.0
"""Seconds one Keras module may use in a session (training included)."""

HISTORY_PROPERTY = "dlgrade_history"
"""``record_property(HISTORY_PROPERTY, history)`` attaches a training's per-epoch metrics to
the function a check grades: the feedback draws its learning curves."""

LOCAL = "local"
"""Submission id used when no ``--dlgrade-submission`` is given (the rootdir)."""


@dataclass
class Collector:
    """Outcomes of every check, by (submission, module, function)."""

    submissions: dict[str, Path]
    lang: str
    only: dict[str, frozenset[str]]
    sandbox: Sandbox | None = None
    learners: dict[tuple[str, str], IsolatedLearner] = field(default_factory=dict)
    """Each (submission, module)'s isolated learner, for how long its functions ran (diagnostics)."""
    grading_seconds: dict[tuple[str, str], float] = field(default_factory=dict)
    """Seconds of set-up, call and teardown of each (submission, module)'s checks (diagnostics)."""
    warm: dict[str, ForkServer] | None = None
    """Warm runners by kind of module (``None``: learner processes start from scratch)."""
    prestarted: dict[tuple[str, str], IsolatedLearner] = field(default_factory=dict)
    """Learners started ahead of their checks (see :func:`_prestart_next`), not yet handed to them."""
    outcomes: dict[tuple[str, str, str], list[CheckOutcome]] = field(default_factory=dict)
    histories: dict[tuple[str, str, str], dict[str, tuple[float, ...]]] = field(default_factory=dict)
    modules: list[str] = field(default_factory=list)

    def add(self, submission: str, module: str, function: str, outcome: CheckOutcome) -> None:
        """Record one check's outcome."""
        self.outcomes.setdefault((submission, module, function), []).append(outcome)

    def report(self, submission: str) -> Report:
        """Score every function of every collected module for one submission."""
        modules = []
        for module in self.modules:
            wanted = self.only.get(submission)
            results = tuple(
                score_function(
                    name,
                    points,
                    self.outcomes.get((submission, module, name), []),
                    self.lang,
                    self.histories.get((submission, module, name)),
                )
                for name, points in POINTS[module].items()
                if wanted is None or name in wanted
            )
            if results:
                key = (submission, module)
                handle = self.learners.get(key)
                modules.append(ModuleResult(module, results, handle.learner_seconds if handle is not None else 0.0,
                                            self.grading_seconds.get(key, 0.0)))
        isolation = self.sandbox.level if self.sandbox is not None else "in-process"
        return Report(tuple(modules), self.lang, isolation)


collector_key = pytest.StashKey[Collector]()
examples_key = pytest.StashKey[ExampleBook]()


def pytest_addoption(parser: pytest.Parser) -> None:
    """Register dlgrade's command-line options."""
    group = parser.getgroup("dlgrade")
    group.addoption("--dlgrade-submission", action="append", default=[], metavar="ID=DIR",
                    help="grade the modules in DIR as submission ID (repeatable)")
    group.addoption("--dlgrade-only", action="append", default=[], metavar="ID=F1,F2",
                    help="grade only these functions of submission ID")
    group.addoption("--dlgrade-json", default=None, metavar="FILE", help="write the results file here")
    group.addoption("--dlgrade-progress-fd", type=int, default=None, metavar="FD",
                    help="write 'done <id>' to file descriptor FD as each submission's checks finish")
    group.addoption("--dlgrade-inprocess", action="store_true",
                    help="import learner modules in this process (local checks only, never for grading)")
    group.addoption("--dlgrade-hide", action="append", default=[], metavar="DIR",
                    help="also hide DIR from learner processes (where the machine allows it)")
    group.addoption("--dlgrade-no-replay", action="store_true",
                    help="run Hypothesis's engine for every submission instead of replaying the first run's examples")
    group.addoption("--dlgrade-cold-start", action="store_true",
                    help="start every learner process from scratch instead of forking it from a warm runner")
    group.addoption("--dlgrade-direct", action="store_true",
                    help="record passed checks without pytest reports (grading sessions: results go to the file)")
    group.addoption("--dlgrade-quick-exit", action="store_true",
                    help="end the process at once when the session is done (a session run in its own process)")
    group.addoption("--dlgrade-isolation", default=None, metavar="LEVEL",
                    help="isolation level the caller already detected on this machine (no probe; default: detect)")
    group.addoption("--lang", default=None, choices=("en", "zh"),
                    help="feedback language (default: DLGRADE_LANG, else the locale)")


def _pairs(values: list[str], option: str) -> Iterator[tuple[str, str]]:
    for value in values:
        key, sep, rest = value.partition("=")
        if not sep or not key:
            raise pytest.UsageError(f"{option} expects ID=VALUE, got {value!r}")
        yield key, rest


def pytest_configure(config: pytest.Config) -> None:
    """Register the markers and create the collector."""
    config.addinivalue_line("markers", "points(function, weight=1): the catalogue function a check grades")
    config.addinivalue_line("markers", "slow: a check that trains a model or reads a large file")
    submissions = {k: Path(v).resolve() for k, v in _pairs(config.getoption("dlgrade_submission"), "--dlgrade-submission")}
    if not submissions:
        submissions = {LOCAL: config.rootpath}
    only = {k: frozenset(v.split(",")) for k, v in _pairs(config.getoption("dlgrade_only"), "--dlgrade-only")}
    hide = [*default_hidden(), *(Path(p) for p in config.getoption("dlgrade_hide"))]
    try:
        sandbox = None if config.getoption("dlgrade_inprocess") else Sandbox.detect(hide, config.getoption("dlgrade_isolation"))
    except (ValueError, RuntimeError) as exc:  # DLGRADE_ISOLATION names no level, or one this machine lacks
        raise pytest.UsageError(str(exc)) from exc
    collector = Collector(submissions, language(config.getoption("lang")), only, sandbox)
    if sandbox is not None and not config.getoption("dlgrade_cold_start"):
        collector.warm = {}
    config.stash[collector_key] = collector
    config.pluginmanager.register(QuietFailures(), "dlgrade-quiet-failures")
    progress_fd = config.getoption("dlgrade_progress_fd")
    progress = None
    if progress_fd is not None:
        target = config.getoption("dlgrade_json")
        write = functools.partial(_write_partial, collector, Path(target)) if target and len(submissions) > 1 else None
        progress = SessionProgress(progress_fd, _submission_of, write)
        config.pluginmanager.register(progress, "dlgrade-progress")
    if config.getoption("dlgrade_direct"):
        skip_request_signatures()
        config.pluginmanager.register(DirectChecks(record_phase, progress.finished if progress else None),
                                      "dlgrade-direct-checks")
    if config.getoption("dlgrade_quick_exit"):
        config.pluginmanager.register(QuickExit(), "dlgrade-quick-exit")
    cache = os.environ.get(CACHE_ENV)
    config.stash[examples_key] = ExampleBook(Path(cache) if cache else None)


def _write_partial(collector: Collector, target: Path, submission: str) -> None:
    """Write one graded submission's results file (see :func:`grader.session.files.partial_results`)."""
    index = list(collector.submissions).index(submission)
    path = partial_results(target, index)
    staged = path.with_name(f".{path.name}")
    staged.write_text(json.dumps(collector.report(submission).to_json(), ensure_ascii=False), encoding="utf-8")
    os.replace(staged, path)  # whole or not at all


def default_hidden() -> list[Path]:
    """What learner processes never see: solutions, hidden suites, tests, the repository."""
    candidates = [HIDDEN, SOLUTIONS, REPO / "tests", REPO / ".git", REPO / "demo"]
    return [p for p in candidates if p.is_dir()]


def module_of(item: pytest.Item | pytest.Module) -> str:
    """The graded module a test file belongs to: ``test_tensor_ops.py`` → ``tensor_ops``."""
    stem = item.path.stem  # pytest's own Path (parsing the path again costs 40 µs a call, ~8 calls per check)
    return stem[len("test_"):] if stem.startswith("test_") else stem


def _function_of(item: pytest.Item) -> str:
    marks = list(item.iter_markers("points"))
    if len(marks) != 1 or not marks[0].args:
        raise pytest.UsageError(f"{item.nodeid}: every check needs exactly one @pytest.mark.points(function, ...)")
    function = str(marks[0].args[0])
    module = module_of(item)
    if module not in POINTS or function not in POINTS[module]:
        raise pytest.UsageError(f"{item.nodeid}: {module}.{function} is not in the points table")
    return function


def _weight(item: pytest.Item) -> float:
    mark = item.get_closest_marker("points")
    assert mark is not None  # checked at collection  # noqa: S101 - internal invariant
    return float(mark.kwargs.get("weight", 1))


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run every check once per submission when several are graded in one session."""
    if "learner" not in metafunc.fixturenames:
        return
    ids = list(metafunc.config.stash[collector_key].submissions)
    if len(ids) > 1:
        metafunc.parametrize("learner", ids, indirect=True, scope="module", ids=ids)


@dataclass(frozen=True)
class _Check:
    """What recording a check's phases needs of it, read from its marker and parameters once, at collection.

    Each check records three phases; reading these again for each (markers walked up the node
    chain, the module from the file name) cost ~5 % of a grading session's per-check work.
    """

    submission: str
    module: str
    function: str
    weight: float
    name: str


check_key = pytest.StashKey[_Check]()


def _check_of(item: pytest.Item) -> _Check:
    return _Check(_submission_of(item), module_of(item), _function_of(item), _weight(item),
                  getattr(item, "originalname", item.name))


def _submission_of(item: pytest.Item) -> str:
    callspec = getattr(item, "callspec", None)
    if callspec is not None and "learner" in callspec.params:
        return str(callspec.params["learner"])
    return next(iter(item.config.stash[collector_key].submissions))


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    """Check every test's marker; apply ``--dlgrade-only``; remember the modules."""
    collector = config.stash[collector_key]
    keep: list[pytest.Item] = []
    drop: list[pytest.Item] = []
    for item in items:
        check = item.stash[check_key] = _check_of(item)
        if check.module not in collector.modules:
            collector.modules.append(check.module)
        wanted = collector.only.get(check.submission)
        (keep if wanted is None or check.function in wanted else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
    if collector.warm is not None and not config.getoption("collectonly"):
        for module in {module_of(item) for item in keep}:  # their imports overlap the session's own
            _warm_runner(collector, module).launch()


def _warm_runner(collector: Collector, module: str) -> ForkServer:
    """The session's warm runner for ``module``'s kind (NumPy or Keras), created on first use."""
    assert collector.warm is not None  # noqa: S101 - callers check
    keras = module in KERAS_MODULES
    kind, limits = ("keras", KERAS_LIMITS) if keras else ("numpy", Limits())
    if kind not in collector.warm:
        collector.warm[kind] = ForkServer(limits, KERAS_PRELOAD if keras else NUMPY_PRELOAD)
    return collector.warm[kind]


def example_key(item: pytest.Item) -> str:
    """The key hypothesis derives a check's examples from: the same for every submission.

    Hypothesis's pytest plugin keys a parametrised test's examples on its node id, which
    holds the learner's id when several submissions share a session: two learners with the
    same code would then get different examples (and a learner graded alone other examples
    than in a batch). This key leaves out the learner and the rootdir.
    """
    callspec = getattr(item, "callspec", None)
    params = ""
    if callspec is not None:
        ids = list(getattr(callspec, "_idlist", [callspec.id]))
        if "learner" in callspec.params and str(callspec.params["learner"]) in ids:
            ids.remove(str(callspec.params["learner"]))
        params = "-".join(ids)
    name = getattr(item, "originalname", item.name)
    return f"{module_of(item)}::{name}" + (f"[{params}]" if params else "")


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run a @given check on the same examples whichever submission it grades.

    Its examples are keyed on :func:`example_key`, and it runs through the session's
    :class:`~grader.session.replay.ExampleBook` (unless ``--dlgrade-no-replay``).
    """
    inner = getattr(getattr(pyfuncitem.obj, "hypothesis", None), "inner_test", None)
    if inner is None:
        return None
    key = example_key(pyfuncitem)
    inner._hypothesis_internal_add_digest = key.encode()
    if pyfuncitem.config.getoption("dlgrade_no_replay"):
        return None
    fixtures = {name: pyfuncitem.funcargs[name] for name in pyfuncitem._fixtureinfo.argnames}
    suite = _suite_bytes(Path(str(pyfuncitem.path)))
    pyfuncitem.config.stash[examples_key].run(key, pyfuncitem.obj, fixtures, suite)
    return True


@functools.cache
def _suite_bytes(path: Path) -> bytes:
    return path.read_bytes()


@pytest.fixture(scope="module")
def learner(request: pytest.FixtureRequest) -> Iterator[Learner]:
    """The learner's module under test (see :class:`grader.runner.client.Learner`)."""
    collector = request.config.stash[collector_key]
    submission = getattr(request, "param", None) or next(iter(collector.submissions))
    module = module_of(request.node)
    path = collector.submissions[submission]
    handle: Learner
    if request.config.getoption("dlgrade_inprocess"):
        handle = InProcessLearner(path, module)
    else:
        ahead = collector.prestarted.pop((submission, module), None)
        isolated = ahead if ahead is not None else _isolated(collector, path, module)
        collector.learners[(submission, module)] = isolated
        _prestart_next(collector, submission, module)
        handle = isolated
    yield handle
    handle.close()


def _isolated(collector: Collector, path: Path, module: str) -> IsolatedLearner:
    assert collector.sandbox is not None  # set whenever not in-process  # noqa: S101 - invariant
    sandbox = dataclasses.replace(collector.sandbox)
    keras = module in KERAS_MODULES
    limits = KERAS_LIMITS if keras else Limits()
    server = _warm_runner(collector, module) if collector.warm is not None else None
    budget = KERAS_BUDGET if keras else MODULE_BUDGET
    return IsolatedLearner(path, module, limits=limits, sandbox=sandbox, budget=budget, forkserver=server)


def _prestart_next(collector: Collector, submission: str, module: str) -> None:
    """Start the next submission's learner for ``module`` while this one's checks run.

    Its fork, sandbox and import (~55 ms a submission) then overlap this submission's checks,
    which keep a core about 80 % busy (they wait for the learner's answers), instead of
    delaying the next one's first check. Only NumPy modules with a warm runner, at the
    ``namespaces`` level (each learner in a pids cgroup of its own: one's processes never
    count against, or get killed with, another's); a Keras learner, training for minutes
    against its budget, does not share its cores with another's start.
    """
    if (collector.warm is None or module in KERAS_MODULES or collector.sandbox is None
            or collector.sandbox.level != "namespaces"):
        return
    order = list(collector.submissions)
    at = order.index(submission) + 1
    if at == len(order):
        return
    key = (order[at], module)
    if key not in collector.prestarted and key not in collector.learners:
        handle = _isolated(collector, collector.submissions[order[at]], module)
        collector.prestarted[key] = handle
        handle.prestart()


def _classify(exc: BaseException) -> tuple[Status, dict[str, str]]:
    if isinstance(exc, BaseExceptionGroup) and exc.exceptions:
        return _classify(exc.exceptions[0])
    texts = getattr(exc, "texts", None)
    status: Status
    if isinstance(exc, LearnerRaised):
        where = f" ({exc.where})" if exc.where else ""
        return "error", both("raised", type=exc.type_name, detail=exc.detail, where=where)
    if isinstance(exc, LearnerFault):
        status = exc.status  # type: ignore[assignment]
        key = {"not_implemented": "not_implemented", "timeout": "timeout"}.get(status, "crashed")
        if type(exc).__name__ == "LearnerImportFailed":
            key = "import_failed"
        elif type(exc).__name__ == "FunctionMissing":
            key = "missing"
        return status, both(key, detail=str(exc))
    if isinstance(exc, UngradableValue):
        return "failed", both("ungradable", detail=str(exc))
    if isinstance(exc, AssertionError):
        status = getattr(exc, "status", "failed")
        # a bare assert's message (pytest's rewriting) shows the values compared: the learner's too
        return status, texts if isinstance(texts, dict) else dict.fromkeys(("en", "zh"), excerpt(str(exc)))
    # a suite's own error may quote what the learner returned (float("<a returned string>"))
    return "error", both("grader_error", detail=excerpt(f"{type(exc).__name__}: {exc}"))


def _learner_side(exc: BaseException) -> bool:
    """Whether a failure is about the learner's code (shown as a message, no traceback)."""
    if isinstance(exc, BaseExceptionGroup) and exc.exceptions:
        return _learner_side(exc.exceptions[0])
    return isinstance(exc, (LearnerFault, AssertionError))


class QuietFailures:
    """Reports of failed checks whose failure is the learner's, without the traceback nobody reads.

    pytest formats every failure's traceback (about 2 ms each, a few hundred per batch of
    partial submissions); dlgrade's own ``pytest_runtest_makereport`` wrapper replaces it by the
    message anyway. Everything else is what ``TestReport.from_item_and_call`` puts in a report.
    (A plugin of its own: this module's hook of that name is the wrapper.)
    """

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]) -> pytest.TestReport | None:
        """The report of a learner-side failure of a graded check (None: pytest makes the report)."""
        if (call.when != "call" or call.excinfo is None or item.get_closest_marker("points") is None
                or not _learner_side(call.excinfo.value)):
            return None
        sections = [(f"Captured {key} {when}", content) for when, key, content in item._report_sections]
        return pytest.TestReport(item.nodeid, item.location, dict.fromkeys(item.keywords, 1), "failed",
                                 "(the learner's failure: see the message)", "call", sections, call.duration,
                                 call.start, call.stop, user_properties=item.user_properties)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, Any]:
    """Record each check's outcome; replace tracebacks of learner faults by the message."""
    report = yield
    error = call.excinfo.value if call.excinfo is not None else None
    if call.when == "setup" and not report.failed:
        error = None  # a set-up that skipped the check gives no outcome, only its time
    message = record_phase(item, call.when, error, report.duration)
    if message is not None:
        report.longrepr = message
    return report


def record_phase(item: pytest.Item, when: str, error: BaseException | None, duration: float) -> str | None:
    """Record one phase (setup, call, teardown) of a check: its time, and the check's outcome.

    The outcome comes from the call, or from a setup that failed (the call does not run then).

    Returns:
        The feedback message of a learner-side failure (it replaces the traceback), else None.
    """
    check = item.stash.get(check_key, None)
    if check is None:  # not collected through this plugin's collection hook
        if item.get_closest_marker("points") is None:
            return None
        check = _check_of(item)
    collector = item.config.stash[collector_key]
    submission, module, function = check.submission, check.module, check.function
    where = (submission, module)
    collector.grading_seconds[where] = collector.grading_seconds.get(where, 0.0) + duration
    if not (when == "call" or (when == "setup" and error is not None)):
        return None
    message = None
    if error is None:
        outcome = CheckOutcome(check.name, check.weight, "passed")
    else:
        status, texts = _classify(error)
        # the last guard: whatever learner text a message quotes, it is one bounded line (grader.feedback.echo)
        texts = {lang: excerpt(str(message), MESSAGE_LIMIT) for lang, message in texts.items()}
        outcome = CheckOutcome(check.name, check.weight, status, texts)
        if _learner_side(error):
            message = texts.get(collector.lang, texts.get("en", ""))
    collector.add(submission, module, function, outcome)
    for key, value in item.user_properties:
        if key == HISTORY_PROPERTY:
            history = history_from_json(value)
            if history:
                collector.histories[(submission, module, function)] = history
    return message


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    """Print the per-exercise table for each submission."""
    collector = config.stash[collector_key]
    book = config.stash[examples_key]
    if book.generated or book.replayed:
        terminalreporter.write_line(f"dlgrade: Hypothesis's engine ran {book.generated} @given checks; "
                                    f"{book.replayed} replayed recorded examples")
    for submission in collector.submissions:
        report = collector.report(submission)
        if report.modules:
            title = None if len(collector.submissions) == 1 else f"== {submission} =="
            terminalreporter.write_line("")
            terminalreporter.write_line(render_text(report, collector.lang, title=title))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Stop learners started ahead and the warm runners; write the results file."""
    config = session.config
    for handle in config.stash[collector_key].prestarted.values():  # started for checks that never ran
        handle.close()
    for server in (config.stash[collector_key].warm or {}).values():
        server.close()
    target = config.getoption("dlgrade_json")
    if not target:
        return
    collector = config.stash[collector_key]
    reports = {s: collector.report(s).to_json() for s in collector.submissions}
    data = next(iter(reports.values())) if len(reports) == 1 else {"submissions": reports}
    Path(target).write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
