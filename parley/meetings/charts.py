"""Server-side SVG for the meetings' pages: the common-ground trend chart.

A line with a labelled point per meeting on a 0-100% scale, which `parley.charts` does not draw
(its step chart holds a value over continuous time). Each SVG
carries a title for assistive technology; the page puts the same numbers in a table beside it.
Colours are attributes, not styles: the Content-Security-Policy allows no inline style.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 40
LINE = "#2b2b2b"
GRID = "#c8c8c8"


def trend_svg(points: Sequence[dict[str, Any]], labels: Sequence[str], title: str) -> SafeString:
    """A line of each meeting's share of statements with a majority on both sides (0 to 100%)."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(points) - 1, 1)

    def x(i: int) -> float:
        return LEFT + (i * step if len(points) > 1 else plot_w / 2)

    def y(share: float) -> float:
        return TOP + plot_h * (1 - share / 100)

    parts = [
        f'<svg class="trend-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="trend-title" '
        f'xmlns="http://www.w3.org/2000/svg"><title id="trend-title">{escape(title)}</title>'
    ]
    for tick in (0, 25, 50, 75, 100):
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="{GRID}"/>'
            f'<text x="{LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" font-size="12" fill="{LINE}">{tick}%</text>'
        )
    if len(points) > 1:
        path = " ".join(f"{x(i):.1f},{y(p['share']):.1f}" for i, p in enumerate(points))
        parts.append(f'<polyline points="{path}" fill="none" stroke="{LINE}" stroke-width="3"/>')
    for i, (point, label) in enumerate(zip(points, labels, strict=True)):
        parts.append(
            f'<circle cx="{x(i):.1f}" cy="{y(point["share"]):.1f}" r="5" fill="{LINE}"/>'
            f'<text x="{x(i):.1f}" y="{y(point["share"]) - 10:.1f}" text-anchor="middle" font-size="12" '
            f'fill="{LINE}">{point["common"]}/{point["voted"]}</text>'
            f'<text x="{x(i):.1f}" y="{HEIGHT - 14}" text-anchor="middle" font-size="12" fill="{LINE}">'
            f"{escape(label)}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text in it is escaped above
