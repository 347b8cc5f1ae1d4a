"""Learner-facing message templates: both languages, same parameters, language choice."""

from __future__ import annotations

import string

import pytest

from grader.feedback import messages
from grader.feedback.messages import LANGUAGES, TEMPLATES, both, language, text


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_message_exists_in_every_language_with_the_same_parameters() -> None:
    """Each template key has an English and a Chinese text using exactly the same placeholders."""
    assert set(TEMPLATES) == set(LANGUAGES) == {"en", "zh"}
    assert set(TEMPLATES["en"]) == set(TEMPLATES["zh"])
    for key, en in TEMPLATES["en"].items():
        assert _fields(en) == _fields(TEMPLATES["zh"][key]), key


def test_chinese_texts_are_translations() -> None:
    """Every Chinese template that has words contains CJK characters and differs from the English one."""
    for key, zh in TEMPLATES["zh"].items():
        if key in ("import_failed", "missing", "ungradable") and zh == "{detail}":
            continue
        assert any("\u4e00" <= ch <= "\u9fff" for ch in zh), key
        assert zh != TEMPLATES["en"][key], key


def test_text_renders_parameters() -> None:
    """text() fills the placeholders of the chosen language."""
    assert text("shape", "en", what="relu(x)", got=(2, 3), expected=(3, 2)) == "relu(x): shape (2, 3), expected (3, 2)"
    assert text("summary", "zh", points=7.5, max_points=10) == "得分：7.5 / 10"


def test_text_unknown_key_or_language_is_a_key_error() -> None:
    """An unknown key or language raises KeyError instead of printing something vague."""
    with pytest.raises(KeyError):
        text("no_such_message", "en")
    with pytest.raises(KeyError):
        text("passed", "fr")


def test_both_renders_every_language() -> None:
    """both() returns one rendered text per language."""
    texts = both("no_raise", exc="ValueError", case="(2, 3)")
    assert texts == {"en": "did not raise ValueError for (2, 3)", "zh": "对于 (2, 3) 没有抛出 ValueError"}


@pytest.mark.parametrize(
    ("explicit", "env", "expected"),
    [
        ("zh", {"DLGRADE_LANG": "en", "LANG": "en_US.UTF-8"}, "zh"),
        ("ZH_cn", {}, "zh"),
        (None, {"DLGRADE_LANG": "zh", "LANG": "en_US.UTF-8"}, "zh"),
        (None, {"DLGRADE_LANG": "fr", "LANG": "zh_CN.UTF-8"}, "zh"),
        (None, {"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
        (None, {"LANG": "zh_CN.UTF-8"}, "zh"),
        (None, {"LANG": "de_DE.UTF-8"}, "en"),
        ("fr", {}, "en"),
        (None, {}, "en"),
    ],
)
def test_language_precedence(
    monkeypatch: pytest.MonkeyPatch, explicit: str | None, env: dict[str, str], expected: str
) -> None:
    """--lang beats DLGRADE_LANG, which beats LC_ALL/LANG; unknown languages fall through; default English."""
    for name in ("DLGRADE_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for source in ("_windows_ui_language", "_apple_languages", "_python_locale"):  # this machine's own language
        monkeypatch.setattr(messages, source, lambda: None)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert language(explicit) == expected
