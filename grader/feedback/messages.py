"""Learner-facing messages in English and Simplified Chinese.

Every message is a template key with parameters; :func:`text` renders it in one language,
:func:`both` in all. The language comes from ``--lang``, else ``DLGRADE_LANG``, else the
operating system's language (:func:`system_locale`: the environment's locale on every platform,
then Windows' UI language or macOS's preferred languages, then Python's locale), else English.
Chinese is shown in Simplified characters; a learner whose language is Traditional Chinese
(``zh_TW``, ``zh_HK``, ``zh_MO``, ``zh-Hant``) gets it too, with a one-line note in
Traditional characters saying so (:attr:`Preference.note`).
"""

from __future__ import annotations

import functools
import locale
import os
import re
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final

LANGUAGES: Final = ("en", "zh")

TEMPLATES: Final[Mapping[str, Mapping[str, str]]] = {
    "en": {
        "type": "{what}: returned {got}, expected a NumPy array",
        "shape": "{what}: shape {got}, expected {expected}",
        "dtype": "{what}: returned {got}, expected {expected}",
        "values": (
            "{what}: {count} of {total} values differ (rtol={rtol:g}, atol={atol:g}); "
            "first at index {index}: expected {expected}, got {got}"
        ),
        "scalar_type": "{what}: returned {got}, expected a number",
        "scalar": "{what}: expected {expected}, got {got} (rtol={rtol:g}, atol={atol:g})",
        "modified": "modified its input ({args}): a function must not change its arguments — work on a copy",
        "integrity": (
            "used whole-array NumPy inside a naive_* function ({ops}); "
            "write the loops yourself, element by element"
        ),
        "no_loop": (
            "no element-by-element loop: {elements} elements but only {lines} Python steps — "
            "a vectorised NumPy operation must be doing the work"
        ),
        "integrity_static": (
            "integrity — {where} line {line} uses {construct}: write the loops yourself, element by element{more}"
        ),
        "integrity_helper": "{helper} (called by {function})",
        "integrity_more": " (and {count} more)",
        "integrity_unread": (
            "integrity — the grader could not read {file} ({detail}); the function scores 0 — tell your instructor"
        ),
        "no_raise": "did not raise {exc} for {case}",
        "assert_used": "used assert for input validation (AssertionError: {detail}); raise {exc} instead",
        "wrong_exc": "raised {got} for {case}, expected {exc}: {detail}",
        "mention": "raised {exc}, but its message {detail!r} does not mention {missing}",
        "raised": "raised {type}: {detail}{where}",
        "not_implemented": "not implemented yet",
        "timeout": "took too long: {detail}",
        "crashed": "crashed: {detail}",
        "import_failed": "{detail}",
        "needs_extra": "{module}.py: not checked — it needs {packages}, which is not installed here; run: {command}",
        "missing": "{detail}",
        "ungradable": "{detail}",
        "grader_error": "could not be evaluated (grader error: {detail}); it scores 0 — tell your instructor",
        "no_checks": "no checks ran for this function; it scores 0",
        "passed": "all checks passed",
        "summary": "Score: {points:g} / {max_points:g}",
        "checks_failed": "{failed} of {total} checks failed",
        "data_missing": (
            "{files} is not on this computer and could not be downloaded ({reason}). Install the course's data: "
            "`dlgrade data install` (from the mirror set by --mirror or DLGRADE_DATA_MIRROR), or "
            "`dlgrade data install BUNDLE_OR_URL` with the bundle your instructor gives you; "
            "`dlgrade data status` shows what is installed"
        ),
        "data_no_source": (
            "no bundle given and no mirror set: run `dlgrade data install BUNDLE_OR_URL` with the bundle or link "
            "your instructor gives you, or set DLGRADE_DATA_MIRROR (or --mirror) to your course's mirror"
        ),
        "data_downloading": "downloading the data bundle: {progress}",
        "data_rejected": "bundle {source} rejected, nothing installed: {detail}",
        "data_installed": "installed {name}: {places}",
        "data_unchanged": "already installed {name}: {places}",
        "data_install_done": "{count} files verified (SHA-256) and installed from {source}",
        "data_folder": "dlgrade data folder: {folder}",
        "keras_folder": "Keras's cache: {folder}",
        "data_verified": "verified",
        "data_absent": "missing",
        "data_damaged": "not the original file ({detail})",
        "data_optional": "missing (optional)",
        "data_fix": "missing or damaged: {names} — run: dlgrade data install [BUNDLE_OR_URL]",
        "data_all_there": "every dataset the exercises use is installed and verified",
        "cell_head": "{function}: {status}, {points:g} of {max_points:g} points",
        "results_title": "Your results: {module}.py",
        "results_columns": "| function | points | status |",
        "results_total": "Total: {points:g} / {max_points:g} points (before any late-submission penalty)",
        "results_where": "Each function's cell below shows its message and, for a trained model, its learning curves.",
        "isolation_full": "Your code ran in an isolated sandbox (isolation level: {level}).",
        "isolation_weak": "Your code ran with weaker isolation than usual (level: {level}): {detail}.",
        "isolation_unknown": "The isolation level your code ran at was not recorded.",
        "curves_alt": "learning curves of {function}: loss and accuracy per epoch",
        "notebook_not_json": (
            "{name} is not a valid notebook file (not JSON: {detail}); save it again from Jupyter or Colab "
            "(File → Download → .ipynb) and hand it in again; this module scores 0"
        ),
        "notebook_not_notebook": (
            "{name} is not a Jupyter notebook (nbformat 4, with cells); hand in the notebook as Jupyter or Colab "
            "saves it; this module scores 0"
        ),
        "notebook_too_large": (
            "{name} is larger than {limit} MB; clear its outputs (Edit → Clear all outputs), save it and hand it "
            "in again; this module scores 0"
        ),
        "notebook_unreadable": "{name} could not be read ({detail}); hand it in again; this module scores 0",
        "notebook_is_assignment": (
            "{module}.py is missing: {name} is the course's assignment notebook, which grades {module}.py; "
            "hand in {module}.py (or the exercise notebook, saved as {name}); this module scores 0"
        ),
        "notebook_syntax": (
            "{name}: code cell {cell} ({first}), line {line}: {detail} — fix that cell so that it runs; "
            "this module scores 0 until every code cell is valid Python"
        ),
        "notebook_skipped": "In [{cell}] ({first}) was left out, line {line}: {detail} — fix that cell and run it again",
        "notebook_no_kernel": (
            "check() reads the cells run in a Jupyter or Colab notebook; elsewhere run `pytest` in the "
            "exercises folder, or pass notebook=\"FILE.ipynb\""
        ),
        "notebook_title": "{module}: the public checks, on the code of this notebook",
        "notebook_columns": "function|points|status|details",
        "notebook_note": (
            "Checked: the cells you have run, as you last ran them (run every cell first). "
            "Your grade comes from more thorough hidden checks."
        ),
    },
    "zh": {
        "type": "{what}：返回了 {got}，应为 NumPy 数组",
        "shape": "{what}：形状为 {got}，应为 {expected}",
        "dtype": "{what}：返回了 {got}，应为 {expected}",
        "values": (
            "{what}：{total} 个值中有 {count} 个不同（rtol={rtol:g}，atol={atol:g}）；"
            "第一个位于索引 {index}：应为 {expected}，实际为 {got}"
        ),
        "scalar_type": "{what}：返回了 {got}，应为一个数",
        "scalar": "{what}：应为 {expected}，实际为 {got}（rtol={rtol:g}，atol={atol:g}）",
        "modified": "修改了输入参数（{args}）：函数不能改变它的参数——请在副本上操作",
        "integrity": "在 naive_* 函数中使用了整个数组的 NumPy 运算（{ops}）；请自己逐元素写循环",
        "no_loop": "没有逐元素循环：共 {elements} 个元素，却只执行了 {lines} 步 Python 代码——是向量化的 NumPy 运算完成了计算",
        "integrity_static": "完整性——{where} 第 {line} 行使用了 {construct}：请自己逐元素写循环{more}",
        "integrity_helper": "{helper}（由 {function} 调用）",
        "integrity_more": "（另有 {count} 处）",
        "integrity_unread": "完整性——评分程序无法读取 {file}（{detail}）；此函数记 0 分——请告诉老师",
        "no_raise": "对于 {case} 没有抛出 {exc}",
        "assert_used": "用 assert 检查输入（AssertionError：{detail}）；应抛出 {exc}",
        "wrong_exc": "对于 {case} 抛出了 {got}，应抛出 {exc}：{detail}",
        "mention": "抛出了 {exc}，但其消息 {detail!r} 没有提到 {missing}",
        "raised": "抛出了异常 {type}：{detail}{where}",
        "not_implemented": "尚未实现",
        "timeout": "运行时间过长：{detail}",
        "crashed": "进程崩溃：{detail}",
        "import_failed": "导入失败：{detail}",
        "needs_extra": "{module}.py：未检查——它需要 {packages}，但这里没有安装；请运行：{command}",
        "missing": "缺少函数：{detail}",
        "ungradable": "返回值无法评分：{detail}",
        "grader_error": "无法评估（评分程序错误：{detail}）；记 0 分——请告诉老师",
        "no_checks": "此函数没有运行任何检查；记 0 分",
        "passed": "全部检查通过",
        "summary": "得分：{points:g} / {max_points:g}",
        "checks_failed": "{total} 项检查中有 {failed} 项未通过",
        "data_missing": (
            "本机上没有 {files}，也无法下载（{reason}）。请安装课程数据：`dlgrade data install`"
            "（从 --mirror 或 DLGRADE_DATA_MIRROR 指定的镜像下载），或 `dlgrade data install BUNDLE_OR_URL`"
            "（使用老师提供的数据包或链接）；`dlgrade data status` 显示已安装的数据"
        ),
        "data_no_source": (
            "没有指定数据包，也没有设置镜像：请运行 `dlgrade data install BUNDLE_OR_URL`（老师提供的数据包或链接），"
            "或把 DLGRADE_DATA_MIRROR（或 --mirror）设为课程的镜像地址"
        ),
        "data_downloading": "正在下载数据包：{progress}",
        "data_rejected": "数据包 {source} 被拒绝，未安装任何文件：{detail}",
        "data_installed": "已安装 {name}：{places}",
        "data_unchanged": "已存在 {name}：{places}",
        "data_install_done": "已校验（SHA-256）并安装 {count} 个文件，来自 {source}",
        "data_folder": "dlgrade 数据文件夹：{folder}",
        "keras_folder": "Keras 缓存：{folder}",
        "data_verified": "已校验",
        "data_absent": "缺失",
        "data_damaged": "不是原始文件（{detail}）",
        "data_optional": "缺失（可选）",
        "data_fix": "缺失或损坏：{names}——请运行：dlgrade data install [BUNDLE_OR_URL]",
        "data_all_there": "练习所用的数据集均已安装并通过校验",
        "cell_head": "{function}：{status}，{points:g} / {max_points:g} 分",
        "results_title": "你的成绩：{module}.py",
        "results_columns": "| 函数 | 得分 | 状态 |",
        "results_total": "总分：{points:g} / {max_points:g}（未计迟交扣分）",
        "results_where": "下面每个函数的单元格显示其评语；训练模型的单元格还显示学习曲线。",
        "isolation_full": "你的代码在隔离的沙箱中运行（隔离级别：{level}）。",
        "isolation_weak": "你的代码的隔离弱于通常水平（级别：{level}）：{detail}。",
        "isolation_unknown": "未记录你的代码运行时的隔离级别。",
        "curves_alt": "{function} 的学习曲线：每轮的损失和准确率",
        "notebook_not_json": (
            "{name} 不是有效的笔记本文件（不是 JSON：{detail}）；请在 Jupyter 或 Colab 中重新保存"
            "（文件 → 下载 → .ipynb）后重新提交；本模块记 0 分"
        ),
        "notebook_not_notebook": (
            "{name} 不是 Jupyter 笔记本（nbformat 4，含单元格）；请提交 Jupyter 或 Colab 保存的笔记本；本模块记 0 分"
        ),
        "notebook_too_large": "{name} 超过 {limit} MB；请清除输出（编辑 → 清除所有输出）、保存后重新提交；本模块记 0 分",
        "notebook_unreadable": "无法读取 {name}（{detail}）；请重新提交；本模块记 0 分",
        "notebook_is_assignment": (
            "缺少 {module}.py：{name} 是课程的作业笔记本，用于给 {module}.py 评分；"
            "请提交 {module}.py（或保存为 {name} 的练习笔记本）；本模块记 0 分"
        ),
        "notebook_syntax": (
            "{name}：第 {cell} 个代码单元格（{first}）第 {line} 行：{detail}——请修改该单元格使其能够运行；"
            "在所有代码单元格都是合法的 Python 之前，本模块记 0 分"
        ),
        "notebook_skipped": "In [{cell}]（{first}）未被采用，第 {line} 行：{detail}——请修改该单元格并重新运行",
        "notebook_no_kernel": (
            "check() 读取 Jupyter 或 Colab 笔记本中已运行的单元格；在其他环境中请在 exercises 文件夹中运行 "
            "`pytest`，或传入 notebook=\"文件.ipynb\""
        ),
        "notebook_title": "{module}：对本笔记本代码的公开检查",
        "notebook_columns": "函数|得分|状态|说明",
        "notebook_note": "检查的是你已运行的单元格（以最后一次运行为准；请先运行所有单元格）。成绩由更全面的隐藏检查给出。",
    },
}


TRADITIONAL_NOTE: Final = "註：dlgrade 的訊息以簡體中文顯示（尚無繁體中文版本）。"
"""Shown once above the table to a learner whose language is Traditional Chinese."""

LOCALE_VARIABLES: Final = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
"""Where POSIX programs look for the language of their messages, in gettext's order."""

WINDOWS_CHINESE: Final[Mapping[int, str]] = {
    0x0804: "zh_CN", 0x1004: "zh_SG", 0x0004: "zh_Hans",  # Simplified
    0x0404: "zh_TW", 0x0C04: "zh_HK", 0x1404: "zh_MO", 0x7C04: "zh_Hant",  # Traditional
}  # fmt: skip
"""Windows language identifiers (LANGIDs) of Chinese, as locale tags."""

APPLE_TIMEOUT: Final = 2.0
"""Seconds ``defaults read -g AppleLanguages`` may take before macOS's preference is ignored."""


@dataclass(frozen=True)
class Preference:
    """The learner's language: ``lang`` (one of :data:`LANGUAGES`) and whether they read Traditional Chinese."""

    lang: str
    traditional: bool = False

    @property
    def note(self) -> str:
        """The line to show once above Chinese output for a reader of Traditional Chinese (else empty)."""
        return TRADITIONAL_NOTE if self.lang == "zh" and self.traditional else ""


def chinese_script(tag: str) -> str | None:
    """``"Hant"`` (Traditional) or ``"Hans"`` (Simplified) for a Chinese locale tag, else None.

    Tags as environments, Apple, Windows and Python spell them: ``zh_TW.UTF-8``, ``zh-Hant-HK``,
    ``zh_CN:zh`` (a ``LANGUAGE`` list), ``Chinese (Traditional)_Taiwan``.
    """
    first = re.split(r"[:.@]", tag.strip(), maxsplit=1)[0].replace("-", "_").lower()
    if first.startswith("chinese"):  # Windows' names, from Python's locale on Windows
        return "Hant" if any(w in first for w in ("traditional", "taiwan", "hong kong", "macao")) else "Hans"
    parts = first.split("_")
    if parts[0] != "zh":
        return None
    if "hant" in parts[1:] or (len(parts) > 1 and parts[1] in ("tw", "hk", "mo")):
        return "Hant"
    return "Hans"


def environment_locale(environ: Mapping[str, str]) -> str | None:
    """The first locale the environment names, in gettext's order; ``C`` and ``POSIX`` name no language."""
    for name in LOCALE_VARIABLES:
        value = environ.get(name, "").split(":")[0].strip()
        if value and value.split(".")[0].upper() not in ("C", "POSIX"):
            return value
    return None


def windows_locale(langid: int | None) -> str | None:
    """The locale tag of a Windows UI language identifier (e.g. 0x0404 → ``zh_TW``), None if unknown."""
    if langid is None:
        return None
    return WINDOWS_CHINESE.get(langid) or locale.windows_locale.get(langid)


def apple_locale(output: str) -> str | None:
    """The first language of ``defaults read -g AppleLanguages``'s output (``("zh-Hant-TW", "en-US")``)."""
    found = re.search(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*", output)
    return found.group(0) if found else None


def system_locale(
    environ: Mapping[str, str] | None = None,
    platform: str = sys.platform,
    *,
    windows_ui: Callable[[], int | None] | None = None,
    apple_languages: Callable[[], str | None] | None = None,
    python_locale: Callable[[], str | None] | None = None,
) -> str | None:
    """The operating system's language as a locale tag (e.g. ``zh_TW.UTF-8``), None when nothing says.

    The environment (:data:`LOCALE_VARIABLES`) on every platform; then, on Windows, the user's UI
    language (``GetUserDefaultUILanguage``), on macOS the first of ``AppleLanguages``; then
    Python's locale. The platform's sources are parameters so that each path can be tested on
    any machine; by default they ask this machine (each only on its own platform).
    """
    tag = environment_locale(os.environ if environ is None else environ)
    if tag is None and platform == "win32":
        tag = windows_locale((windows_ui or _windows_ui_language)())
    elif tag is None and platform == "darwin":
        tag = (apple_languages or _apple_languages)()
    if tag is None:
        tag = (python_locale or _python_locale)()
    return tag


def _windows_ui_language() -> int | None:
    """The user's Windows UI language identifier (LANGID); None elsewhere or if Windows does not say."""
    if sys.platform != "win32":
        return None
    import ctypes

    try:
        return int(ctypes.windll.kernel32.GetUserDefaultUILanguage())
    except (AttributeError, OSError):  # a Windows without the call (Wine, very old versions)
        return None


@functools.cache
def _apple_languages() -> str | None:
    """The first of macOS's preferred languages; None elsewhere, or if ``defaults`` fails or hangs."""
    if sys.platform != "darwin":
        return None
    try:
        done = subprocess.run(["defaults", "read", "-g", "AppleLanguages"], capture_output=True, text=True,
                              timeout=APPLE_TIMEOUT, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return apple_locale(done.stdout) if done.returncode == 0 else None


def _python_locale() -> str | None:
    """Python's idea of the locale (on Windows, the regional format's language)."""
    try:
        name = locale.getlocale()[0]
    except ValueError:  # an unparsable locale setting
        return None
    return name if name and name.split(".")[0].upper() not in ("C", "POSIX") else None


def preference(explicit: str | None = None, *, system: Callable[[], str | None] = system_locale) -> Preference:
    """The learner's language: ``explicit`` (``--lang``), else ``DLGRADE_LANG``, else the system's, else English.

    An override without a script (``zh``) keeps the system's Traditional Chinese, if that is what it is;
    ``DLGRADE_LANG=zh_TW`` (or ``zh-Hant``) says Traditional itself.
    """
    for candidate in (explicit, os.environ.get("DLGRADE_LANG")):
        if candidate and candidate.lower()[:2] in LANGUAGES:
            lang = candidate.lower()[:2]
            if lang != "zh":
                return Preference(lang)
            if candidate.strip().lower() != "zh":
                return Preference(lang, chinese_script(candidate) == "Hant")
            return Preference(lang, chinese_script(system() or "") == "Hant")
    script = chinese_script(system() or "")
    return Preference("zh", script == "Hant") if script else Preference("en")


def language(explicit: str | None = None) -> str:
    """The language to use: ``explicit``, else ``DLGRADE_LANG``, else the system's language, else English."""
    return preference(explicit).lang


def text(key: str, lang: str = "en", **params: Any) -> str:
    """Render one message.

    Raises:
        KeyError: for an unknown key or language.
    """
    return TEMPLATES[lang][key].format(**params)


def both(key: str, **params: Any) -> dict[str, str]:
    """Render one message in every language."""
    return {lang: text(key, lang, **params) for lang in LANGUAGES}
