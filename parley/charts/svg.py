"""What every chart shares: escaping, number formatting, the outer <svg> element, the sides' colours."""

from __future__ import annotations

from collections.abc import Iterable
from xml.sax.saxutils import escape, quoteattr

# Two colours a colour-blind reader can tell apart (Okabe-Ito blue and vermilion), then more for groups.
PALETTE = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9")
AGREE, DISAGREE, PASS = "#1b7837", "#b2182b", "#9e9e9e"
INK, GRID = "#222222", "#cccccc"
FONT = 'font-family="sans-serif"'


def text(value: object) -> str:
    """VALUE as element text, escaped."""
    return escape(str(value))


def attr(value: object) -> str:
    """VALUE as a quoted attribute value, escaped."""
    return quoteattr(str(value))


def num(value: float) -> str:
    """A coordinate: at most two decimals, no trailing zeros, never '-0'."""
    out = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if out in ("-0", "") else out


def colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def document(width: float, height: float, title: str, desc: str, body: Iterable[str], *, css_class: str = "") -> str:
    """The outer element: an image for assistive technology, labelled by its title and description."""
    klass = f" class={attr(css_class)}" if css_class else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {num(width)} {num(height)}" role="img"'
        f' preserveAspectRatio="xMidYMid meet"{klass} {FONT}>'
        f"<title>{text(title)}</title><desc>{text(desc)}</desc>" + "".join(body) + "</svg>"
    )


def label(x: float, y: float, value: object, *, size: float = 12, anchor: str = "start", fill: str = INK) -> str:
    return (
        f'<text x="{num(x)}" y="{num(y)}" font-size="{num(size)}" text-anchor="{anchor}" fill="{fill}">'
        f"{text(value)}</text>"
    )
