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
