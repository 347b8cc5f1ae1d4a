"""The class report's words in English and Simplified Chinese (instructors read it; learners never do)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

LABELS: Final[Mapping[str, Mapping[str, str]]] = {
    "en": {
        "title": "Class report — {assignment}",
        "generated": "Made by dlgrade from the results files in {folder}; it reads no learner code.",
        "summary": "Summary",
        "learners": "learners graded",
        "mean": "mean score",
        "median": "median score",
        "full_marks": "full marks",
        "isolation": "isolation level",
        "isolation_weak": "below 'namespaces': {promise}",
        "grading_total": "grading time (all submissions)",
        "grading_median": "grading time per submission (median / slowest)",
        "learner_total": "time in learners' code (reported by their processes)",
        "histogram": "Score distribution",
        "histogram_caption": "Learners per score range, out of {max_total:g} points.",
        "bar_title": "{low:g}–{high:g} points: {count} learner(s)",
        "axis_score": "score",
        "axis_learners": "learners",
        "functions": "Functions",
        "function": "function",
        "points": "points",
        "pass_rate": "passed",
        "mean_points": "mean points",
        "failures": "most common failures (learners)",
        "none": "none",
        "example": "for example",
        "learners_section": "Learners",
        "student": "student",
        "score": "score",
        "feedback": "feedback",
        "feedback_link": "open",
        "no_feedback": "not written yet",
        "curves": "learning curves",
        "seconds": "grading s",
        "empty": "No graded submission of {assignment} yet: run dlgrade grade {assignment} --course COURSE first.",
    },
    "zh": {
        "title": "班级报告 — {assignment}",
        "generated": "由 dlgrade 根据 {folder} 中的结果文件生成；不读取任何学生代码。",
        "summary": "概况",
        "learners": "已评分学生",
        "mean": "平均分",
        "median": "中位数",
        "full_marks": "满分人数",
        "isolation": "隔离级别",
        "isolation_weak": "低于 'namespaces'：{promise}",
        "grading_total": "评分用时（全部提交）",
        "grading_median": "每份提交的评分用时（中位数 / 最慢）",
        "learner_total": "学生代码运行时间（由其进程报告）",
        "histogram": "分数分布",
        "histogram_caption": "各分数段的学生人数，满分 {max_total:g} 分。",
        "bar_title": "{low:g}–{high:g} 分：{count} 名学生",
        "axis_score": "分数",
        "axis_learners": "人数",
        "functions": "各函数",
        "function": "函数",
        "points": "分值",
        "pass_rate": "通过率",
        "mean_points": "平均得分",
        "failures": "最常见的错误（人数）",
        "none": "无",
        "example": "例如",
        "learners_section": "学生",
        "student": "学生",
        "score": "得分",
        "feedback": "反馈",
        "feedback_link": "打开",
        "no_feedback": "尚未生成",
        "curves": "学习曲线",
        "seconds": "评分秒数",
        "empty": "{assignment} 还没有已评分的提交：请先运行 dlgrade grade {assignment} --course COURSE。",
    },
}


def label(key: str, lang: str, **params: Any) -> str:
    """One of the report's words or sentences in ``lang``.

    Raises:
        KeyError: for an unknown key or language.
    """
    return LABELS[lang][key].format(**params)
