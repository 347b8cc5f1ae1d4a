"""The class report's plots as inline SVG: the score histogram and learning-curve thumbnails.

No plotting library and nothing fetched: the page opens from disk. Each histogram bar carries
its range and the scores in it as data attributes and a ``<title>`` tooltip, so a reader (or a
test driving a browser) can check what it shows.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from html import escape
from typing import Final

from grader.feedback.curves import learning_curves_svg
from grader.report.data import Bin
from grader.report.labels import label

WIDTH: Final = 640
HEIGHT: Final = 240
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 16, 44
BAR_COLOUR: Final = "#3b6ea8"
THUMB_WIDTH: Final = 240
_SVG_OPEN = re.compile(r'<svg xmlns="http://www.w3.org/2000/svg" width="(\d+)" height="(\d+)"')


def _attr(value: object) -> str:
    return escape(str(value), quote=True)


def _tick_every(step: float) -> int:
    """Label every n-th bar's lower bound, so that labels stay at least 28 pixels apart."""
    return max(1, math.ceil(28 / step))


def _bar(index: int, item: Bin, step: float, tallest: int, lang: str) -> list[str]:
    plot_h = HEIGHT - TOP - BOTTOM
    x = LEFT + index * step
    height = plot_h * len(item.scores) / tallest if tallest else 0.0
    y = TOP + plot_h - height
    scores = " ".join(f"{s:g}" for s in item.scores)
    title = label("bar_title", lang, low=item.low, high=item.high, count=len(item.scores))
    tick = "" if index % _tick_every(step) else (
        f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 14}" text-anchor="middle" font-size="10">{item.low:g}</text>')
    parts = [f'<rect class="bar" x="{x + 2:.1f}" y="{y:.1f}" width="{step - 4:.1f}" height="{height:.1f}" '
             f'fill="{BAR_COLOUR}" data-low="{item.low:g}" data-high="{item.high:g}" '
             f'data-count="{len(item.scores)}" data-scores="{_attr(scores)}"><title>{escape(title)}</title></rect>', tick]
    if item.scores:
        parts.append(f'<text x="{x + step / 2:.1f}" y="{y - 3:.1f}" text-anchor="middle" font-size="11">'
                     f'{len(item.scores)}</text>')
    return parts


def histogram_svg(bins: Sequence[Bin], lang: str) -> str:
    """The score histogram: one bar per range, its height the number of learners in it."""
    step = (WIDTH - LEFT - RIGHT) / max(1, len(bins))
    tallest = max((len(b.scores) for b in bins), default=0)
    body = [f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" y2="{HEIGHT - BOTTOM}" stroke="#555"/>',
            f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{HEIGHT - BOTTOM}" stroke="#555"/>']
    for index, item in enumerate(bins):
        body += _bar(index, item, step, tallest, lang)
    if bins:
        body.append(f'<text x="{WIDTH - RIGHT}" y="{HEIGHT - BOTTOM + 14}" text-anchor="end" font-size="10">'
                    f'{bins[-1].high:g}</text>')
    body += [f'<text x="{(LEFT + WIDTH - RIGHT) / 2}" y="{HEIGHT - 8}" text-anchor="middle" font-size="12">'
             f'{escape(label("axis_score", lang))}</text>',
             f'<text x="12" y="{(TOP + HEIGHT - BOTTOM) / 2}" text-anchor="middle" font-size="12" '
             f'transform="rotate(-90 12 {(TOP + HEIGHT - BOTTOM) / 2})">{escape(label("axis_learners", lang))}</text>',
             f'<text x="{LEFT - 4}" y="{TOP + 4}" text-anchor="end" font-size="10">{tallest}</text>']
    return (f'<svg id="histogram" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
            f'width="{WIDTH}" height="{HEIGHT}" font-family="sans-serif" role="img">{"".join(body)}</svg>')


def thumbnail(history: Mapping[str, Sequence[float]], title: str, width: int = THUMB_WIDTH) -> str:
    """A learner's learning curves (:func:`grader.feedback.curves.learning_curves_svg`) scaled down to ``width``."""
    svg = learning_curves_svg(history, title)
    found = _SVG_OPEN.search(svg)
    if found is None:  # another drawing of the curves: shown at its own size rather than not at all
        return svg
    full_w, full_h = int(found.group(1)), int(found.group(2))
    height = round(full_h * width / full_w)
    opening = (f'<svg class="curves" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {full_w} {full_h}" '
               f'width="{width}" height="{height}"')
    return svg[:found.start()] + opening + svg[found.end():]
