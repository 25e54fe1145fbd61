"""parley.documents: PDFs rendered offline (only this site's static files are fetched) and QR codes
drawn as inline SVG that decode back to their address."""

from __future__ import annotations

import io
import socket
import sys
from pathlib import Path

import pytest
import segno
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.utils import translation
from pypdf import PdfReader

from parley.documents import render
from parley.documents.qr import qr_svg
from parley.documents.responses import pdf_response
from parley.documents.tests.pdf_support import decode_qr, require_pdf_rendering

BASE = "http://testserver/d/river/joint/1/statement.pdf"
PRINT_CSS = "http://testserver/static/documents/print.css"


def test_a_static_file_of_this_site_is_read_from_disk_and_nothing_else_is():
    assert render.static_file(PRINT_CSS, BASE) == Path(render.PRINT_CSS)
    assert render.static_file("http://elsewhere.example/static/documents/print.css", BASE) is None
    assert render.static_file("http://testserver/static/../settings.py", BASE) is None
    assert render.static_file("http://testserver/d/river/", BASE) is None
    assert render.static_file("file:///etc/hostname", BASE) is None
    assert render.static_file(PRINT_CSS, None) is None


@pytest.fixture
def fetcher():
    require_pdf_rendering()
    import weasyprint

    return render._fetcher_class(weasyprint)(BASE)


def test_the_fetcher_serves_static_files_and_data_urls_and_refuses_the_rest(fetcher):
    assert fetcher.fetch(PRINT_CSS).read() == render.PRINT_CSS.read_bytes()
    assert fetcher.fetch("data:text/plain,hi").read() == b"hi"
    for url in ("https://example.org/logo.png", "file:///etc/hostname", "ftp://example.org/x"):
        with pytest.raises(render.RefusedURL):
            fetcher.fetch(url)


def test_rendering_a_page_that_links_outside_opens_no_connection(monkeypatch):
    require_pdf_rendering()
    tried: list[object] = []

    def refuse(*args, **kwargs):
        tried.append(args)
        raise OSError("no network in tests")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    html = (
        '<html lang="hy"><head><link rel="stylesheet" href="https://cdn.example.org/x.css">'
        '<link rel="stylesheet" href="/static/documents/print.css"></head>'
        '<body><p>Երկխոսություն</p><img src="https://example.org/logo.png" alt=""><img src="file:///etc/hostname"></body></html>'
    )
    pdf = render.render_pdf(html, BASE)
    assert pdf.startswith(b"%PDF-") and tried == []


def test_without_weasyprint_render_pdf_says_so_instead_of_failing_with_a_traceback(monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    with pytest.raises(render.PdfUnavailable):
        render.render_pdf("<p>x</p>", BASE)


def test_a_qr_code_is_an_inline_svg_that_decodes_to_its_address_with_an_escaped_title():
    url = "https://dialogue.example.org/d/yerkkhosutyun/joint/7/"
    svg = str(qr_svg(url, 'Scan <me> & "go"'))
    assert svg.startswith('<svg role="img" viewBox=') and "<title>Scan &lt;me&gt; &amp;" in svg
    assert "<image" not in svg and "href" not in svg
    expected = segno.make(url, error="m", micro=False).matrix
    assert decode_qr(svg) == [[bool(m) for m in row] for row in expected]
    assert decode_qr(str(qr_svg(url + "8"))) != decode_qr(svg)


@pytest.mark.django_db
def test_a_site_page_given_to_pdf_response_keeps_its_content_and_drops_the_sites_chrome(rf):
    require_pdf_rendering()
    request = rf.get("/d/river/reports/1/report.pdf", headers={"accept-language": "hy"})
    request.user = AnonymousUser()
    request.session = SessionStore()
    with translation.override("hy"):
        response = pdf_response(request, "documents/unavailable.html", {}, "river-report-1-hy.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="river-report-1-hy.pdf"'
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Այս սերվերը չի կարող PDF ֆայլեր ստեղծել" in text  # the page's content, in Armenian
    assert "ուղղակի երկխոսություն" not in text and "Փոխել լեզուն" not in text  # no footer, no language form
    assert reader.metadata is not None and reader.metadata.title


def test_pdf_tests_skip_without_pango_but_fail_under_strict_tests(monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    monkeypatch.delenv("PARLEY_STRICT_TESTS", raising=False)
    with pytest.raises(pytest.skip.Exception, match="needs WeasyPrint and Pango"):
        require_pdf_rendering()
    monkeypatch.setenv("PARLEY_STRICT_TESTS", "1")
    with pytest.raises(pytest.fail.Exception, match="PARLEY_STRICT_TESTS is set"):
        require_pdf_rendering()
