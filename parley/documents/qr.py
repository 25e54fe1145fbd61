"""QR codes drawn on the server as inline SVG (no image file, nothing fetched by the page)."""

from __future__ import annotations

import segno
from django.utils.safestring import SafeString, mark_safe


def qr_svg(url: str, title: str = "") -> SafeString:
    """URL as a QR code: an `<svg>` element sized by its viewBox (scale it with CSS), TITLE its text
    alternative; segno escapes the title, and the rest is its own markup."""
    code = segno.make(url, error="m", micro=False)
    svg = code.svg_inline(scale=1, border=4, title=title or None, omitsize=True, svgclass="qr", lineclass=None)
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S308 - segno's markup, title escaped
