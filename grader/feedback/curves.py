"""Learning curves as standalone SVG: loss and accuracy per epoch, training and validation.

Drawn the way the book draws them (training as dots, validation as a line), with no
plotting library: the feedback files stay plain text and the package light.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from html import escape

WIDTH, HEIGHT, PAD = 320, 220, 36
PANELS = (("loss", "Loss"), ("accuracy", "Accuracy"))
COLOURS = {"train": "#1f77b4", "val": "#d62728"}


def _series(history: Mapping[str, Sequence[float]], metric: str) -> dict[str, Sequence[float]]:
    out = {}
    for key, values in history.items():
        base = key[4:] if key.startswith("val_") else key
        if base == metric or (metric == "accuracy" and base.endswith("accuracy")):
            out["val" if key.startswith("val_") else "train"] = values
    return out


def _panel(x0: int, metric: str, title: str, series: Mapping[str, Sequence[float]]) -> list[str]:
    values = [v for vs in series.values() for v in vs if math.isfinite(v)]
    epochs = max((len(vs) for vs in series.values()), default=0)
    parts = [f'<text x="{x0 + WIDTH / 2}" y="18" text-anchor="middle" font-size="13">{escape(title)}</text>',
             f'<rect x="{x0 + PAD}" y="{PAD}" width="{WIDTH - 2 * PAD}" height="{HEIGHT - 2 * PAD}" '
             'fill="none" stroke="#999"/>']
    if not values or epochs == 0:
        return [*parts, f'<text x="{x0 + WIDTH / 2}" y="{HEIGHT / 2}" text-anchor="middle">no data</text>']
    low, high = min(values), max(values)
    span = (high - low) or 1.0

    def point(i: int, v: float) -> tuple[float, float]:
        x = x0 + PAD + (WIDTH - 2 * PAD) * (i / max(1, epochs - 1))
        y = HEIGHT - PAD - (HEIGHT - 2 * PAD) * ((v - low) / span)
        return round(x, 1), round(y, 1)

    for name, vs in series.items():
        pts = [point(i, v) for i, v in enumerate(vs) if math.isfinite(v)]
        colour = COLOURS[name]
        if name == "val":
            path = " ".join(f"{x},{y}" for x, y in pts)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        else:
            parts += [f'<circle cx="{x}" cy="{y}" r="3" fill="{colour}"/>' for x, y in pts]
    parts += [
        f'<text x="{x0 + PAD - 4}" y="{PAD + 4}" text-anchor="end" font-size="10">{high:.3g}</text>',
        f'<text x="{x0 + PAD - 4}" y="{HEIGHT - PAD}" text-anchor="end" font-size="10">{low:.3g}</text>',
        f'<text x="{x0 + WIDTH / 2}" y="{HEIGHT - 8}" text-anchor="middle" font-size="10">epochs 1–{epochs}</text>',
    ]
    return parts


def panels(history: Mapping[str, Sequence[float]]) -> list[tuple[str, str]]:
    """The (metric, label) of the two panels drawn: loss and accuracy, else the history's other metrics."""
    metrics = [(m, t) for m, t in PANELS if _series(history, m)]
    if len(metrics) < 2:
        others = sorted({k[4:] if k.startswith("val_") else k for k in history} - {m for m, _ in metrics})
        metrics += [(m, m) for m in others[: 2 - len(metrics)]]
    return metrics


def series(history: Mapping[str, Sequence[float]], metric: str) -> dict[str, Sequence[float]]:
    """The ``train`` and ``val`` values of one panel's metric (either may be missing)."""
    return _series(history, metric)


def learning_curves_svg(history: Mapping[str, Sequence[float]], title: str = "") -> str:
    """Two panels (loss, accuracy or other metric); training dots, validation line."""
    metrics = panels(history)
    body = []
    for i, (metric, label) in enumerate(metrics):
        body += _panel(i * WIDTH, metric, f"{title} {label}".strip(), _series(history, metric))
    legend = (f'<text x="8" y="{HEIGHT + 14}" font-size="11" fill="{COLOURS["train"]}">● training</text>'
              f'<text x="90" y="{HEIGHT + 14}" font-size="11" fill="{COLOURS["val"]}">— validation</text>')
    width = WIDTH * max(1, len(metrics))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{HEIGHT + 20}" '
            f'font-family="sans-serif">{"".join(body)}{legend}</svg>\n')


def history_table(history: Mapping[str, Sequence[float]]) -> list[str]:
    """The numbers beside the plot, as Markdown table lines."""
    keys = sorted(history, key=lambda k: (k.startswith("val_"), k))
    epochs = max((len(v) for v in history.values()), default=0)
    lines = ["| epoch | " + " | ".join(keys) + " |", "|---" * (len(keys) + 1) + "|"]
    for e in range(epochs):
        cells = [f"{history[k][e]:.4f}" if e < len(history[k]) else "" for k in keys]
        lines.append(f"| {e + 1} | " + " | ".join(cells) + " |")
    return lines
