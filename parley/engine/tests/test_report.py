"""The HTML report stands alone: no external scripts, styles, fonts or images."""

from __future__ import annotations

import re

from parley.engine import analyze
from parley.engine.report import render_html


def test_the_report_references_no_external_asset(balanced):
    page = render_html(analyze(balanced.votes, sides=balanced.sides), title="Dialogue")
    assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/", page, re.IGNORECASE)
    assert not re.search(r"<(script|link|img|iframe)\b", page, re.IGNORECASE)
    assert "<svg" in page and "<polygon" in page


def test_the_report_escapes_statement_texts(balanced):
    texts = {s: "<b>bold</b> & co" for s in balanced.kinds}
    page = render_html(analyze(balanced.votes, sides=balanced.sides, texts=texts))
    assert "<b>bold</b>" not in page
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; co" in page


def test_the_report_is_written_in_the_language_asked_for(balanced):
    page = render_html(analyze(balanced.votes, sides=balanced.sides), title="Dialogue", language="ru")
    assert "<html lang='ru'>" in page
    assert "<h2>Карта мнений</h2>" in page and "<h2>Общие позиции</h2>" in page and "<h2>Разногласия</h2>" in page
    assert re.search(r"\d+\u00a0% из \d+", page)
    for english in ("Opinion map", "Common ground", "Divides", "Opinion groups", "participants", " of "):
        assert english not in page


def test_each_language_has_every_text_of_the_report():
    from parley.engine.report_texts import TEXTS

    assert {language: set(texts) for language, texts in TEXTS.items()} == {
        language: set(TEXTS["en"]) for language in TEXTS
    }


def test_an_unknown_report_language_is_refused_clearly(balanced):
    import pytest

    with pytest.raises(ValueError, match="use one of en, az, hy, ru"):
        render_html(analyze(balanced.votes, sides=balanced.sides), language="fr")
