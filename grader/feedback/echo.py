"""Learner-controlled text made fit for a message: one bounded line without control characters.

Whatever learner code raised, printed or returned as text reaches feedback, results files and
the gradebook only through :func:`excerpt`: a few hundred characters at most (it could be a
file the grader can read), and nothing a terminal, notebook or editor would interpret
(ANSI escapes, bidirectional overrides, other control characters).
"""

from __future__ import annotations

import re
from typing import Final

LIMIT: Final = 300
"""Characters of one learner-derived field shown in a message."""
MESSAGE_LIMIT: Final = 1000
"""Characters of a whole feedback message (a template quoting learner-derived fields)."""

_ESCAPES: Final = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC: window titles, hyperlinks
    r"|\x1b[PX^_][^\x1b]*\x1b\\"  # DCS, SOS, PM, APC strings
    r"|\x1b[ -/]*[0-~]?"  # any other escape sequence (or a lone ESC)
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
)
_BREAKS: Final = re.compile(r"[\t\n\v\f\r\x1c-\x1f\x85\u2028\u2029]")
"""Line and field separators: they become spaces."""
_DROPPED: Final = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
"""Other C0/C1 controls, DEL, bidirectional marks, overrides and isolates, lone surrogates."""
_SPACES: Final = re.compile(r"\s+")


def clean(text: str) -> str:
    """``text`` on one line: escapes and control characters removed, whitespace runs as one space."""
    text = _ESCAPES.sub("", text)
    text = _DROPPED.sub("", _BREAKS.sub(" ", text))
    return _SPACES.sub(" ", text).strip()


def excerpt(text: str, limit: int = LIMIT) -> str:
    """At most ``limit`` characters of :func:`clean` ``(text)``, then how many more there were.

    ``excerpt("x" * 1000)`` is 300 ``x`` followed by `` … (700 more characters)``.
    """
    text = clean(str(text))
    if len(text) <= limit:
        return text
    return f"{text[:limit].rstrip()} … ({len(text) - limit} more characters)"
