"""The HTML report stands alone: no external scripts, styles, fonts or images."""

from __future__ import annotations

import re

import pytest

from parley.engine import analyze
from parley.engine.report import render_html
from parley.engine.synthetic import planted


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
    assert "<h2>Объединяющие высказывания</h2>" in page and "доверительного интервала 90\u00a0%" in page
    words = ("Opinion map", "Common ground", "Divides", "Bridging", "Opinion groups", "participants", " of ", "Why")
    for english in words:
        assert english not in page


def test_each_language_has_every_text_of_the_report():
    from parley.engine.report_texts import TEXTS

    assert {language: set(texts) for language, texts in TEXTS.items()} == {
        language: set(TEXTS["en"]) for language in TEXTS
    }


def test_an_unknown_report_language_is_refused_clearly(balanced):
    with pytest.raises(ValueError, match="use one of en, az, hy, ru"):
        render_html(analyze(balanced.votes, sides=balanced.sides), language="fr")


def test_each_list_states_its_rule_and_each_statement_why_it_is_there(lopsided):
    result = analyze(lopsided.votes, sides=lopsided.sides, texts={s: f"Statement {s}" for s in lopsided.kinds})
    page = render_html(result, title="Dialogue")
    common = page.split("<h2>Common ground</h2>")[1].split("<h2>Divides</h2>")[0]
    divides = page.split("<h2>Divides</h2>")[1].split("<h2>Bridging statements</h2>")[0]
    bridging = page.split("<h2>Bridging statements</h2>")[1].split("<h2>Opinion groups</h2>")[0]
    assert "at least 10 votes" in common and "90% credible interval of agreement is at least 50%" in common
    assert "at least 30 percentage points" in divides
    assert "A majority of every opinion group within every side" in bridging
    first = result.statements[result.top_common_ground(1)[0]]
    assert f"<td>Statement {first}</td>" in common
    assert re.search(r"every side at least \d+%, \d+\+ votes each", common)
    assert re.search(r"gap at least \d+ points, \d+\+ votes each", divides) and "weakest group" in bridging
    # Each side's agreement is drawn with its credible interval as a lighter band.
    assert common.count("class='gauge'") == 2 * min(10, len(result.top_common_ground(None)))


@pytest.mark.parametrize(
    ("language", "too_early", "none"),
    [
        ("en", "Too early to tell: on 60 statements some side has cast fewer than 10 votes.", "None yet."),
        ("az", "Hələ tezdir: 60 fikir üzrə hansısa tərəf 10 səsdən az verib.", "Hələ yoxdur."),
        ("hy", "Դեռ վաղ է եզրակացնել։ 60 դրույթի վերաբերյալ որևէ կողմ տվել է 10-ից պակաս ձայն։", "Դեռ չկան։"),
        ("ru", "Пока рано судить: по 60 высказываниям какая-то сторона отдала меньше 10 голосов.", "Пока нет."),
    ],
)
def test_a_young_dialogues_report_says_it_is_too_early_and_lists_no_common_ground(language, too_early, none):
    young = planted(40, ratio=5.0, coverage=0.15, seed=1)
    result = analyze(young.votes, sides=young.sides)
    assert result.top_common_ground(None) == [] and result.top_divides(None) == []
    page = render_html(result, language=language)
    assert too_early in page
    assert page.count(f"<p>{none}</p>") == 3  # common ground, divides, bridging
    assert "class='gauge'" not in page
