"""Learning curves as a PNG image: what a notebook output shows, and nbgrader's feedback HTML embeds.

The same panels as :func:`grader.feedback.curves.learning_curves_svg` (loss and accuracy per
epoch; training as dots, validation as a line, as the book draws them), drawn by matplotlib's
Agg canvas without pyplot (no global figure state). Metric names and values are the learner's:
only printable ASCII of a name is drawn, never parsed as mathtext; only values of a sane magnitude.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any, Final

from grader.feedback.curves import COLOURS, panels, series

SIZE: Final = (8.0, 3.2)
"""Inches of the whole figure (two panels side by side)."""
DPI: Final = 80
LABEL_LIMIT: Final = 40
"""Characters of a metric name drawn in a panel's title."""
VALUE_LIMIT: Final = 1e12
"""Values beyond this magnitude are not drawn, like non-finite ones (matplotlib cannot scale an axis to ±1e308)."""
_UNPRINTABLE: Final = re.compile(r"[^ -~]")


def _label(text: str) -> str:
    """Printable ASCII only (the bundled font has no other glyph for sure), bounded."""
    return _UNPRINTABLE.sub("?", text)[:LABEL_LIMIT]


def _drawable(value: float) -> bool:
    return math.isfinite(value) and abs(value) <= VALUE_LIMIT


def _draw(axes: Any, title: str, values: Mapping[str, Sequence[float]]) -> None:
    finite = [v for vs in values.values() for v in vs if _drawable(v)]
    axes.set_title(_label(title), fontsize=11, parse_math=False)
    axes.set_xlabel("epoch", fontsize=9)
    if not finite:
        axes.text(0.5, 0.5, "no data", ha="center", va="center", transform=axes.transAxes, parse_math=False)
        return
    for name, label, style in (("train", "training", "o"), ("val", "validation", "-")):
        points = [(epoch, v) for epoch, v in enumerate(values.get(name, ()), start=1) if _drawable(v)]
        if points:
            epochs, ys = zip(*points, strict=True)
            axes.plot(epochs, ys, style, color=COLOURS[name], label=label, markersize=4)
    low, high = min(finite), max(finite)
    margin = (high - low) * 0.05 or abs(high) * 0.05 or 1.0  # a constant series still gets a visible range
    axes.set_ylim(low - margin, high + margin)
    axes.legend(fontsize=8)
    axes.grid(alpha=0.3)


def learning_curves_png(history: Mapping[str, Sequence[float]], title: str = "") -> bytes:
    """The learning curves of a training history as PNG bytes (two panels, or one per metric found)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    metrics = panels(history) or [("loss", "Loss")]
    figure = Figure(figsize=SIZE, dpi=DPI)
    FigureCanvasAgg(figure)
    figure.subplots_adjust(left=0.08, right=0.98, bottom=0.16, top=0.88, wspace=0.25)
    for index, (metric, label) in enumerate(metrics, start=1):
        axes = figure.add_subplot(1, len(metrics), index)
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        _draw(axes, f"{title} {label}".strip(), series(history, metric))
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()
