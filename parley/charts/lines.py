"""A step chart: cumulative counts over time, one line per series (participation per side, a trend)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from parley.charts.svg import GRID, colour, document, label, num, text

WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 400.0, 200.0, 40.0, 12.0, 12.0, 44.0


@dataclass(frozen=True)
class Series:
    """One line: (x, y) points in increasing x; x is any number (a timestamp, a round), y a count."""

    name: str
    points: Sequence[tuple[float, float]]


def step_chart(
    series: Sequence[Series], title: str, desc: str, *, x_labels: tuple[str, str] = ("", ""), y_label: str = ""
) -> str:
    """Steps that hold each value until the next point; the y axis starts at 0, ticks at 0, half and top."""
    xs = [x for line in series for x, _ in line.points]
    ys = [y for line in series for _, y in line.points]
    x0, x1 = (min(xs), max(xs)) if xs else (0.0, 1.0)
    top = max(ys, default=0.0) or 1.0
    if x1 == x0:
        x1 = x0 + 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def px(x: float) -> float:
        return LEFT + plot_w * (x - x0) / (x1 - x0)

    def py(y: float) -> float:
        return TOP + plot_h * (1 - y / top)

    body: list[str] = []
    for tick in (0.0, top / 2, top):
        body.append(
            f'<line x1="{num(LEFT)}" x2="{num(WIDTH - RIGHT)}" y1="{num(py(tick))}" y2="{num(py(tick))}"'
            f' stroke="{GRID}" stroke-width="1"/>'
        )
        body.append(label(LEFT - 4, py(tick) + 4, _tick(tick), size=10, anchor="end"))
    body.append(label(LEFT, HEIGHT - BOTTOM + 14, x_labels[0], size=10))
    body.append(label(WIDTH - RIGHT, HEIGHT - BOTTOM + 14, x_labels[1], size=10, anchor="end"))
    if y_label:
        body.append(label(4, 10, y_label, size=10))
    for index, line in enumerate(series):
        if not line.points:
            continue
        path = [f"M{num(px(line.points[0][0]))},{num(py(line.points[0][1]))}"]
        for x, y in line.points[1:]:
            path.append(f"H{num(px(x))}V{num(py(y))}")
        path.append(f"H{num(px(x1))}")
        body.append(
            f'<path class="series" d="{"".join(path)}" fill="none" stroke="{colour(index)}" stroke-width="2"'
            f' data-last="{_tick(line.points[-1][1])}"><title>{text(line.name)}</title></path>'
        )
        # A legend under the plot: a swatch and the series' name.
        lx = LEFT + index * 140
        body.append(
            f'<rect x="{num(lx)}" y="{num(HEIGHT - 18)}" width="10" height="10" fill="{colour(index)}"/>'
            + label(lx + 14, HEIGHT - 9, line.name, size=11)
        )
    return document(WIDTH, HEIGHT, title, desc, body, css_class="chart chart-steps")


def _tick(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else num(value)
