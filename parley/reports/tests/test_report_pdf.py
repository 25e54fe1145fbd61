"""A published report as a PDF: the frozen page's contents in the language asked for, under the page's own rules."""

from __future__ import annotations

import io
from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from parley.documents.tests.pdf_support import require_pdf_rendering
from parley.reports.tests.setup import adopted, voted


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_a_report_pdf_in_armenian_holds_the_frozen_pages_text_and_its_hash(world):
    require_pdf_rendering()
    voted(world)
    frozen = adopted(world)
    url = reverse("reports:pdf", args=[world.dialogue.slug, frozen.report_id])
    response = Client().get(url, {"lang": "hy"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith(f'-report-{frozen.report_id}-hy.pdf"')
    text = _pdf_text(response.content)
    assert "Գետերը մեզ կապում են։" in text  # the statement's Armenian translation
    assert frozen.snapshot_sha256 in text.replace("\n", "")
    page = Client().get(reverse("reports:report", args=[world.dialogue.slug, frozen.report_id]), {"lang": "hy"})
    assert url in page.content.decode()  # the page links its PDF


def test_a_report_under_embargo_has_no_pdf_for_the_public(world):
    voted(world)
    frozen = adopted(world, publish_at=(timezone.now() + timedelta(days=2)).isoformat())
    response = Client().get(reverse("reports:pdf", args=[world.dialogue.slug, frozen.report_id]))
    assert response.status_code == 404


def test_a_report_pdf_is_given_in_each_language_of_the_dialogue(world):
    require_pdf_rendering()
    voted(world)
    frozen = adopted(world)
    url = reverse("reports:pdf", args=[world.dialogue.slug, frozen.report_id])
    for language, heading in (("en", "Opinion map"), ("az", None), ("ru", None)):
        response = Client().get(url, {"lang": language})
        assert response.status_code == 200, language
        text = _pdf_text(response.content)
        assert "Rivers connect us." in text, language
        if heading:
            assert heading in text
