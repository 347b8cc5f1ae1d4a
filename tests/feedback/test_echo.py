"""grader.feedback.echo: learner text becomes one bounded line without control characters."""

from __future__ import annotations

import pytest

from grader.feedback.echo import LIMIT, clean, excerpt


def test_ordinary_messages_are_unchanged() -> None:
    """A message a learner would normally raise comes through as it was, Chinese included."""
    for text in ("bad shape (3, 4)", "x must be 2D, got shape (5,)", "形状不匹配：(2, 3) 与 (3, 2)", ""):
        assert excerpt(text) == text


def test_line_breaks_and_tabs_become_single_spaces() -> None:
    """Newlines, tabs, carriage returns and Unicode line separators become spaces; runs collapse; ends are trimmed."""
    assert clean("  first\nsecond\r\n\tthird\u2028fourth\x85fifth  ") == "first second third fourth fifth"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\x1b[1;31mred\x1b[0m text", "red text"),  # CSI colours
        ("a\x1b[2J\x1b[Hb", "ab"),  # clear screen, cursor home
        ("\x1b]0;pwned\x07title", "title"),  # OSC window title, BEL-terminated
        ("\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\", "link"),  # OSC hyperlink, ST-terminated
        ("\x1bPq#0;1\x1b\\after", "after"),  # DCS string
        ("\x9b31mc1 csi", "c1 csi"),  # 8-bit CSI
        ("nul\x00bell\x07bs\x08del\x7fc1\x90end", "nulbellbsdelc1end"),  # C0, DEL, C1
        ("user\u202egnp.exe", "usergnp.exe"),  # right-to-left override
        ("\u2066a\u2067b\u2068c\u2069 \u202a\u202b\u202c\u202d \u200e\u200f", "abc"),  # isolates, embeddings, marks
        ("lone \ud800 surrogate", "lone surrogate"),  # not encodable as UTF-8
    ],
)
def test_escapes_and_control_characters_are_removed(text: str, expected: str) -> None:
    """ANSI escape sequences, C0/C1 controls, DEL, bidi overrides/isolates and lone surrogates leave nothing behind."""
    assert excerpt(text) == expected
    assert excerpt(text).encode("utf-8")


def test_long_text_is_cut_with_a_marker_saying_how_much_is_left_out() -> None:
    """Past the limit: the first ``limit`` characters, then `` … (N more characters)`` (counted after cleaning)."""
    text = "x" * 5000
    got = excerpt(text)
    assert got == "x" * LIMIT + f" … ({5000 - LIMIT} more characters)"
    assert excerpt("\x1b[31m" + "y" * 60, 50) == "y" * 50 + " … (10 more characters)"
    assert excerpt("z" * 300) == "z" * 300  # exactly at the limit: no marker


def test_the_default_bound_is_a_few_hundred_characters() -> None:
    """The default limit is 300 characters: whatever the text, an excerpt stays under ~330."""
    assert LIMIT == 300
    assert len(excerpt("\n".join(["secret line"] * 10_000))) < 330
