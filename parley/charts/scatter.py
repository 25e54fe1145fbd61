"""The opinion map as a scatter: one dot per participant, coloured by side, with each group's hull and label."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from parley.charts.svg import GRID, INK, colour, document, label, num, text

SIZE, PAD = 320.0, 16.0


@dataclass(frozen=True)
class Point:
    """A participant's position; `side` indexes the legend's sides, `group` names a group or is None."""

    x: float
    y: float
    side: int
    group: str | None = None


def scatter(points: Sequence[Point], sides: Sequence[str], title: str, desc: str) -> str:
    """Dots coloured by side; the convex hull of each group's dots, dashed, with the group's name at its centre."""
    xs, ys = [p.x for p in points], [p.y for p in points]
    span = max([abs(v) for v in xs + ys] + [1e-9])
    plot = SIZE - 2 * PAD
    legend_h = 16.0 * len(sides) + 8

    def px(x: float) -> float:
        return PAD + plot * (x / span + 1) / 2

    def py(y: float) -> float:
        return PAD + plot * (1 - y / span) / 2

    body = [
        f'<line x1="{num(PAD)}" x2="{num(SIZE - PAD)}" y1="{num(py(0))}" y2="{num(py(0))}" stroke="{GRID}"/>',
        f'<line y1="{num(PAD)}" y2="{num(SIZE - PAD)}" x1="{num(px(0))}" x2="{num(px(0))}" stroke="{GRID}"/>',
    ]
    groups: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for point in points:
        if point.group is not None:
            groups[point.group].append((px(point.x), py(point.y)))
    for name, members in sorted(groups.items()):
        hull = convex_hull(members)
        if len(hull) >= 3:
            body.append(
                '<polygon class="hull" points="'
                + " ".join(f"{num(x)},{num(y)}" for x, y in hull)
                + f'" fill="none" stroke="{INK}" stroke-dasharray="4 3" stroke-width="1"/>'
            )
        cx = sum(x for x, _ in members) / len(members)
        cy = sum(y for _, y in members) / len(members)
        body.append(
            f'<text class="group-label" x="{num(cx)}" y="{num(cy)}" font-size="13" font-weight="bold"'
            f' text-anchor="middle" fill="{INK}" stroke="#ffffff" stroke-width="3" paint-order="stroke">'
            f"{text(name)}</text>"
        )
    for point in points:
        body.append(
            f'<circle class="dot" cx="{num(px(point.x))}" cy="{num(py(point.y))}" r="3.5"'
            f' fill="{colour(point.side)}" fill-opacity="0.75" data-side="{point.side}"/>'
        )
    for index, name in enumerate(sides):
        y = SIZE + 6 + index * 16
        body.append(
            f'<circle cx="{num(PAD + 5)}" cy="{num(y + 5)}" r="5" fill="{colour(index)}"/>'
            + label(PAD + 16, y + 9, name, size=11)
        )
    return document(SIZE, SIZE + legend_h, title, desc, body, css_class="chart chart-map")


def convex_hull(points: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """The hull's corners, counter-clockwise (Andrew's monotone chain); fewer than 3 points come back as given."""
    unique = sorted(set(points))
    if len(unique) < 3:
        return unique

    def cross(o: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[tuple[float, float]] = []
    upper: list[tuple[float, float]] = []
    for p in unique:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(unique):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def by_side(points: Sequence[Point], sides: Sequence[str]) -> Mapping[str, int]:
    """How many dots each side has (for the chart's text alternative)."""
    counts = {name: 0 for name in sides}
    for point in points:
        counts[sides[point.side]] += 1
    return counts
