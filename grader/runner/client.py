"""Calling learner code in a separate, limited process (grading); in-process calls are in grader.runner.local.

With :mod:`grader.runner.local`, the only place in dlgrade that touches learner code. Suites talk to a
:class:`Learner` and get plain values back; everything the learner does wrong arrives as
one of the exceptions in :mod:`grader.runner.errors`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grader.feedback.echo import excerpt
from grader.runner.errors import (
    LearnerCrashed,
    LearnerImportFailed,
    LearnerTimeout,
)
from grader.runner.forkserver import ForkServer
from grader.runner.limits import Limits
from grader.runner.local import (
    DEFAULT_TIMEOUT,
    MAX_ITEMS,
    NAME_LIMIT,
    CallRecord,
    InProcessLearner,
    Learner,
    raise_for,
    record,
    uses,
)
from grader.runner.policy import MAX_CRASHES, MODULE_BUDGET, CallPolicy, ModuleState
from grader.runner.process import LIVE, LearnerProcess, ProcessState, start
from grader.runner.sandbox import Sandbox
from grader.runner.scratch import ScratchCopy
from grader.runner.substitutes import Substitutes

__all__ = [  # MAX_CRASHES and MODULE_BUDGET live in grader.runner.policy; suites, plugin and tests import them from here
    "DEFAULT_TIMEOUT", "MAX_CRASHES", "MAX_ITEMS", "MODULE_BUDGET", "NAME_LIMIT", "START_TIMEOUT",
    "CallRecord", "InProcessLearner", "IsolatedLearner", "Learner",
]

START_TIMEOUT = 30.0
"""Seconds for the learner process to start and import the module."""


@dataclass
class IsolatedLearner:
    """A learner module loaded in its own process, on a scratch copy of the submission.

    The process is started on the first call and started again after a timeout or crash,
    so one runaway call costs only that call. With a ``forkserver`` of the same limits it is
    forked from that warm runner (NumPy, Keras already imported) and isolates itself; where
    the warm runner fails, it is started from scratch. Composed of a
    :class:`~grader.runner.process.LearnerProcess` (the current process, replaced by a new one
    for a restart), a :class:`~grader.runner.policy.CallPolicy` (budget, functions given up,
    import failure) and a :class:`~grader.runner.scratch.ScratchCopy`.
    """

    submission: Path
    module: str
    timeout: float = DEFAULT_TIMEOUT
    limits: Limits = field(default_factory=Limits)
    sandbox: Sandbox = field(default_factory=Sandbox.detect)
    budget: float = MODULE_BUDGET
    forkserver: ForkServer | None = None
    substitutes: Substitutes | None = None
    """The reference versions of the module's functions (None: the learner's own are used throughout)."""
    _copy: ScratchCopy = field(init=False, repr=False)
    _policy: CallPolicy = field(init=False, repr=False)
    _process: LearnerProcess | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self._copy = ScratchCopy(Path(self.submission))
        self._policy = CallPolicy(self.module, self.budget)

    @property
    def learner_seconds(self) -> float:
        """Seconds the learner's functions ran, as the learner process measured them.

        Calls that answered only; a diagnostic figure, never scored: learner code could misreport it.
        """
        return self._policy.learner_seconds

    @property
    def state(self) -> ModuleState:
        """Whether the module's functions may still be called (see :class:`~grader.runner.policy.ModuleState`)."""
        return self._policy.state

    @property
    def scratch(self) -> Path | None:
        """The scratch copy of the submission, where it was made (and not removed by close() since)."""
        return self._copy.path

    @property
    def pid(self) -> int:
        """The learner process's pid as this process sees it; 0 where none is started or running."""
        process = self._process
        return process.pid if process is not None and process.state in LIVE else 0

    @property
    def warm(self) -> bool:
        """Whether a learner process runs (or starts) that was forked from the warm runner."""
        process = self._process
        return process is not None and process.state in LIVE and process.warm

    def _module_file(self) -> Path | None:
        """The module in the scratch copy (made now where needed); None where the submission has none."""
        path = self._copy.folder() / f"{self.module}.py"
        return path if path.is_file() else None

    def _new_process(self) -> LearnerProcess:
        if self._process is not None:
            self._process.stop()  # a process left busy by an interrupted call must not answer the next one
        self._process = LearnerProcess(self.module, self._copy.folder(), self._copy.capture, limits=self.limits,
                                       sandbox=self.sandbox, forkserver=self.forkserver)
        return self._process

    def prestart(self) -> None:
        """Start the learner process now, without waiting for it: the first call finds it started.

        A grading session starts the next submission's learner while it grades this one: its fork,
        sandbox and import are no longer waited for, nor counted in the module's time budget. The
        import still has :data:`START_TIMEOUT` from now; whatever goes wrong is found, and reported,
        by the first call. Nothing happens where a process is started already, the module cannot
        be called, or the module file is missing (the first call reports that).
        """
        if self._policy.state is not ModuleState.OPEN or self.pid or self._module_file() is None:
            return
        process = self._new_process()
        try:
            process.spawn()
        except OSError:
            process.stop()  # the first call starts another, and reports what fails then

    def _start(self) -> LearnerProcess:
        """A ready process: the prestarted one once it answers, else a new one (after a timeout or crash too)."""
        if self._module_file() is None:
            raise self._policy.import_failed(LearnerImportFailed(f"{self.module}.py was not found in the submission"))
        current = self._process
        process = current if current is not None and current.state is ProcessState.STARTING else self._new_process()
        try:
            process, meta = start(process, START_TIMEOUT)
        except LearnerTimeout:
            raise self._policy.import_failed(
                LearnerTimeout(f"importing {self.module}.py took more than {START_TIMEOUT:g} s")) from None
        self._process = process  # the fresh replacement, where the forked one failed
        if meta.get("status") == "import_failed":
            where = f" at {excerpt(str(meta['where']), NAME_LIMIT)}" if meta.get("where") else ""
            raise self._policy.import_failed(LearnerImportFailed(
                f"importing {self.module}.py failed{where}: {excerpt(str(meta.get('type')), NAME_LIMIT)}: "
                f"{excerpt(str(meta.get('message')))}"))
        if process.state is not ProcessState.READY:
            raise LearnerCrashed(f"the learner process did not start: {excerpt(repr(meta.get('status')), NAME_LIMIT)}")
        return process

    def run(
        self,
        function: str,
        args: tuple[Any, ...] = (),
        kwargs: dict[str, Any] | None = None,
        *,
        readonly: bool = False,
        watch: bool = False,
        timeout: float | None = None,
        keep: bool = False,
        reference: bool = False,
    ) -> CallRecord:
        """Call ``function(*args, **kwargs)`` in the learner process (see :class:`Learner`)."""
        self._policy.admit(_policy_name(function, reference))
        began = time.monotonic()
        try:
            return self._run(function, args, kwargs, readonly=readonly, watch=watch, timeout=timeout, keep=keep,
                             reference=reference)
        finally:
            self._policy.spend(time.monotonic() - began)

    def _run(
        self,
        function: str,
        args: tuple[Any, ...],
        kwargs: dict[str, Any] | None,
        *,
        readonly: bool,
        watch: bool,
        timeout: float | None,
        keep: bool,
        reference: bool,
    ) -> CallRecord:
        process = self._process
        if process is None or process.state is not ProcessState.READY:
            process = self._start()
        limit = self.timeout if timeout is None else timeout
        meta = {"op": "call", "function": function, "readonly": readonly, "watch": watch, "keep": keep,
                "uses": uses(self.substitutes, function, reference)}
        try:
            process.send(meta, (tuple(args), dict(kwargs or {})))
            answer, value = process.receive(self._policy.call_timeout(limit))
        except (LearnerTimeout, LearnerCrashed) as exc:
            self._policy.failed(_policy_name(function, reference), exc)
            raise
        self._policy.answered(answer.get("seconds"), limit)
        raise_for(answer, self.module, function)
        return record(answer, value)

    def call(self, function: str, *args: Any, **kwargs: Any) -> Any:
        """Call ``function(*args, **kwargs)`` and return its value."""
        return self.run(function, args, kwargs).value

    def put_file(self, name: str, data: bytes) -> str:
        """Write a file into the scratch directory; returns its path relative to it."""
        return self._copy.put_file(name, data)

    def output(self, limit: int = 4000) -> str:
        """The last ``limit`` bytes the learner's code printed, as one line without control characters.

        (Learner output is the learner's text: :func:`grader.feedback.echo.clean`; bound ``limit`` before
        putting it in a message.)
        """
        return self._copy.output(limit)

    def close(self) -> None:
        """Stop the learner process and delete the scratch copy (a later call starts again on a fresh copy)."""
        if self._process is not None:
            self._process.stop()
            self._process = None
        self._copy.remove()


def _policy_name(function: str, reference: bool) -> str:
    """The name a call counts under in the call policy: a reference's faults are not the learner's function's."""
    return f"{function} (reference)" if reference else function
