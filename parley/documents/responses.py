"""A template rendered as a PDF download, or the 503 page where this server cannot render PDFs.

Rendering takes about half a second of CPU, and anyone may ask for a public PDF: the bytes are kept in
the cache under the hash of the HTML they come from, so asking again costs only the template."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from parley.documents.render import PdfUnavailable, render_pdf

# A day: the same HTML always makes the same PDF, so this only bounds the memory of stale entries.
CACHE_SECONDS = 24 * 3600


def pdf_response(request: HttpRequest, template: str, context: dict[str, Any], filename: str) -> HttpResponse:
    """TEMPLATE with CONTEXT as a PDF named FILENAME (ASCII), shown inline by the browser; without
    WeasyPrint or Pango, the page "PDF rendering is not installed on this server" with status 503."""
    html = render_to_string(template, context, request=request)
    base_url = request.build_absolute_uri()
    key = "documents:pdf:" + hashlib.sha256(f"{base_url}\n{html}".encode()).hexdigest()
    pdf = cache.get(key)
    if pdf is None:
        try:
            pdf = render_pdf(html, base_url)
        except PdfUnavailable:
            return render(request, "documents/unavailable.html", status=503)
        cache.set(key, pdf, CACHE_SECONDS)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
