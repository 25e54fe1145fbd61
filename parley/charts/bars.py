"""Horizontal bars, one per side: the shares of agree, disagree and pass among that side's votes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from parley.charts.svg import AGREE, DISAGREE, INK, PASS, document, label, num, text


@dataclass(frozen=True)
class SideBars:
    """One side's votes on one statement."""

    side: str
    agree: int
    disagree: int
    passes: int

    @property
    def total(self) -> int:
        return self.agree + self.disagree + self.passes


@dataclass(frozen=True)
class BarLabels:
    """The words a chart shows, in the reader's language."""

    agree: str = "agree"
    disagree: str = "disagree"
    passes: str = "pass"
    no_votes: str = "no votes"


WIDTH, ROW, BAR, LEFT = 320.0, 26.0, 16.0, 96.0


def side_bars(rows: Sequence[SideBars], title: str, desc: str, words: BarLabels | None = None) -> str:
    """One stacked bar per side, as percentages of that side's votes, each segment titled with its count."""
    words = words or BarLabels()
    span = WIDTH - LEFT - 8
    body: list[str] = []
    for index, row in enumerate(rows):
        y = 6 + index * ROW
        body.append(label(LEFT - 6, y + BAR - 4, row.side, anchor="end"))
        if row.total == 0:
            body.append(label(LEFT, y + BAR - 4, words.no_votes, fill=INK))
            continue
        x = LEFT
        for name, count, fill in (
            (words.agree, row.agree, AGREE),
            (words.disagree, row.disagree, DISAGREE),
            (words.passes, row.passes, PASS),
        ):
            width = span * count / row.total
            if width <= 0:
                continue
            share = round(100 * count / row.total)
            body.append(
                f'<rect class="bar" x="{num(x)}" y="{num(y)}" width="{num(width)}" height="{num(BAR)}" fill="{fill}"'
                f' data-count="{count}"><title>{text(f"{row.side}: {name} {count} ({share}%)")}</title></rect>'
            )
            if width >= 28:
                body.append(label(x + width / 2, y + BAR - 4, f"{share}%", size=10, anchor="middle", fill="#ffffff"))
            x += width
    height = 12 + max(len(rows), 1) * ROW
    return document(WIDTH, height, title, desc, body, css_class="chart chart-bars")
