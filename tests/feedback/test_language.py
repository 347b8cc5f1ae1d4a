"""The learner's language from the operating system on every platform, and Traditional Chinese's note."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Callable

import numpy  # noqa: F401 - imported once here: pytester's inline runs must not re-import NumPy
import pytest

from grader.feedback import messages
from grader.feedback.messages import (
    LOCALE_VARIABLES,
    TRADITIONAL_NOTE,
    Preference,
    apple_locale,
    chinese_script,
    environment_locale,
    language,
    preference,
    system_locale,
    windows_locale,
)


def _never() -> None:
    """A platform source that must not be asked on this path."""
    raise AssertionError("asked a source of another platform")


def _const(value: object) -> Callable[[], object]:
    return lambda: value


@pytest.fixture
def no_locale(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """No DLGRADE_LANG and no locale variable in the environment."""
    for name in ("DLGRADE_LANG", *LOCALE_VARIABLES):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


@pytest.mark.parametrize(
    ("tag", "script"),
    [
        ("zh_CN.UTF-8", "Hans"), ("zh_SG", "Hans"), ("zh", "Hans"), ("zh-Hans-CN", "Hans"), ("zh_CN:zh", "Hans"),
        ("zh_TW.UTF-8", "Hant"), ("zh_HK", "Hant"), ("zh_MO.UTF-8@euro", "Hant"), ("zh-Hant", "Hant"),
        ("zh-Hant-TW", "Hant"), ("ZH_tw", "Hant"), ("Chinese (Traditional)_Taiwan", "Hant"),
        ("Chinese (Simplified)_China", "Hans"), ("en_US.UTF-8", None), ("zu_ZA", None), ("", None), ("C", None),
    ],
)  # fmt: skip
def test_chinese_script_of_every_spelling(tag: str, script: str | None) -> None:
    """Traditional for TW/HK/MO and Hant, Simplified for the rest of Chinese, None for other languages."""
    assert chinese_script(tag) == script


def test_environment_follows_gettexts_order_and_ignores_c() -> None:
    """LANGUAGE (its first entry), then LC_ALL, LC_MESSAGES, LANG; C and POSIX name no language."""
    assert environment_locale({"LANGUAGE": "zh_TW:zh", "LC_ALL": "en_US.UTF-8"}) == "zh_TW"
    assert environment_locale({"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}) == "zh_CN.UTF-8"
    assert environment_locale({"LC_MESSAGES": "zh_HK.UTF-8", "LANG": "en_US.UTF-8"}) == "zh_HK.UTF-8"
    assert environment_locale({"LC_ALL": "C.UTF-8", "LANG": "zh_CN.UTF-8"}) == "zh_CN.UTF-8"
    assert environment_locale({"LANG": "POSIX"}) is None
    assert environment_locale({"LANGUAGE": "", "LANG": ""}) is None


@pytest.mark.parametrize(
    ("langid", "tag", "lang"),
    [(0x0804, "zh_CN", "zh"), (0x1004, "zh_SG", "zh"), (0x0404, "zh_TW", "zh"), (0x0C04, "zh_HK", "zh"),
     (0x1404, "zh_MO", "zh"), (0x0409, "en_US", "en"), (0x0407, "de_DE", "en"), (None, None, "en")],
)  # fmt: skip
def test_windows_ui_language(langid: int | None, tag: str | None, lang: str) -> None:
    """On Windows, with no locale variable set, the UI language decides (Chinese LANGIDs and Python's table)."""
    got = system_locale({}, "win32", windows_ui=_const(langid), apple_languages=_never, python_locale=_const(None))  # type: ignore[arg-type]
    assert windows_locale(langid) == got == tag
    script = chinese_script(got or "")
    assert ("zh" if script else "en") == lang


def test_windows_environment_beats_the_ui_language() -> None:
    """A locale variable (Git Bash, MSYS) is the user's choice: the UI language is not asked."""
    assert system_locale({"LANG": "en_US.UTF-8"}, "win32", windows_ui=_never, apple_languages=_never) == "en_US.UTF-8"


def test_macos_apple_languages_when_the_environment_says_nothing() -> None:
    """On macOS, AppleLanguages' first entry when no variable is set (or only C); the variables win otherwise."""
    got = system_locale({"LANG": "C"}, "darwin", windows_ui=_never, apple_languages=_const("zh-Hant-TW"),  # type: ignore[arg-type]
                        python_locale=_never)
    assert got == "zh-Hant-TW" and chinese_script(got) == "Hant"
    assert system_locale({"LANG": "en_GB.UTF-8"}, "darwin", windows_ui=_never, apple_languages=_never) == "en_GB.UTF-8"
    assert system_locale({}, "darwin", apple_languages=_const(None), python_locale=_const("zh_CN")) == "zh_CN"  # type: ignore[arg-type]


def test_apple_languages_output_is_parsed() -> None:
    """The plist-style output of ``defaults read -g AppleLanguages`` gives its first language."""
    assert apple_locale('(\n    "zh-Hans-CN",\n    "en-US"\n)\n') == "zh-Hans-CN"
    assert apple_locale("(\n    en,\n    ja\n)") == "en"
    assert apple_locale("()") is None


def test_linux_asks_only_the_environment_then_python() -> None:
    """On Linux neither Windows' nor macOS's source is asked; Python's locale is the fallback."""
    assert system_locale({"LANG": "zh_CN.UTF-8"}, "linux", windows_ui=_never, apple_languages=_never) == "zh_CN.UTF-8"
    assert system_locale({}, "linux", windows_ui=_never, apple_languages=_never, python_locale=_const("zh_TW")) == "zh_TW"  # type: ignore[arg-type]
    assert system_locale({}, "linux", windows_ui=_never, apple_languages=_never, python_locale=_const(None)) is None  # type: ignore[arg-type]


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="checks that no platform source answers elsewhere")
def test_platform_sources_are_silent_on_other_platforms() -> None:
    """The real Windows and macOS sources answer None here, without ctypes.windll or ``defaults``."""
    assert messages._windows_ui_language() is None
    assert messages._apple_languages() is None


@pytest.mark.parametrize(
    ("explicit", "env", "system", "expected"),
    [
        ("en", {"DLGRADE_LANG": "zh"}, "zh_TW", Preference("en")),
        ("zh", {}, "zh_TW.UTF-8", Preference("zh", traditional=True)),
        ("zh", {}, "en_US", Preference("zh")),
        (None, {"DLGRADE_LANG": "zh_TW"}, "en_US", Preference("zh", traditional=True)),
        (None, {"DLGRADE_LANG": "zh-Hans"}, "zh_TW", Preference("zh")),
        (None, {"DLGRADE_LANG": "en"}, "zh_CN", Preference("en")),
        (None, {}, "zh_HK.UTF-8", Preference("zh", traditional=True)),
        (None, {}, "zh-Hans-CN", Preference("zh")),
        (None, {}, "fr_FR", Preference("en")),
        (None, {}, None, Preference("en")),
    ],
)
def test_overrides_beat_the_system(no_locale: pytest.MonkeyPatch, explicit: str | None, env: dict[str, str],
                                   system: str | None, expected: Preference) -> None:
    """--lang beats DLGRADE_LANG beats the system; a bare "zh" keeps the system's Traditional script."""
    for name, value in env.items():
        no_locale.setenv(name, value)
    assert preference(explicit, system=_const(system)) == expected  # type: ignore[arg-type]


def test_note_only_for_traditional_chinese() -> None:
    """The note is in Traditional characters and shown only for Chinese output to a Traditional reader."""
    assert Preference("zh", traditional=True).note == TRADITIONAL_NOTE
    assert "簡體中文" in TRADITIONAL_NOTE and "訊息" in TRADITIONAL_NOTE
    assert Preference("zh").note == Preference("en", traditional=True).note == ""


def test_language_reads_the_environment(no_locale: pytest.MonkeyPatch) -> None:
    """language(), the callers' entry point, still gives "en"/"zh" from the locale variables."""
    no_locale.setenv("LANG", "zh_TW.UTF-8")
    assert language() == "zh"
    no_locale.setenv("LC_ALL", "en_US.UTF-8")
    assert language() == "en"
    assert language("zh") == "zh"


SUITE = '''
import numpy as np
import pytest


@pytest.mark.points("naive_relu", weight=2)
def test_relu(learner):
    assert learner.call("naive_relu", np.array([[-1.0, 2.0]])).tolist() == [[0.0, 2.0]]
'''

RELU = '''
def naive_relu(x):
    z = x.copy()
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            z[i, j] = max(x[i, j], 0)
    return z
'''


@pytest.mark.parametrize(("locale", "note"), [("zh_TW.UTF-8", True), ("zh_CN.UTF-8", False), ("en_US.UTF-8", False)])
def test_local_table_shows_the_note_once(pytester: pytest.Pytester, no_locale: pytest.MonkeyPatch,
                                         locale: str, note: bool) -> None:
    """A learner's pytest under zh_TW prints the Chinese table with the note once above it; zh_CN and en without."""
    no_locale.setenv("LANG", locale)
    pytester.makepyfile(test_tensor_ops=textwrap.dedent(SUITE))
    (pytester.path / "tensor_ops.py").write_text(textwrap.dedent(RELU), encoding="utf-8")
    result = pytester.runpytest("-p", "grader.session.plugin", "-p", "no:cacheprovider", "-q", "--dlgrade-inprocess")
    out = result.stdout.str()
    assert ("得分" in out) == locale.startswith("zh")
    assert out.count(TRADITIONAL_NOTE) == (1 if note else 0)
    if note:
        assert out.index(TRADITIONAL_NOTE) < out.index("tensor_ops.py")
