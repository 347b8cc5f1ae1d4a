"""The class report's page: self-contained, escaped, linked to the feedback files, in English and Chinese."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from grader.cli import main
from grader.report.build import build_report, default_output
from tests.report.helpers import SCRIPT, report_of, write_class

HISTORY = {"loss": (0.5, 0.3, 0.2), "accuracy": (0.8, 0.9, 0.95), "val_loss": (0.4, 0.3, 0.25),
           "val_accuracy": (0.85, 0.9, 0.93)}


def _class(course: Path) -> None:
    write_class(course, "tensor_ops", {
        "ada": report_of("tensor_ops"),
        "ben": report_of("tensor_ops", {"naive_add": (0.0, "failed", f"raised ValueError: {SCRIPT} & more")}),
        "cy": report_of("tensor_ops", {"naive_relu": (1.0, "failed", "shape (3,2), expected (2, 3)")}),
    })


def test_learner_text_is_escaped_everywhere(tmp_path: Path) -> None:
    """A message and a student id holding <script> show as text: the page has no script element at all."""
    _class(tmp_path)
    write_class(tmp_path, "tensor_ops", {'<img src=x onerror="alert(1)">': report_of("tensor_ops")}, feedback=False)
    page = build_report(tmp_path, "tensor_ops").read_text(encoding="utf-8")
    assert "<script" not in page.lower() and "<img" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page


def test_the_page_is_self_contained(tmp_path: Path) -> None:
    """Nothing is fetched: no script, stylesheet link, external image or font; SVG namespaces are the only URLs."""
    _class(tmp_path)
    page = build_report(tmp_path, "tensor_ops").read_text(encoding="utf-8")
    urls = set(re.findall(r"https?://[^\s\"'<>]+", page))
    assert urls == {"http://www.w3.org/2000/svg"}
    assert not re.search(r"<(script|iframe|object|embed)\b|@import|url\(|<link rel=\"stylesheet\"", page)
    assert re.findall(r'<link rel="icon" href="([^"]+)"', page) == ["data:,"]


def test_each_learner_row_links_to_the_feedback_the_batch_wrote(tmp_path: Path) -> None:
    """Relative links from wherever the page is written to COURSE/dlgrade/<a>/feedback/<student>.md."""
    _class(tmp_path)
    page = build_report(tmp_path, "tensor_ops").read_text(encoding="utf-8")
    assert page.count('<a href="feedback/') == 3 and '<a href="feedback/ben.md">' in page
    elsewhere = build_report(tmp_path, "tensor_ops", output=tmp_path / "reports" / "week1.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="([^"]+)"', elsewhere)
    assert links == ["../dlgrade/tensor_ops/feedback/ada.md", "../dlgrade/tensor_ops/feedback/ben.md",
                     "../dlgrade/tensor_ops/feedback/cy.md"]
    assert all((tmp_path / "reports" / link).resolve().is_file() for link in links)


def test_functions_isolation_and_times_are_shown(tmp_path: Path) -> None:
    """Per function: pass rate, mean, grouped failures; the isolation level and grading times in the summary."""
    _class(tmp_path)
    page = build_report(tmp_path, "tensor_ops").read_text(encoding="utf-8")
    relu = re.search(r'<tr data-function="naive_relu">.*?</tr>', page)
    assert relu is not None
    assert "2/3 (67 %)" in relu.group() and ">1.67<" in relu.group() and "shape (…), expected (…)" in relu.group()
    assert '<dd id="summary-isolation">namespaces</dd>' in page
    assert '<dd id="summary-grading_total">1.5 s</dd>' in page
    assert re.findall(r'data-count="(\d+)"', page) == ["0"] * 28 + ["1", "2"]  # a bar per point: 28 | 29, 30


def test_model_assignments_get_learning_curve_thumbnails_and_chinese_labels(tmp_path: Path) -> None:
    """An MNIST class: one scaled-down curves plot per learner with a history; --lang zh writes report.zh.html."""
    write_class(tmp_path, "mnist", {"ada": report_of("mnist", history=HISTORY), "ben": report_of("mnist", history=HISTORY),
                                    "cy": report_of("mnist", {"train": (0.0, "failed", "accuracy 0.5 < 0.97")})})
    path = build_report(tmp_path, "mnist", lang="zh")
    page = path.read_text(encoding="utf-8")
    assert path == default_output(tmp_path, "mnist", "zh") and path.name == "report.zh.html"
    assert page.count('<svg class="curves"') == 2 and 'viewBox="0 0 640 240" width="240" height="90"' in page
    assert "班级报告 — mnist" in page and "学习曲线" in page and 'lang="zh-Hans"' in page


def test_the_command_writes_the_report_and_refuses_an_ungraded_assignment(tmp_path: Path,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """`dlgrade report` prints where the page is; with nothing graded it says what to run (exit 2)."""
    _class(tmp_path)
    assert main(["report", "tensor_ops", "--course", str(tmp_path), "--output", str(tmp_path / "r.html")]) == 0
    assert str(tmp_path / "r.html") in capsys.readouterr().out and (tmp_path / "r.html").is_file()
    assert main(["report", "losses", "--course", str(tmp_path)]) == 2
    assert "run `dlgrade grade losses --course" in capsys.readouterr().err
