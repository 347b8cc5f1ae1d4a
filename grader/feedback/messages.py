"""Learner-facing messages in English and Simplified Chinese.

Every message is a template key with parameters; :func:`text` renders it in one language,
:func:`both` in all. The language comes from ``--lang``, else ``DLGRADE_LANG``, else the
locale (``LANG=zh_CN.UTF-8`` gives Chinese), else English.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
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
        "missing": "{detail}",
        "ungradable": "{detail}",
        "grader_error": "could not be evaluated (grader error: {detail}); it scores 0 — tell your instructor",
        "no_checks": "no checks ran for this function; it scores 0",
        "passed": "all checks passed",
        "summary": "Score: {points:g} / {max_points:g}",
        "checks_failed": "{failed} of {total} checks failed",
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
        "missing": "缺少函数：{detail}",
        "ungradable": "返回值无法评分：{detail}",
        "grader_error": "无法评估（评分程序错误：{detail}）；记 0 分——请告诉老师",
        "no_checks": "此函数没有运行任何检查；记 0 分",
        "passed": "全部检查通过",
        "summary": "得分：{points:g} / {max_points:g}",
        "checks_failed": "{total} 项检查中有 {failed} 项未通过",
    },
}


def language(explicit: str | None = None) -> str:
    """The language to use: ``explicit``, else ``DLGRADE_LANG``, else the locale, else English."""
    for candidate in (explicit, os.environ.get("DLGRADE_LANG")):
        if candidate:
            lang = candidate.lower()[:2]
            if lang in LANGUAGES:
                return lang
    locale = os.environ.get("LC_ALL") or os.environ.get("LANG") or ""
    return "zh" if locale.lower().startswith("zh") else "en"


def text(key: str, lang: str = "en", **params: Any) -> str:
    """Render one message.

    Raises:
        KeyError: for an unknown key or language.
    """
    return TEMPLATES[lang][key].format(**params)


def both(key: str, **params: Any) -> dict[str, str]:
    """Render one message in every language."""
    return {lang: text(key, lang, **params) for lang in LANGUAGES}
