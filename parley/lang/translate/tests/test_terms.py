"""Glossary terms through a machine that knows nothing of them: found in inflected forms,
replaced by placeholders, and the agreed rendering put back where the placeholder comes out."""

from __future__ import annotations

from parley.lang.translate import GlossaryRendering
from parley.lang.translate.terms import protect, relevant, restore

CROSSING = GlossaryRendering("sərhəd keçidi", "սահմանային անցակետ")
BORDER = GlossaryRendering("sərhəd", "սահման")
RU_BORDER = GlossaryRendering("граница", "sərhəd")
HY_CHECKPOINT = GlossaryRendering("անցակետ", "keçid məntəqəsi")


def test_a_term_is_found_in_its_inflected_forms():
    assert protect("Sərhəd keçidləri açıqdır.", [CROSSING])[0] == "ZQ0 açıqdır."
    assert protect("У границы и за границей.", [RU_BORDER])[0] == "У ZQ0 и за ZQ0."
    assert protect("Անցակետը բաց է։", [HY_CHECKPOINT])[0] == "ZQ0 բաց է։"


def test_a_term_inside_another_word_is_not_a_match():
    assert protect("Qeyri-sərhədsizlik", [GlossaryRendering("sizlik", "x")])[0] == "Qeyri-sərhədsizlik"


def test_the_longest_term_wins_and_each_gets_its_own_placeholder():
    text, renderings = protect("Sərhəd keçidi sərhədin yanındadır.", [BORDER, CROSSING])
    assert text == "ZQ0 ZQ1 yanındadır."
    assert renderings == {0: "սահմանային անցակետ", 1: "սահման"}


def test_placeholders_come_back_as_the_agreed_rendering_even_respaced_or_lowercased():
    renderings = {0: "սահմանային անցակետ", 1: "սահման"}
    assert restore("ZQ0-ը և zq1-ը, Z Q 0", renderings) == "սահմանային անցակետ-ը և սահման-ը, սահմանային անցակետ"
    assert restore("ZQ7 stays", renderings) == "ZQ7 stays"


def test_only_the_terms_a_text_uses_are_relevant_and_empty_entries_never_are():
    glossary = [CROSSING, RU_BORDER, GlossaryRendering("", "x"), GlossaryRendering("çay", " ")]
    assert relevant("Sərhəd keçidinə gəldik, çay axır.", glossary) == [CROSSING]
