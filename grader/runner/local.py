"""The learner's side of calling learner code: what a call reports, and calls in this process.

A learner's local checks import only this (never the sandbox, the warm runner or the
process machinery of :mod:`grader.runner.client`): :class:`Learner` is what suites talk to,
:class:`CallRecord` what a call produced, :class:`InProcessLearner` runs the learner's module in
this process. Answers are decoded here for both kinds of learner, bounded like any learner text.
"""

from __future__ import annotations

import importlib.util
import shutil
import tempfile
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
    NotImplementedYet,
    UngradableValue,
)
from grader.runner.protocol import Ref
from grader.runner.substitutes import Substitutes

NAME_LIMIT = 100
"""Characters kept of a learner-chosen name (exception class, ``file:line``, argument, operation)."""
MAX_ITEMS = 100
"""Entries kept of each list a call's answer reports (mutated arguments, operations, warnings)."""
DEFAULT_TIMEOUT = 10.0
"""Seconds of wall-clock time for one call unless the suite asks for more."""

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
        reference: bool = False,
    ) -> CallRecord:
        """Call ``function(*args, **kwargs)`` and report everything about the call.

        The reference versions of the functions it uses (:data:`grader.catalogue.USES`) are rebound
        for the call; with ``reference=True`` the reference version of ``function`` itself is called
        (both where the reference solution is readable: see :mod:`grader.runner.substitutes`).
        """
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


def raise_for(meta: dict[str, Any], module: str, function: str) -> None:
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


def uses(substitutes: Substitutes | None, function: str, reference: bool) -> dict[str, Any] | None:
    """What a call's request carries to rebind reference functions (None: the learner's own functions only)."""
    return substitutes.request(function, itself=reference) if substitutes is not None else None


def _texts(raw: Any, limit: int, items: int | None = MAX_ITEMS) -> tuple[str, ...]:
    """The first ``items`` entries of a list an answer reports, each bounded by :func:`~grader.feedback.echo.excerpt`.

    (Anything but a list or tuple: none.)
    """
    return tuple(excerpt(str(v), limit) for v in raw[:items]) if isinstance(raw, (list, tuple)) else ()


def record(meta: dict[str, Any], value: Any) -> CallRecord:
    """The call's record; the names and warnings it reports bounded like :func:`raise_for`'s text."""
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
class InProcessLearner:
    """A learner module imported into this process: the learner's own local checks.

    Values cross the same encode/decode boundary as in the isolated runner, so suites see
    the same values either way; there are no time limits.
    """

    submission: Path
    module: str
    substitutes: Substitutes | None = None
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
        reference: bool = False,
    ) -> CallRecord:
        """Call ``function(*args, **kwargs)`` in this process (see :class:`Learner`)."""
        from grader.runner.inside import child
        from grader.runner.named import build

        module = self._load()
        header, buffers = protocol.encode((tuple(args), dict(kwargs or {})))
        call_args = protocol.decode(header, buffers, named=build, refs=child.resolver(self._objects))
        meta = {"function": function, "readonly": readonly, "watch": watch, "uses": uses(self.substitutes, function, reference)}
        answer, value = child._call(module, meta, call_args)
        if keep:
            value = child.keep(self._objects, answer, value)
        raise_for(answer, self.module, function)
        try:
            header, buffers = protocol.encode(value)
        except protocol.ProtocolError as exc:
            raise UngradableValue(f"{function}() returned a value that cannot be graded: {excerpt(str(exc))}") from None
        return record(answer, protocol.decode(header, buffers))

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
