"""HTML to PDF with WeasyPrint, offline: the page's own static files and `data:` URLs, nothing else.

WeasyPrint needs Pango from the system (Debian: libpango-1.0-0, libpangoft2-1.0-0) and fonts with
every script the dialogues use (fonts-dejavu-core covers Latin with Azerbaijani's letters, Cyrillic
and Armenian): without Pango, `render_pdf` raises `PdfUnavailable`, which `pdf_response` answers
with a 503 page.
"""

from __future__ import annotations

import logging
import mimetypes
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage

logger = logging.getLogger(__name__)

PRINT_CSS = Path(__file__).parent / "static" / "documents" / "print.css"


class PdfUnavailable(Exception):
    """WeasyPrint, or the Pango library it needs, is not installed on this server."""


class RefusedURL(ValueError):
    """A document asked for a resource that is not one of this site's static files."""


def _weasyprint() -> Any:
    try:
        import weasyprint
    except (ImportError, OSError) as error:  # OSError: cffi found no Pango library
        logger.warning("PDF rendering is unavailable: %s", error)
        raise PdfUnavailable(str(error)) from error
    return weasyprint


def static_file(url: str, base_url: str | None) -> Path | None:
    """The local file of URL when it is one of this site's static files (under STATIC_URL, on
    BASE_URL's host), else None."""
    parts, base = urlsplit(url), urlsplit(base_url or "")
    if parts.scheme not in ("http", "https") or not base.netloc or parts.netloc != base.netloc:
        return None
    path = unquote(parts.path)
    if not path.startswith(settings.STATIC_URL) or ".." in path.split("/"):
        return None
    name = path.removeprefix(settings.STATIC_URL)
    found = finders.find(name)
    if isinstance(found, str):
        return Path(found)
    if staticfiles_storage.exists(name):  # collected (and hashed) files of a deployment
        return Path(staticfiles_storage.path(name))
    return None


@cache
def _fetcher_class(weasyprint: Any) -> type:
    class LocalFetcher(weasyprint.urls.URLFetcher):  # type: ignore[misc,name-defined]
        """Serve `data:` URLs and this site's static files; refuse everything else (no network)."""

        def __init__(self, base_url: str | None) -> None:
            super().__init__(allowed_protocols=("data",))
            self.base_url = base_url

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = static_file(url, self.base_url)
            if path is None:
                raise RefusedURL(f"not fetched (only this site's static files are): {url}")
            mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return weasyprint.urls.URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime_type})

    return LocalFetcher


def render_pdf(html: str, base_url: str | None, *, stylesheets: tuple[Path, ...] = (PRINT_CSS,)) -> bytes:
    """The PDF of HTML, its relative links resolved against BASE_URL (the page's own address), with
    the print stylesheet (fonts, page size) added, tagged (its structure, language and title for
    screen readers); raises PdfUnavailable without WeasyPrint or Pango."""
    weasyprint = _weasyprint()
    fetcher = _fetcher_class(weasyprint)(base_url)
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    sheets = [weasyprint.CSS(string=path.read_text(encoding="utf-8"), url_fetcher=fetcher) for path in stylesheets]
    pdf: bytes = document.write_pdf(stylesheets=sheets, pdf_tags=True)
    return pdf
