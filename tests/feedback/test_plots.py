"""Learning curves as PNG: any history a learner's training returns draws, deterministically."""

from __future__ import annotations

import struct

import pytest

from grader.feedback.plots import learning_curves_png

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _png_size(png: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    assert png.startswith(PNG_MAGIC)
    width, height = struct.unpack(">II", png[16:24])
    return width, height


@pytest.mark.parametrize("history", [
    {},
    {"loss": (1.0,)},
    {"loss": (0.5, 0.5, 0.5), "val_loss": (float("nan"),) * 3},
    {"$\\frac{1}{0}$": (1.0, 2.0), "损失": (3.0, float("inf"))},
    {"loss": tuple(float(i) for i in range(1000)), "mae": (1e300, -1e300)},
    {"loss": (1.7e308, -1.7e308), "accuracy": (1e308, 1e308)},
    {"loss": (1.7e308, 0.0), "val_loss": (5e-324, 0.0)},
])
def test_learning_curves_png_draws_any_history(history: dict[str, tuple[float, ...]]) -> None:
    """Empty, single-epoch, constant, non-finite, huge, mathtext and non-ASCII histories draw (warnings are errors here).

    A failure here would cost the learner more than a picture: the notebook is built before the grades are recorded.
    """
    png = learning_curves_png(history, "m.f")
    assert _png_size(png) == (640, 256)
    assert png == learning_curves_png(history, "m.f")
