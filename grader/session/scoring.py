"""Point allocation: one pure function from check outcomes to a function's grade."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from grader.feedback.messages import text
from grader.results import CheckOutcome, FunctionResult, Status

PRECEDENCE: tuple[Status, ...] = ("not_implemented", "integrity", "timeout", "error", "failed")
"""The function's status is the first of these that any of its checks has."""
ZEROING: frozenset[Status] = frozenset({"not_implemented", "integrity"})
"""Statuses that cost the whole function, whatever else passed."""


def score_function(
    name: str,
    max_points: float,
    outcomes: Sequence[CheckOutcome],
    lang: str = "en",
    history: Mapping[str, tuple[float, ...]] | None = None,
) -> FunctionResult:
    """Grade one function from its checks.

    Partial credit is the weighted share of passing checks; a function with no checks,
    an untouched stub, or an integrity violation scores 0.
    """
    if not outcomes:
        return FunctionResult(name, 0.0, max_points, "error", text("no_checks", lang))
    statuses = {o.status for o in outcomes}
    status: Status = next((s for s in PRECEDENCE if s in statuses), "passed")
    total = sum(o.weight for o in outcomes)
    passed = sum(o.weight for o in outcomes if o.status == "passed")
    points = 0.0 if status in ZEROING or total <= 0 else round(max_points * passed / total, 2)
    if status == "passed":
        message = text("passed", lang)
    else:
        first = next(o for o in outcomes if o.status == status)
        failed = sum(1 for o in outcomes if o.status != "passed")
        count = text("checks_failed", lang, failed=failed, total=len(outcomes))
        # a check without a message (a bare `assert`): only not_implemented/timeout have a template of their own
        default = text(status, lang, detail="") if status in ("not_implemented", "timeout") else count
        message = first.texts.get(lang) or first.texts.get("en") or default
        if failed > 1 and status not in ZEROING and message != count:
            message = f"{message} [{count}]"
    return FunctionResult(name, points, float(max_points), status, message, tuple(outcomes), history)
