"""Language names, collation and numbers come from CLDR, in the reader's language."""

from __future__ import annotations

from parley.lang.names import capitalised, collation_key, format_number, format_percent, language_name


def test_a_language_is_named_in_the_readers_language():
    assert language_name("az", "ru") == "азербайджанский"
    assert language_name("hy", "az") == "erməni"
    assert language_name("ru", "hy") == "ռուսերեն"
    assert capitalised(language_name("hy", "hy")) == "Հայերեն"


def test_names_sort_by_the_alphabet_of_the_language_not_by_code_point():
    names = ["Zaur", "Şahin", "Çinar", "Ələsgər", "İlqar", "Cavid", "Orxan", "Ismayıl"]
    assert sorted(names, key=collation_key("az")) == [
        "Cavid", "Çinar", "Ələsgər", "Ismayıl", "İlqar", "Orxan", "Şahin", "Zaur",
    ]  # fmt: skip
    assert sorted(["Ёлка", "Жанна", "Елена"], key=collation_key("ru")) == ["Елена", "Ёлка", "Жанна"]
    assert sorted(["Ֆելիքս", "Արամ", "Օհան", "Գայանե"], key=collation_key("hy")) == ["Արամ", "Գայանե", "Օհան", "Ֆելիքս"]


def test_numbers_and_percentages_are_written_as_each_language_writes_them():
    assert format_number(12345, "en") == "12,345"
    assert format_number(12345, "az") == "12.345"
    assert format_number(12345, "ru") == "12\xa0345"
    assert format_percent(42, "ru") == "42\xa0%"
    assert format_percent(42, "az") == "42%"
