"""What a learner module may still cost: its time budget, functions given up, an import that failed.

:class:`CallPolicy` holds no process: :class:`grader.runner.client.IsolatedLearner` asks it before each
call (:meth:`CallPolicy.admit`), tells it how each call went, and restarts the learner process itself.
"""

from __future__ import annotations

import enum

from grader.runner.errors import LearnerCrashed, LearnerImportFailed, LearnerTimeout

MAX_CRASHES = 3
"""After this many crashes of one function, its further calls fail at once."""
MODULE_BUDGET = 300.0
"""Seconds of wall-clock time one learner module may use in a session, all calls together;
past it every further call fails at once (a hostile or hopelessly slow submission costs
only its own points and a bounded amount of time)."""
ANSWER_SLACK = 1.0
"""Seconds a call's reported run time may exceed its time limit (the learner process measures it)."""
MIN_CALL_WAIT = 1.0
"""Seconds a call is waited for at least, however little of the budget is left."""


class ModuleState(enum.Enum):
    """Whether a learner module's functions may still be called."""

    OPEN = "open"
    """Its functions are called (a learner process is started for them as needed)."""
    IMPORT_FAILED = "import failed"
    """It was not found, could not be imported, or not in time: every call raises why, at once."""
    SPENT = "budget spent"
    """It used up its time budget: every call fails at once."""


class CallPolicy:
    """The rules for one learner module's calls; the bookkeeping they need."""

    def __init__(self, module: str, budget: float = MODULE_BUDGET) -> None:
        self.module = module
        self.budget = budget
        self.used = 0.0
        """Seconds of wall-clock time the module's calls took (starts of its process included)."""
        self.learner_seconds = 0.0
        """Seconds the learner's functions ran, as the learner process measured them (calls that answered; a
        diagnostic figure, never scored: learner code could misreport it)."""
        self._state = ModuleState.SPENT if budget <= 0 else ModuleState.OPEN
        self._import_error: LearnerImportFailed | LearnerTimeout | None = None
        self._crashes: dict[str, int] = {}
        self._given_up: dict[str, LearnerTimeout | LearnerCrashed] = {}

    @property
    def state(self) -> ModuleState:
        """Whether the module's functions may still be called."""
        return self._state

    def given_up(self, function: str) -> bool:
        """Whether ``function``'s calls fail at once (it timed out once, or crashed :data:`MAX_CRASHES` times)."""
        return function in self._given_up

    def admit(self, function: str) -> None:
        """Let a call of ``function`` run, or raise why it may not.

        Raises:
            LearnerTimeout: the function timed out before, or the module's budget is spent.
            LearnerCrashed: the function crashed :data:`MAX_CRASHES` times.
            LearnerImportFailed: the module was not found or could not be imported.
        """
        if function in self._given_up:
            raise self._given_up[function]
        if self._state is ModuleState.SPENT:
            raise LearnerTimeout(f"{self.module}.py used up its {self.budget:g} s time budget; not run")
        if self._import_error is not None:
            raise self._import_error

    def import_failed(self, error: LearnerImportFailed | LearnerTimeout) -> LearnerImportFailed | LearnerTimeout:
        """OPEN → IMPORT_FAILED: the module cannot be used; ``error`` is raised by every later call (returned, to raise)."""
        self._import_error = error
        if self._state is ModuleState.OPEN:
            self._state = ModuleState.IMPORT_FAILED
        return error

    def call_timeout(self, limit: float) -> float:
        """How long a call of time limit ``limit`` is waited for: no longer than the budget left (at least 1 s)."""
        return min(limit, max(MIN_CALL_WAIT, self.budget - self.used))

    def spend(self, seconds: float) -> None:
        """Count a call's wall-clock time against the budget; any state → SPENT once it is used up."""
        self.used += seconds
        if self.used >= self.budget:
            self._state = ModuleState.SPENT

    def failed(self, function: str, fault: LearnerTimeout | LearnerCrashed) -> None:
        """A call of ``function`` timed out (given up at once) or crashed (given up after :data:`MAX_CRASHES`)."""
        if isinstance(fault, LearnerTimeout):
            self._given_up[function] = LearnerTimeout(f"{fault} (not run again)")
            return
        self._crashes[function] = self._crashes.get(function, 0) + 1
        if self._crashes[function] >= MAX_CRASHES:
            self._given_up[function] = LearnerCrashed(f"{fault} (crashed {MAX_CRASHES} times, not run again)")

    def answered(self, seconds: object, limit: float) -> None:
        """A call answered, saying its function ran ``seconds``: counted where plausible for its time limit ``limit``."""
        if isinstance(seconds, (int, float)) and 0 <= seconds <= limit + ANSWER_SLACK:
            self.learner_seconds += float(seconds)
