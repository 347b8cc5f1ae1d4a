"""What can go wrong when learner code is called, as exceptions with a grading status.

Suites let these escape; the pytest plugin turns them into the function's status. The
``status`` values are those of the results file: ``not_implemented``, ``timeout``,
``error``, ``integrity`` (``failed`` is any other ``AssertionError``).
"""

from __future__ import annotations

from typing import ClassVar

from grader.results import Status


class LearnerFault(Exception):
    """Base class: the learner's code could not be evaluated as asked."""

    status: ClassVar[Status] = "error"


class NotImplementedYet(LearnerFault):
    """The function still raises ``NotImplementedError`` (an untouched stub)."""

    status = "not_implemented"


class LearnerTimeout(LearnerFault):
    """The call ran past its time limit and the learner process was stopped."""

    status = "timeout"


class LearnerCrashed(LearnerFault):
    """The learner process died (``os._exit``, a signal, a memory blow-up …)."""


class LearnerImportFailed(LearnerFault):
    """The learner's module could not be imported (syntax error, import-time failure)."""


class FunctionMissing(LearnerFault):
    """The module does not define the function (or it is not callable)."""


class LearnerRaised(LearnerFault):
    """The learner's function raised an exception.

    Attributes:
        type_name: the exception's class name.
        mro: names of the exception's classes, most specific first.
        detail: the exception's message.
    """

    def __init__(self, type_name: str, mro: tuple[str, ...], detail: str, where: str = "") -> None:
        super().__init__(f"{type_name}: {detail}" + (f" ({where})" if where else ""))
        self.type_name = type_name
        self.mro = mro
        self.detail = detail
        self.where = where

    def is_a(self, type_name: str) -> bool:
        """Whether the raised exception is ``type_name`` or a subclass of it."""
        return type_name in self.mro


class UngradableValue(AssertionError):
    """The function returned something that cannot cross back (an arbitrary object)."""


class IntegrityViolation(AssertionError):
    """A ``naive_*`` function let whole-array NumPy do the work."""

    status = "integrity"
