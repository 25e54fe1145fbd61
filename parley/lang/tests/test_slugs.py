import pytest

from parley.lang.slugs import slug_from


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Երկխոսություն", "yerkkhosutyun"),
        ("Հայաստան և Ադրբեջան։ Խաղաղություն", "hayastan-yev-adrbejan-khaghaghutyun"),
        ("Диалог о мире: щука, жизнь, объём", "dialog-o-mire-shchuka-zhizn-obyem"),
        ("Əməkdaşlıq, şəhər, çay, ağ, söz, üç, İlham", "emekdasliq-seher-cay-ag-soz-uc-ilham"),
        ("Rivers we share", "rivers-we-share"),
    ],
)
def test_titles_in_every_language_become_readable_latin_addresses(title, slug):
    assert slug_from(title) == slug


def test_a_long_title_is_cut_between_words():
    slug = slug_from("Ծովից ծով " * 8, max_length=30)
    assert slug == "tsovits-tsov-tsovits-tsov"
    assert slug_from("a" * 80, max_length=30) == "a" * 30


def test_a_title_without_letters_or_digits_gives_no_address():
    assert slug_from("!!! ։ —") == ""
