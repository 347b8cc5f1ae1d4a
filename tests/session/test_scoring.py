"""Point allocation from check outcomes."""

from __future__ import annotations

import pytest

from grader.results import CheckOutcome, Status
from grader.session.scoring import PRECEDENCE, ZEROING, score_function


def _check(status: Status, weight: float = 1.0, name: str = "t", en: str = "", zh: str = "") -> CheckOutcome:
    texts = {k: v for k, v in (("en", en), ("zh", zh)) if v}
    return CheckOutcome(name, weight, status, texts)


def test_all_passed_gives_full_points() -> None:
    """Every check passing gives the function's full points, status passed and the 'all checks passed' message."""
    got = score_function("naive_relu", 3, [_check("passed", 1), _check("passed", 2)])
    assert (got.points, got.max_points, got.status, got.message) == (3.0, 3.0, "passed", "all checks passed")
    assert score_function("f", 3, [_check("passed")], lang="zh").message == "全部检查通过"


@pytest.mark.parametrize(
    ("weights", "passed", "max_points", "expected"),
    [
        ((1, 3), (True, False), 2, 0.5),
        ((1, 3), (False, True), 2, 1.5),
        ((1, 1, 1), (True, True, False), 1, 0.67),
        ((2, 0.5), (False, True), 4, 0.8),
        ((1, 1), (False, False), 3, 0.0),
    ],
)
def test_partial_credit_is_the_weighted_share_of_passing_checks(
    weights: tuple[float, ...], passed: tuple[bool, ...], max_points: float, expected: float
) -> None:
    """Points are max_points * (weight passed / total weight), rounded to hundredths; status failed."""
    outcomes = [
        _check("passed" if ok else "failed", w, f"t{i}") for i, (w, ok) in enumerate(zip(weights, passed, strict=True))
    ]
    got = score_function("f", max_points, outcomes)
    assert got.points == pytest.approx(expected, abs=1e-9)
    assert got.status == "failed"
    assert got.checks == tuple(outcomes)


@pytest.mark.parametrize("zeroing", sorted(ZEROING))
def test_zeroing_statuses_cost_the_whole_function(zeroing: Status) -> None:
    """One not_implemented or integrity check scores the function 0 even when every other check passed."""
    got = score_function("f", 3, [_check("passed", 5), _check("passed", 5), _check(zeroing, 1, en="why")])
    assert got.points == 0.0
    assert got.status == zeroing
    assert got.message == "why"


@pytest.mark.parametrize("status", ["timeout", "error", "failed"])
def test_other_failures_keep_partial_credit(status: Status) -> None:
    """timeout, error and failed checks cost only their own weight."""
    got = score_function("f", 4, [_check("passed", 3), _check(status, 1)])
    assert got.points == 3.0
    assert got.status == status


def test_precedence_order() -> None:
    """The function's status is the first of not_implemented, integrity, timeout, error, failed among its checks."""
    assert PRECEDENCE == ("not_implemented", "integrity", "timeout", "error", "failed")
    for i, status in enumerate(PRECEDENCE):
        outcomes = [_check(s, name=s) for s in reversed(PRECEDENCE[i:])] + [_check("passed")]
        assert score_function("f", 2, outcomes).status == status


def test_message_is_the_first_check_with_the_status_in_the_language() -> None:
    """The message comes from the first check carrying the function's status, in the chosen language."""
    outcomes = [
        _check("failed", name="a", en="first failure", zh="第一个失败"),
        _check("timeout", name="b", en="too slow", zh="太慢"),
        _check("timeout", name="c", en="also slow", zh="也慢"),
    ]
    en = score_function("f", 2, outcomes)
    assert en.status == "timeout"
    assert en.message == "too slow [3 of 3 checks failed]"
    assert score_function("f", 2, outcomes, lang="zh").message == "太慢 [3 项检查中有 3 项未通过]"


def test_failed_count_is_appended_only_for_several_non_zeroing_failures() -> None:
    """A single failure shows its message alone; zeroing statuses never get the count."""
    assert score_function("f", 2, [_check("failed", en="bad"), _check("passed")]).message == "bad"
    zeroed = score_function("f", 2, [_check("integrity", en="cheat"), _check("failed", en="bad")])
    assert zeroed.message == "cheat"


def test_message_falls_back_to_english_then_to_the_status_text() -> None:
    """Without a text in the language the English one is used; without any, the status's own template."""
    assert score_function("f", 2, [_check("failed", en="only english")], lang="zh").message == "only english"
    assert score_function("f", 2, [_check("not_implemented")]).message == "not implemented yet"
    assert score_function("f", 2, [_check("not_implemented")], lang="zh").message == "尚未实现"


@pytest.mark.parametrize("status", ["failed", "error", "integrity"])
def test_checks_without_any_message_get_the_failed_count(status: Status) -> None:
    """A failing check with no text at all (a bare assert) is described by the failed count, never a crash."""
    got = score_function("f", 2, [_check(status), _check("passed")])
    assert got.status == status
    assert got.message == "1 of 2 checks failed"
    assert score_function("f", 2, [_check(status), _check("passed")], lang="zh").message == "2 项检查中有 1 项未通过"
    several = score_function("f", 2, [_check(status), _check("failed"), _check("passed")])
    assert several.message == "2 of 3 checks failed"


def test_no_checks_is_an_error_worth_zero() -> None:
    """A function without any check scores 0 with status error and says so (both languages)."""
    got = score_function("f", 3, [])
    assert (got.points, got.max_points, got.status) == (0.0, 3.0, "error")
    assert got.message == "no checks ran for this function; it scores 0"
    assert "没有运行任何检查" in score_function("f", 3, [], lang="zh").message


def test_zero_total_weight_scores_zero() -> None:
    """Checks that all weigh 0 cannot give points, even if they pass."""
    got = score_function("f", 3, [_check("passed", 0), _check("passed", 0)])
    assert got.points == 0.0
