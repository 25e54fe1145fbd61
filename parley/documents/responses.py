"""A template rendered as a PDF download, or the 503 page where this server cannot render PDFs."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from parley.documents.render import PdfUnavailable, render_pdf


def pdf_response(request: HttpRequest, template: str, context: dict[str, Any], filename: str) -> HttpResponse:
    """TEMPLATE with CONTEXT as a PDF named FILENAME (ASCII), shown inline by the browser; without
    WeasyPrint or Pango, the page "PDF rendering is not installed on this server" with status 503."""
    html = render_to_string(template, context, request=request)
    try:
        pdf = render_pdf(html, request.build_absolute_uri())
    except PdfUnavailable:
        return render(request, "documents/unavailable.html", status=503)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
