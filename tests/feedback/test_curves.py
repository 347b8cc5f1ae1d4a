"""Learning curves: SVG plot, numbers beside it, and their place in the feedback."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from grader.feedback.curves import history_table, learning_curves_svg
from grader.feedback.text import curve_file, render_markdown, render_text
from grader.results import FunctionResult, ModuleResult, Report, history_from_json

HISTORY = {
    "loss": (0.6, 0.4, 0.3, 0.25),
    "accuracy": (0.7, 0.8, 0.85, 0.88),
    "val_loss": (0.5, 0.42, 0.4, 0.41),
    "val_accuracy": (0.75, 0.83, 0.86, 0.86),
}
SVG = "{http://www.w3.org/2000/svg}"


def test_svg_draws_training_dots_and_validation_lines() -> None:
    """The plot is valid SVG with one dot per training epoch per panel and a validation line per panel."""
    root = ET.fromstring(learning_curves_svg(HISTORY, "imdb.train"))  # noqa: S314 - our own SVG
    assert len(root.findall(f"{SVG}circle")) == 2 * 4
    lines = root.findall(f"{SVG}polyline")
    assert len(lines) == 2
    assert all(len(line.get("points", "").split()) == 4 for line in lines)
    titles = [t.text for t in root.findall(f"{SVG}text")]
    assert "imdb.train Loss" in titles and "imdb.train Accuracy" in titles


def test_svg_without_validation_or_accuracy_still_has_two_panels() -> None:
    """Training-only histories (MNIST) and other metrics (MAE) are drawn too."""
    root = ET.fromstring(learning_curves_svg({"loss": (3.0, 2.0), "mae": (1.5, 1.2)}))  # noqa: S314 - our own SVG
    assert len(root.findall(f"{SVG}circle")) == 4
    assert root.findall(f"{SVG}polyline") == []


def test_history_table_lists_every_epoch_and_metric() -> None:
    """The numbers beside the plot: one row per epoch, training columns before validation ones."""
    table = history_table(HISTORY)
    assert table[0] == "| epoch | accuracy | loss | val_accuracy | val_loss |"
    assert len(table) == 2 + 4
    assert table[-1] == "| 4 | 0.8800 | 0.2500 | 0.8600 | 0.4100 |"


def test_feedback_links_the_plot_and_shows_the_numbers() -> None:
    """Markdown feedback embeds the curve file and the table; the text summary shows the trend.

    It says the numbers are the learner's own History's: a forged History must not read as the grader's measurement.
    """
    f = FunctionResult("train", 5.0, 5.0, "passed", "all checks passed", (), HISTORY)
    report = Report((ModuleResult("imdb", (f,)),))
    markdown = render_markdown(report, "en", student="ada")
    assert f"![Learning curves]({curve_file('ada', 'imdb', 'train')})" in markdown
    assert "| 4 | 0.8800 | 0.2500 | 0.8600 | 0.4100 |" in markdown
    assert "as the History your code returned reports them" in markdown
    assert "4 epochs: accuracy 0.7 → 0.88" in render_text(report)
    assert "学习曲线" in render_markdown(report, "zh", student="ada")


def test_history_round_trips_through_json_and_rejects_garbage() -> None:
    """The results file keeps the history; malformed histories are dropped, never trusted."""
    f = FunctionResult("train", 5.0, 5.0, "passed", "", (), HISTORY)
    assert history_from_json(f.to_json()["history"]) == HISTORY
    assert history_from_json({"loss": ["x"], 3: [1.0]}) is None
    assert history_from_json("nope") is None
