"""For tests that render PDFs: skip them where this machine cannot, except on CI (PARLEY_STRICT_TESTS)."""

from __future__ import annotations

import os

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
