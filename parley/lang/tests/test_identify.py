"""Language identification tells an author when a text does not look like the language they chose."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from parley.lang.identify import identify, mismatch

LANGUAGES = ["az", "en", "hy", "ru"]
DEMO = Path(__file__).resolve().parents[2] / "demo" / "content.json"

# Sentences people write in a dialogue, none of them from the demo.
SENTENCES = {
    "az": [
        "Sərhəd kəndlərində yaşayan ailələr üçün su təchizatı birgə layihə olmalıdır.",
        "Gənclər mübadiləsi proqramları hər iki tərəfdə etimadı artırar.",
        "Tarixi abidələrin bərpası üçün ortaq komissiya yaradılsın.",
        "Jurnalistlər qarşı tərəfin vətəndaşları ilə sərbəst danışa bilməlidirlər.",
    ],
    "hy": [
        "Սահմանամերձ գյուղերի ընտանիքների համար ջրամատակարարումը պետք է լինի համատեղ ծրագիր։",
        "Երիտասարդական փոխանակման ծրագրերը վստահություն կբերեն երկու կողմերում։",
        "Պատմական հուշարձանների վերականգնման համար ստեղծվի համատեղ հանձնաժողով։",
        "Լրագրողները պետք է կարողանան ազատ խոսել մյուս կողմի քաղաքացիների հետ։",
    ],
    "ru": [
        "Водоснабжение приграничных сёл должно стать совместным проектом.",
        "Программы молодёжных обменов укрепят доверие на обеих сторонах.",
        "Для восстановления исторических памятников нужна общая комиссия.",
        "Журналисты должны свободно говорить с гражданами другой стороны.",
    ],
    "en": [
        "Water supply for border villages should be a joint project.",
        "Youth exchange programmes would build trust on both sides.",
        "A joint commission should restore historical monuments.",
        "Journalists must be free to talk with citizens of the other side.",
    ],
}


def demo_sentences() -> dict[str, list[str]]:
    """Every sentence of the demo's statements, title and description, per language."""
    content = json.loads(DEMO.read_text(encoding="utf-8"))
    texts = [s["text"] for s in content["statements"]]
    texts += [content["dialogue"]["title"], content["dialogue"]["description"]]
    return {
        code: [part for text in texts for part in re.split(r"(?<=[.!?։])\s+", text[code]) if len(part.split()) >= 3]
        for code in LANGUAGES
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_sentence_is_recognised_in_its_language(language):
    sentences = SENTENCES[language] + demo_sentences()[language]
    wrong = [s for s in sentences if identify(s, LANGUAGES).language != language]  # type: ignore[union-attr]
    assert len(sentences) > 50
    assert wrong == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_first_four_words_of_a_sentence_are_enough(language):
    snippets = [" ".join(s.split()[:4]) for s in demo_sentences()[language]]
    wrong = [s for s in snippets if identify(s, LANGUAGES).language != language]  # type: ignore[union-attr]
    assert wrong == []


def test_a_text_of_fewer_than_three_words_gets_no_guess():
    assert identify("Salam dostlar", LANGUAGES) is None
    assert identify("Բարև — ձեզ", LANGUAGES) is None  # a dash is not a word
    assert mismatch("Привет всем", "az", LANGUAGES) is None


def test_a_russian_text_marked_azerbaijani_is_named_russian():
    assert mismatch(SENTENCES["ru"][0], "az", LANGUAGES) == "ru"


def test_a_text_in_the_chosen_language_gives_no_warning():
    assert all(mismatch(s, code, LANGUAGES) is None for code, texts in SENTENCES.items() for s in texts)


def test_the_guess_is_only_among_the_candidates():
    guess = identify(SENTENCES["ru"][1], ["az", "hy"])
    assert guess is not None and guess.language in {"az", "hy"}
    assert identify(SENTENCES["ru"][1], ["ru"]) == identify(SENTENCES["az"][1], ["ru"])
