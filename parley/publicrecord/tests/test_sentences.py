"""The sentence of each entry type is one row of a table keyed by the registry's constants."""

import pytest
from django.utils import translation

from parley.publicrecord import sentences
from parley.record.entries import ANALYSIS_RUN_RECORDED, ANALYSIS_RUN_RECORDED_LEGACY, REGISTRY


def test_every_registered_type_has_a_sentence_and_a_kind():
    assert [name for name in REGISTRY if name not in sentences.SENTENCES] == []
    assert [name for name in REGISTRY if name not in sentences.KIND_OF_TYPE] == []


@pytest.mark.parametrize("language", ["en", "az", "hy", "ru"])
def test_an_analysis_run_reads_alike_under_its_new_and_its_old_name(language):
    entry = {"actor": None, "payload": {"run": 1, "upto": 3, "result_sha256": "0" * 64, "recomputable": True}}
    with translation.override(language):
        new = sentences.sentence(ANALYSIS_RUN_RECORDED, entry, {})
        old = sentences.sentence(ANALYSIS_RUN_RECORDED_LEGACY, entry, {})
    assert new == old
    assert (
        sentences.KIND_OF_TYPE[ANALYSIS_RUN_RECORDED] == sentences.KIND_OF_TYPE[ANALYSIS_RUN_RECORDED_LEGACY] == "votes"
    )
    if language == "en":
        assert new == "A new analysis of the votes was published."


def test_a_sentence_fills_in_who_and_the_statement_in_the_readers_language():
    entry = {"actor": {"side": "A", "role": "moderator"}, "payload": {"statement": 7}}
    with translation.override("en"):
        said = sentences.sentence("statement.moderated", entry, {"A": "Side A"})
    assert said == "A moderator of Side A changed whether statement no. 7 is shown."
