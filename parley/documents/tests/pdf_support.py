"""For tests that render PDFs: skip them where this machine cannot, except on CI (PARLEY_STRICT_TESTS)."""

from __future__ import annotations

import os
import re

import pytest


def require_pdf_rendering() -> None:
    """Skip the calling test or fixture when WeasyPrint or Pango is missing; fail instead under
    PARLEY_STRICT_TESTS, where CI has installed them (.ci/run)."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as error:
        message = f"PDF rendering needs WeasyPrint and Pango (Debian libpango-1.0-0, libpangoft2-1.0-0): {error}"
        if os.environ.get("PARLEY_STRICT_TESTS"):
            pytest.fail(f"PARLEY_STRICT_TESTS is set but {message}")
        pytest.skip(message)


def decode_qr(svg: str) -> list[list[bool]]:
    """The module matrix drawn by a segno SVG path (horizontal runs, quiet zone of 4 removed)."""
    path = re.search(r' d="([^"]+)"', svg)
    assert path is not None
    view_box = re.search(r'viewBox="0 0 (\d+) \d+"', svg)
    assert view_box is not None
    size = int(view_box.group(1)) - 8
    matrix = [[False] * size for _ in range(size)]
    x = y = 0.0
    for command, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?:\s(-?[\d.]+))?", path.group(1)):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:
            for column in range(int(x), int(x + float(a))):
                matrix[int(y) - 4][column - 4] = True
            x += float(a)
    return matrix
