"""Comparing names and words as a reader sees them: confusable skeletons and Azerbaijani i."""

from __future__ import annotations

import unicodedata

import pytest

from parley.lang import capital_confusable_key, confusable_key, fold_case, skeleton


@pytest.mark.parametrize(
    ("impostor", "original"),
    [("Аӏісе", "Alice"), ("Рере", "Pepe"), ("АУDIN", "Aydın"), ("ALICE", "alice"), ("Вова", "вова"), ("հսցօ", "Hugo")],
)
def test_a_look_alike_in_another_script_or_case_has_the_same_key(impostor, original):
    assert impostor != original
    assert confusable_key(impostor) == confusable_key(original)


@pytest.mark.parametrize(("impostor", "original"), [("В0b", "Bob"), ("КАТЕ", "Kate"), ("Аӏісе", "Alice")])
def test_letters_alike_only_as_capitals_share_the_capital_key(impostor, original):
    assert capital_confusable_key(impostor) == capital_confusable_key(original)


def test_the_skeleton_is_icus_uts39_skeleton():
    assert skeleton("Рере") == "Pepe"  # Cyrillic Er and Ie
    assert skeleton("аӏіс") == skeleton("aiic")


@pytest.mark.parametrize("spelling", ["AYDIN", "Aydın", "aydın", "AYDın", "Aydin"])
def test_aydin_in_every_case_and_dotting_is_one_pseudonym(spelling):
    assert confusable_key(spelling) == confusable_key("Aydın")


def test_azerbaijani_case_folding_keeps_dotted_and_dotless_i_apart():
    assert fold_case("SATQIN", "az") == fold_case("satqın", "az") == "satqın"
    assert fold_case("İBLİS", "az") == fold_case("İblis", "az") == "iblis"
    assert fold_case("SIX", "az") != fold_case("six", "az")  # in Azerbaijani, "SIX" is "sıx"


def test_dotted_capital_i_folds_to_a_plain_i_in_every_language():
    for language in ("az", "en", "ru", "hy", None):
        folded = fold_case("İblis", language)
        assert folded == "iblis" and not any(unicodedata.combining(ch) for ch in folded)
    assert fold_case("ALICE", "en") == "alice"


def test_distinct_ordinary_names_do_not_collide():
    names = str.split(
        "Aynur Aysel Ali Anar Aydın Elvin Elnur Elmira Farid Fidan Günel Gülnar Leyla Lala Nigar Nurlan Orxan "
        "Rəşad Səbinə Tural Ülviyyə Vüqar Zaur Kamran Kamal Kəmalə Mikayıl Samir Samira Nail Naila İlham "
        "Arman Armen Anna Ani Aram Ararat Gayane Gohar Hayk Karen Lilit Lusine Mariam Narek Nare Sona Tigran "
        "Vardan Ashot Davit Bella Bashir Alice Bob Ivan Irina Olga Oleg Pavel Sergey Yulia Ilya Igor Inna Ira "
        "Mila Nina Lina Dina Tina Sima Ayla Eli Emil Amir Omar Азер Анна Армен Арам Ирина Ольга Олег Наиль "
        "Հայկ Անի Նարե Արամ Լիլիթ Գայանե Նարեկ"
    )
    assert len({confusable_key(name) for name in names}) == len(names)
    assert len({capital_confusable_key(name) for name in names}) == len(names)


def test_a_very_long_key_is_replaced_by_a_digest():
    key = confusable_key("Երևան" * 40)
    assert key.startswith("#") and len(key) <= 160
