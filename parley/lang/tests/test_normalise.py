import unicodedata

import pytest

from parley.lang import normalise_text


def test_text_is_composed_to_nfc():
    decomposed = unicodedata.normalize("NFD", "Şuşa, Գյումրի, Ёлка, ə")
    assert normalise_text(decomposed) == unicodedata.normalize("NFC", "Şuşa, Գյումրի, Ёлка, ə")
    assert unicodedata.is_normalized("NFC", normalise_text(decomposed))


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  two   words \n", "two words"),
        ("line one\nline two", "line one line two"),
        ("tab\tseparated", "tab separated"),
        ("bell\x07 and null\x00", "bell and null"),
        ("\u202eright-to-left override", "right-to-left override"),
        ("", ""),
    ],
)
def test_whitespace_is_folded_and_control_characters_dropped(raw, clean):
    assert normalise_text(raw) == clean


def test_zero_width_joiners_that_scripts_need_are_kept():
    assert normalise_text("a\u200cb\u200dc") == "a\u200cb\u200dc"
