"""Calling learner code: in a separate, limited process (grading) or in-process (local).

This is the only place in dlgrade that touches learner code. Suites talk to a
:class:`Learner` and get plain values back; everything the learner does wrong arrives as
one of the exceptions in :mod:`grader.runner.errors`.
"""

from __future__ import annotations

import importlib.util
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, Protocol

from grader.feedback.echo import LIMIT, excerpt
from grader.runner import protocol
from grader.runner.errors import (
    FunctionMissing,
    LearnerCrashed,
    LearnerImportFailed,
    LearnerRaised,
    LearnerTimeout,
    NotImplementedYet,
    UngradableValue,
)
from grader.runner.forkserver import ForkServer
from grader.runner.limits import Limits
from grader.runner.policy import MAX_CRASHES, MODULE_BUDGET, CallPolicy, ModuleState
from grader.runner.process import LIVE, LearnerProcess, ProcessState, start
from grader.runner.protocol import Ref
from grader.runner.sandbox import Sandbox
from grader.runner.scratch import ScratchCopy

__all__ = [  # MAX_CRASHES and MODULE_BUDGET live in grader.runner.policy; suites, plugin and tests import them from here
    "DEFAULT_TIMEOUT", "MAX_CRASHES", "MAX_ITEMS", "MODULE_BUDGET", "NAME_LIMIT", "START_TIMEOUT",
    "CallRecord", "InProcessLearner", "IsolatedLearner", "Learner",
]

NAME_LIMIT = 100
"""Characters kept of a learner-chosen name (exception class, ``file:line``, argument, operation)."""
MAX_ITEMS = 100
"""Entries kept of each list a call's answer reports (mutated arguments, operations, warnings)."""
DEFAULT_TIMEOUT = 10.0
"""Seconds of wall-clock time for one call unless the suite asks for more."""
START_TIMEOUT = 30.0
"""Seconds for the learner process to start and import the module."""


@dataclass(frozen=True)
class CallRecord:
    """What one call of a learner function produced.

    Attributes:
        value: the returned value (plain NumPy/Python values only).
        mutated: argument positions (``"0"``, ``"1"`` …) or keyword names whose array
            contents the call changed.
        operations: whole-array NumPy operations seen (``watch=True`` only).
        lines: Python lines the call executed outside NumPy (``watch=True`` only).
        elements: the largest number of elements among the array inputs and outputs.
        warnings: warnings the call raised (``"RuntimeWarning: overflow encountered in exp"``).
        ref: with ``keep=True``, a handle on the returned object in the learner process, to
            pass to later calls (its ``value`` is then the object's plain-data export).
    """

    value: Any
    mutated: tuple[str, ...] = ()
    operations: tuple[str, ...] = ()
    lines: int = 0
    elements: int = 0
    warnings: tuple[str, ...] = ()
    ref: Ref | None = None


class Learner(Protocol):
    """The suites' view of one learner module."""

    module: str

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
    ) -> CallRecord:
        """Call ``function(*args, **kwargs)`` and report everything about the call."""
        ...

    def call(self, function: str, *args: Any, **kwargs: Any) -> Any:
        """Call ``function(*args, **kwargs)`` and return its value."""
        ...

    def put_file(self, name: str, data: bytes) -> str:
        """Make a file readable by learner code; returns the path to pass to it."""
        ...

    def close(self) -> None:
        """Release the learner process and scratch files."""
        ...


def _raise_for(meta: dict[str, Any], module: str, function: str) -> None:
    """Raise the fault an answer reports; its learner-controlled text bounded (:func:`grader.feedback.echo.excerpt`).

    The learner process could send anything here (its code runs in that process): an exception
    message holding a file it read, forged names of any length.
    """
    status = meta.get("status")
    if status == "ok":
        return
    if status == "not_implemented":
        raise NotImplementedYet(f"{module}.{function} is not implemented yet")
    if status == "missing":
        raise FunctionMissing(f"{module}.py does not define {function}()")
    if status == "bad_value":
        raise UngradableValue(f"{function}() returned a value that cannot be graded: {excerpt(str(meta.get('message')))}")
    if status == "raised":
        mro = _texts(meta.get("mro"), NAME_LIMIT, None)  # all of them: is_a looks for built-in classes at the end
        raise LearnerRaised(excerpt(str(meta.get("type")), NAME_LIMIT), mro, excerpt(str(meta.get("message", ""))),
                            excerpt(str(meta.get("where", "")), NAME_LIMIT))
    raise LearnerCrashed(f"unexpected answer from the learner process: {excerpt(repr(status), NAME_LIMIT)}")


def _texts(raw: Any, limit: int, items: int | None = MAX_ITEMS) -> tuple[str, ...]:
    """The first ``items`` entries of a list an answer reports, each bounded by :func:`~grader.feedback.echo.excerpt`.

    (Anything but a list or tuple: none.)
    """
    return tuple(excerpt(str(v), limit) for v in raw[:items]) if isinstance(raw, (list, tuple)) else ()


def _record(meta: dict[str, Any], value: Any) -> CallRecord:
    """The call's record; the names and warnings it reports bounded like :func:`_raise_for`'s text."""
    return CallRecord(
        value=value,
        mutated=_texts(meta.get("mutated"), NAME_LIMIT),
        operations=_texts(meta.get("operations"), NAME_LIMIT),
        lines=int(meta.get("lines", 0)),
        elements=int(meta.get("elements", 0)),
        warnings=_texts(meta.get("warnings"), LIMIT),
        ref=Ref(int(meta["ref"])) if isinstance(meta.get("ref"), int) else None,
    )


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
    ) -> CallRecord:
        """Call ``function(*args, **kwargs)`` in the learner process (see :class:`Learner`)."""
        self._policy.admit(function)
        began = time.monotonic()
        try:
            return self._run(function, args, kwargs, readonly=readonly, watch=watch, timeout=timeout, keep=keep)
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
    ) -> CallRecord:
        process = self._process
        if process is None or process.state is not ProcessState.READY:
            process = self._start()
        limit = self.timeout if timeout is None else timeout
        meta = {"op": "call", "function": function, "readonly": readonly, "watch": watch, "keep": keep}
        try:
            process.send(meta, (tuple(args), dict(kwargs or {})))
            answer, value = process.receive(self._policy.call_timeout(limit))
        except (LearnerTimeout, LearnerCrashed) as exc:
            self._policy.failed(function, exc)
            raise
        self._policy.answered(answer.get("seconds"), limit)
        _raise_for(answer, self.module, function)
        return _record(answer, value)

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


@dataclass
class InProcessLearner:
    """A learner module imported into this process: the learner's own local checks.

    Values cross the same encode/decode boundary as in the isolated runner, so suites see
    the same values either way; there are no time limits.
    """

    submission: Path
    module: str
    _mod: ModuleType | None = field(default=None, init=False, repr=False)
    _files: Path | None = field(default=None, init=False, repr=False)
    _import_error: LearnerImportFailed | None = field(default=None, init=False, repr=False)
    _objects: dict[int, Any] = field(default_factory=dict, init=False, repr=False)

    def _load(self) -> ModuleType:
        if self._import_error is not None:
            raise self._import_error
        if self._mod is None:
            path = Path(self.submission) / f"{self.module}.py"
            if not path.is_file():
                self._import_error = LearnerImportFailed(f"{path.name} was not found in {self.submission}")
                raise self._import_error
            spec = importlib.util.spec_from_file_location(f"_dlgrade_learner_{self.module}", path)
            if spec is None or spec.loader is None:
                raise LearnerImportFailed(f"cannot load {path}")
            mod = importlib.util.module_from_spec(spec)
            try:
                spec.loader.exec_module(mod)
            except (Exception, SystemExit) as exc:  # any import-time failure is the learner's, sys.exit too
                self._import_error = LearnerImportFailed(f"importing {path.name} failed: "
                                                         f"{excerpt(type(exc).__name__, NAME_LIMIT)}: {excerpt(str(exc))}")
                raise self._import_error from exc
            self._mod = mod
        return self._mod

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
    ) -> CallRecord:
        """Call ``function(*args, **kwargs)`` in this process (see :class:`Learner`)."""
        from grader.runner.inside import child
        from grader.runner.named import build

        module = self._load()
        header, buffers = protocol.encode((tuple(args), dict(kwargs or {})))
        call_args = protocol.decode(header, buffers, named=build, refs=child.resolver(self._objects))
        meta = {"function": function, "readonly": readonly, "watch": watch}
        answer, value = child._call(module, meta, call_args)
        if keep:
            value = child.keep(self._objects, answer, value)
        _raise_for(answer, self.module, function)
        try:
            header, buffers = protocol.encode(value)
        except protocol.ProtocolError as exc:
            raise UngradableValue(f"{function}() returned a value that cannot be graded: {excerpt(str(exc))}") from None
        return _record(answer, protocol.decode(header, buffers))

    def call(self, function: str, *args: Any, **kwargs: Any) -> Any:
        """Call ``function(*args, **kwargs)`` and return its value."""
        return self.run(function, args, kwargs).value

    def put_file(self, name: str, data: bytes) -> str:
        """Write a file into a temporary folder; returns its absolute path."""
        if self._files is None:
            self._files = Path(tempfile.mkdtemp(prefix="dlgrade-files-"))
        path = self._files / Path(name).name
        path.write_bytes(data)
        return str(path)

    def close(self) -> None:
        """Forget the module and delete temporary files."""
        self._mod = None
        self._objects.clear()
        if self._files is not None:
            shutil.rmtree(self._files, ignore_errors=True)
            self._files = None
