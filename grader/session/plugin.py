"""The pytest plugin: points, the ``learner`` fixture, per-function results.

* ``@pytest.mark.points(function, weight=1)`` says which catalogue function a test grades
  (the module is the test file's name, ``test_<module>.py``).
* The ``learner`` fixture hands a suite the learner's module: in its own process
  (default) or imported in-process (``--dlgrade-inprocess``, the learner's local checks).
* A grading session is told what to do by one file, ``--dlgrade-spec FILE`` (a
  :class:`~grader.session.spec.SessionSpec`, read once here at configure time); without it the
  session is the learner's local checks (``--dlgrade-inprocess``, ``--lang``) of their exercises
  folder (see :func:`local_folder`), and checks in other folders are left alone.
* A :class:`Collector` kept in ``config.stash`` gathers each test's outcome; it prints the
  per-exercise table and writes each submission's results file (the spec's ``results``) as
  soon as its checks have run, like pytest's own ``junitxml`` plugin.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
from collections.abc import Callable, Generator, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import hypothesis
import pytest

from grader import extras
from grader.authoring.references import use_cache_folder
from grader.catalogue import KERAS_MODULES, MODULES, POINTS, USES
from grader.compat import DirectChecks
from grader.feedback.echo import MESSAGE_LIMIT, excerpt
from grader.feedback.messages import both, language, preference, text
from grader.feedback.text import render_text
from grader.paths import HIDDEN, REPO, SOLUTIONS
from grader.results import CheckOutcome, ModuleResult, Report, Status, history_from_json, write_report
from grader.runner.errors import LearnerFault, LearnerRaised, UngradableValue
from grader.runner.local import InProcessLearner, Learner
from grader.runner.substitutes import Substitutes
from grader.session.autoload import exercises_key, is_exercises
from grader.session.direct_checks import QuickExit
from grader.session.progress import SessionProgress
from grader.session.replay import ExampleBook
from grader.session.scoring import score_function
from grader.session.spec import SessionSpec

if TYPE_CHECKING:  # the isolated runner is imported only by grading sessions: a learner's local checks never load it
    from grader.runner.client import IsolatedLearner
    from grader.runner.forkserver import ForkServer
    from grader.runner.limits import Limits
    from grader.runner.sandbox import Sandbox

KERAS_LIMITS = {"cpu_seconds": 3600, "memory_bytes": 32 * 1024**3, "threads": 2}
"""Limits of learner processes that train Keras models: TensorFlow reserves much address space (the
cap is on virtual memory), and two threads match the book's timings on 2 cores."""
KERAS_BUDGET = 1200.0
"""Seconds one Keras module may use in a session (training included)."""

HISTORY_PROPERTY = "dlgrade_history"
"""``record_property(HISTORY_PROPERTY, history)`` attaches a training's per-epoch metrics to
the function a check grades: the feedback draws its learning curves."""

LOCAL = "local"
"""Submission id of the learner's local checks (no ``--dlgrade-spec``: the rootdir)."""


@dataclass
class Collector:
    """Outcomes of every check, by (submission, module, function)."""

    spec: SessionSpec
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
    written: set[str] = field(default_factory=set)
    """Submissions whose results file is written."""
    scope: Path | None = None
    """The learner's exercises folder: only checks there are dlgrade's (``None``: every collected test is a check)."""
    unavailable: list[str] = field(default_factory=list)
    """Keras modules a learner's local checks leave out: Keras is not installed (a message says how to get it)."""

    @property
    def submissions(self) -> Mapping[str, Path]:
        """Submission id → folder, in grading order."""
        return self.spec.submissions

    @property
    def lang(self) -> str:
        """The feedback language."""
        return self.spec.lang

    @property
    def only(self) -> Mapping[str, frozenset[str]]:
        """Submission id → the only functions graded for it."""
        return self.spec.only

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
    """Register dlgrade's command-line options: a grading session's spec, and the learner's local options."""
    group = parser.getgroup("dlgrade")
    group.addoption("--dlgrade-spec", default=None, metavar="FILE",
                    help="grade as this session spec says (a JSON file written by grader.api.run_session)")
    group.addoption("--dlgrade-inprocess", action="store_true",
                    help="import learner modules in this process (local checks only, never for grading)")
    # registered only in dlgrade's own runs (its pytest.ini, or the autoload entry point in an exercises folder)
    group.addoption("--lang", "--dlgrade-lang", dest="lang", default=None, choices=("en", "zh"),
                    help="feedback language (default: DLGRADE_LANG, else the locale)")


def spec_of(config: pytest.Config) -> SessionSpec:
    """The session's spec: ``--dlgrade-spec``'s file, else the learner's local checks of the rootdir.

    Raises:
        pytest.UsageError: the spec file is not a valid spec (naming the field), or local options come with it.
    """
    path = config.getoption("dlgrade_spec")
    inprocess, lang = config.getoption("dlgrade_inprocess"), config.getoption("lang")
    if path is None:
        folder, _ = local_folder(config)
        inprocess = inprocess or exercises_key in config.stash  # what the exercises' pytest.ini would have said
        return SessionSpec({LOCAL: folder}, MODULES, hidden=False, lang=language(lang), inprocess=inprocess)
    if inprocess or lang is not None:
        raise pytest.UsageError("--dlgrade-spec says everything a grading session does: "
                                "--dlgrade-inprocess and --lang are for local checks only")
    try:
        return SessionSpec.read(Path(path))
    except ValueError as exc:
        raise pytest.UsageError(str(exc)) from exc


def local_folder(config: pytest.Config) -> tuple[Path, bool]:
    """The learner's folder of local checks, and whether it is marked as dlgrade exercises.

    The folder the autoload entry point found (:mod:`grader.session.autoload`); else the
    ini file's folder when it is an exercises folder's ``pytest.ini`` (an IDE may set another
    rootdir); else the rootdir.
    """
    found = config.stash.get(exercises_key, None)
    if found is not None:
        return found, True
    if config.inipath is not None and is_exercises(config.inipath.parent):
        return config.inipath.parent, True
    return config.rootpath, False


def pytest_configure(config: pytest.Config) -> None:
    """Register the markers; read the spec once; create the collector and the session's plugin objects."""
    config.addinivalue_line("markers", "points(function, weight=1): the catalogue function a check grades")
    config.addinivalue_line("markers", "slow: a check that trains a model or reads a large file")
    spec = spec_of(config)
    hide = [*default_hidden(), *spec.hide]
    try:
        # no level in the spec: the strongest here (the user's DLGRADE_ISOLATION was read when the spec was built)
        sandbox = None if spec.inprocess else _sandbox(hide, spec.isolation)
    except (ValueError, RuntimeError) as exc:
        raise pytest.UsageError(str(exc)) from exc
    collector = Collector(spec, sandbox)
    if config.getoption("dlgrade_spec") is None and local_folder(config)[1]:
        collector.scope = spec.submissions[LOCAL]
    if sandbox is not None and not spec.cold_start:
        collector.warm = {}
    config.stash[collector_key] = collector
    progress = None
    if spec.progress_fd is not None or spec.results:
        fd = -1 if spec.progress_fd is None else spec.progress_fd  # -1: results files only, no lines
        progress = SessionProgress(fd, _submission_of, functools.partial(_write_results, collector))
        config.pluginmanager.register(progress, "dlgrade-progress")
    if spec.direct:
        config.pluginmanager.register(DirectChecks(record_phase, progress.finished if progress else None),
                                      "dlgrade-direct-checks")
    if spec.quick_exit:
        config.pluginmanager.register(QuickExit(), "dlgrade-quick-exit")
    use_cache_folder(spec.reference_cache)
    config.stash[examples_key] = ExampleBook(spec.reference_cache)


def pytest_unconfigure(config: pytest.Config) -> None:
    """Forget the session's reference cache folder (a test's inline sessions share this process)."""
    use_cache_folder(None)


def _write_results(collector: Collector, submission: str) -> None:
    """Write one graded submission's results file, once (the batch records it while the session grades the next)."""
    path = collector.spec.results.get(submission)
    if path is not None and submission not in collector.written:
        write_report(path, collector.report(submission))
        collector.written.add(submission)


def default_hidden() -> list[Path]:
    """What learner processes never see: solutions, hidden suites, tests, the repository."""
    candidates = [HIDDEN, SOLUTIONS, REPO / "tests", REPO / ".git", REPO / "demo"]
    return [p for p in candidates if p.is_dir()]


def module_of(item: pytest.Item | pytest.Module) -> str:
    """The graded module a test file belongs to: ``test_tensor_ops.py`` → ``tensor_ops``."""
    stem = item.path.stem  # pytest's own Path: parsing the path again, several times per check, adds up
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
    chain, the module from the file name) was a visible share of a grading session's per-check work.
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
    """Check every test's marker and module; apply the spec's ``only``; remember the modules."""
    collector = config.stash[collector_key]
    keep: list[pytest.Item] = []
    drop: list[pytest.Item] = []
    for item in items:
        if collector.scope is not None and item.path.parent != collector.scope:
            keep.append(item)  # not a dlgrade check: another folder's test, left to pytest
            continue
        check = item.stash[check_key] = _check_of(item)
        if check.module not in collector.modules:
            if check.module not in collector.spec.modules:
                raise pytest.UsageError(f"{item.nodeid}: {check.module} is not a module of the session's spec")
            collector.modules.append(check.module)
        wanted = collector.only.get(check.submission)
        (keep if wanted is None or check.function in wanted else drop).append(item)
    if config.getoption("dlgrade_spec") is None:
        keep = _set_aside_keras(collector, keep, drop)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
    if collector.warm is not None and not config.getoption("collectonly"):
        for module in {item.stash[check_key].module for item in keep if check_key in item.stash}:  # overlap the session's imports
            _warm_runner(collector, module).launch()


def _set_aside_keras(collector: Collector, keep: list[pytest.Item], drop: list[pytest.Item]) -> list[pytest.Item]:
    """Without Keras here, move a learner's Keras modules' checks to ``drop`` (one message each, not one per check)."""
    _, aside = extras.checkable(collector.modules, KERAS_MODULES)
    if not aside:
        return keep
    collector.unavailable = aside
    collector.modules = [m for m in collector.modules if m not in aside]
    drop.extend(item for item in keep if check_key in item.stash and item.stash[check_key].module in aside)
    return [item for item in keep if not (check_key in item.stash and item.stash[check_key].module in aside)]


def _sandbox(hide: list[Path], level: str | None) -> Sandbox:
    """The grading session's sandbox: the spec's level, else the strongest here (no environment read)."""
    from grader.runner.sandbox import Sandbox, detect_level

    return Sandbox.detect(hide, level or detect_level(""))


def learner_limits(module: str) -> Limits:
    """The learner process's limits for ``module`` (Keras modules train: more time, memory and threads)."""
    from grader.runner.limits import Limits

    return Limits(**KERAS_LIMITS) if module in KERAS_MODULES else Limits()


def _warm_runner(collector: Collector, module: str) -> ForkServer:
    """The session's warm runner for ``module``'s kind (NumPy or Keras), created on first use."""
    from grader.runner.forkserver import KERAS_PRELOAD, NUMPY_PRELOAD, ForkServer

    assert collector.warm is not None  # noqa: S101 - callers check
    keras = module in KERAS_MODULES
    kind, limits = ("keras" if keras else "numpy"), learner_limits(module)
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
        params = callspec.id
        if "learner" in callspec.params:
            params = _without_id(params, str(callspec.params["learner"]))
    name = getattr(item, "originalname", item.name)
    return f"{module_of(item)}::{name}" + (f"[{params}]" if params else "")


def _without_id(joined: str, part: str) -> str:
    """A parametrised check's id (its parameters' ids joined by ``-``) without ``part``, its first or last id.

    The learner's parametrisation (:func:`pytest_generate_tests`) comes before or after all of a
    suite's own, so its id is at one end of the joined id.
    """
    if joined == part:
        return ""
    if joined.startswith(f"{part}-"):
        return joined[len(part) + 1:]
    if joined.endswith(f"-{part}"):
        return joined[: -len(part) - 1]
    return joined


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run a @given check on the same examples whichever submission it grades.

    Its examples are keyed on :func:`example_key`, and it runs through the session's
    :class:`~grader.session.replay.ExampleBook` (unless the spec turns ``replay`` off).
    """
    inner = getattr(getattr(pyfuncitem.obj, "hypothesis", None), "inner_test", None)
    if inner is None or check_key not in pyfuncitem.stash:  # not a dlgrade check (another folder's test)
        return None
    key = example_key(pyfuncitem)
    hypothesis.seed(key)(pyfuncitem.obj)  # Hypothesis's engine draws from the key, not from the node id
    if not pyfuncitem.config.stash[collector_key].spec.replay:
        return None
    fixtures = {name: pyfuncitem.funcargs[name] for name in _fixture_names(pyfuncitem.obj)}
    suite = _suite_bytes(Path(str(pyfuncitem.path)))
    pyfuncitem.config.stash[examples_key].run(key, pyfuncitem.obj, fixtures, suite)
    return True


@functools.cache
def _fixture_names(check: Callable[..., object]) -> tuple[str, ...]:
    """The arguments pytest passes a ``@given`` check: those of its signature (without what Hypothesis draws) with no default."""
    parameters = inspect.signature(check).parameters.values()
    return tuple(p.name for p in parameters if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY) and p.default is p.empty)


@functools.cache
def _suite_bytes(path: Path) -> bytes:
    return path.read_bytes()


@pytest.fixture(scope="module")
def learner(request: pytest.FixtureRequest) -> Iterator[Learner]:
    """The learner's module under test (see :class:`grader.runner.local.Learner`)."""
    collector = request.config.stash[collector_key]
    submission = getattr(request, "param", None) or next(iter(collector.submissions))
    module = module_of(request.node)
    path = collector.submissions[submission]
    handle: Learner
    if collector.spec.inprocess:
        handle = InProcessLearner(path, module, substitutes(module))
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
    from grader.runner.client import MODULE_BUDGET, IsolatedLearner

    keras = module in KERAS_MODULES
    limits = learner_limits(module)
    server = _warm_runner(collector, module) if collector.warm is not None else None
    budget = KERAS_BUDGET if keras else MODULE_BUDGET
    return IsolatedLearner(path, module, limits=limits, sandbox=sandbox, budget=budget, forkserver=server,
                           substitutes=substitutes(module))


@functools.cache
def substitutes(module: str) -> Substitutes | None:
    """The reference versions of ``module``'s functions, read once (None where no solution is readable: local checks)."""
    return Substitutes.read(module, SOLUTIONS / f"{module}.py", USES.get(module, {}))


def _prestart_next(collector: Collector, submission: str, module: str) -> None:
    """Start the next submission's learner for ``module`` while this one's checks run.

    Its fork, sandbox and import then overlap this submission's checks, which leave a core
    partly idle (they wait for the learner's answers), instead of
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
        status = exc.status
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
    note = preference(config.getoption("lang")).note if config.getoption("dlgrade_spec") is None else ""
    for submission in collector.submissions:
        report = collector.report(submission)
        if report.modules:
            if note:  # once, above the learner's first table
                terminalreporter.write_line("")
                terminalreporter.write_line(note)
                note = ""
            title = None if len(collector.submissions) == 1 else f"== {submission} =="
            terminalreporter.write_line("")
            terminalreporter.write_line(render_text(report, collector.lang, title=title))
    for module in collector.unavailable:
        terminalreporter.write_line(text("needs_extra", collector.lang, module=module, packages="Keras / TensorFlow",
                                         command=extras.install_command("keras")))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Stop learners started ahead and the warm runners; write the results files not written yet."""
    collector = session.config.stash[collector_key]
    for handle in collector.prestarted.values():  # started for checks that never ran
        handle.close()
    for server in (collector.warm or {}).values():
        server.close()
    for submission in collector.spec.results:
        _write_results(collector, submission)
