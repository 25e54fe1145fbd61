"""The glossary: terms adopted with neutral and per-side renderings, on their own page, in the record,
as hints on the write page, as marks in statements, and as renderings machine translation keeps."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from parley.dialogues.access import ActionError
from parley.dialogues.models import Membership
from parley.ledger.models import RecordEntry
from parley.proposals import actions
from parley.proposals.glossary import renderings_for
from parley.proposals.models import GlossaryTerm
from parley.record.replay import replay
from parley.testing.personas import propose_and_approve

pytestmark = pytest.mark.django_db

BORDER = {
    "texts": {"en": "border", "ru": "граница", "az": "sərhəd", "hy": "սահման"},
    # Side A's participants say "state border" in Russian; side B says "line of contact".
    "sides": {"0": {"ru": "государственная граница"}, "1": {"ru": "линия соприкосновения", "hy": "շփման գիծ"}},
    "note": {
        "en": "The line both sides agreed to call the border.",
        "ru": "Линия, которую обе стороны называют границей.",
    },
}


def adopt(world, data=BORDER) -> GlossaryTerm:
    propose_and_approve(world.aynur, world.gayane, "glossary", data)
    return GlossaryTerm.objects.get(dialogue=world.dialogue, texts__en=data["texts"]["en"])


def test_a_term_is_adopted_with_its_neutral_rendering_and_each_sides_own(world):
    term = adopt(world)
    assert term.texts["ru"] == "граница"
    assert term.sides == {
        "A": {"ru": "государственная граница"},
        "B": {"ru": "линия соприкосновения", "hy": "շփման գիծ"},
    }
    assert term.forms("ru") == ["граница", "государственная граница", "линия соприкосновения"]


def test_a_sides_rendering_that_is_the_neutral_one_is_not_kept_as_a_difference(world):
    data = {"texts": {"en": "ceasefire"}, "sides": {"0": {"en": "Ceasefire"}, "1": {"en": "truce"}}}
    assert adopt(world, data).sides == {"B": {"en": "truce"}}


@pytest.mark.parametrize(
    "data",
    [
        {"texts": {"en": "border"}, "sides": "A"},
        {"texts": {"en": "border"}, "sides": {"0": "sərhəd"}},
        {"texts": {"en": "border"}, "sides": {"0": {"az": "x" * 101}}},
    ],
)
def test_malformed_side_renderings_are_refused_and_write_nothing(world, data):
    before = RecordEntry.objects.count()
    with pytest.raises(ActionError):
        actions.do_propose(world.aynur, "glossary", data)
    assert RecordEntry.objects.count() == before


def test_a_term_already_in_the_glossary_is_refused(world):
    adopt(world)
    with pytest.raises(ActionError, match="already"):
        actions.do_propose(world.gayane, "glossary", {"texts": {"ru": "ГРАНИЦА"}})


def test_the_record_entry_carries_the_renderings_and_replays_them(world):
    term = adopt(world)
    entry = RecordEntry.objects.filter(dialogue=world.dialogue, type="glossary.adopted").get()
    payload = json.loads(bytes(entry.data))["payload"]
    assert payload["sides"] == term.sides and payload["texts"] == term.texts
    entries = [json.loads(bytes(e.data)) for e in RecordEntry.objects.filter(dialogue=world.dialogue).order_by("seq")]
    replayed = replay(entries).glossary[term.pk]
    assert (replayed.texts, replayed.sides) == (term.texts, term.sides)


def test_the_glossary_page_shows_every_language_with_its_own_lang(world, client):
    adopt(world)
    page = client.get(reverse("proposals:glossary", args=[world.dialogue.slug]), HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert page.status_code == 200
    assert '<span lang="hy">սահման</span>' in html and '<span lang="az">sərhəd</span>' in html
    assert '<span lang="ru">линия соприкосновения</span>' in html
    assert "The line both sides agreed to call the border." in html


def test_the_glossary_api_returns_the_same_entries(world, client):
    term = adopt(world)
    data = client.get(f"/api/v1/dialogues/{world.dialogue.slug}/glossary/").json()
    [entry] = data["terms"]
    assert entry["id"] == term.pk and entry["anchor"] == f"term-{term.pk}"
    russian = next(r for r in entry["renderings"] if r["language"] == "ru")
    assert russian["neutral"] == "граница"
    assert [(s["side"], s["text"]) for s in russian["sides"]] == [
        ("A", "государственная граница"),
        ("B", "линия соприкосновения"),
    ]


def test_machine_translation_keeps_the_agreed_neutral_rendering_whatever_side_wrote(world):
    adopt(world)
    found = {(r.source, r.target) for r in renderings_for(world.dialogue, "ru", "hy")}
    assert found == {("граница", "սահման"), ("государственная граница", "սահման"), ("линия соприкосновения", "սահման")}
    only_a = {(r.source, r.target) for r in renderings_for(world.dialogue, "ru", "az", side="A")}
    assert only_a == {("граница", "sərhəd"), ("государственная граница", "sərhəd")}
    assert renderings_for(world.dialogue, "ru", "fr") == []


def test_an_author_sees_the_terms_of_their_draft_while_typing(world):
    adopt(world)
    url = reverse("proposals:glossary_hint", args=[world.dialogue.slug])
    typed = {"text": "Откройте линию соприкосновения для семей.", "language": "ru"}
    response = world.client("alice").post(url, typed, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert "линию соприкосновения" in html and "граница" in html
    assert "one side's own rendering" in html


def test_without_javascript_the_check_button_returns_the_write_page_with_the_draft_and_hints(world):
    adopt(world)
    url = reverse("proposals:glossary_hint", args=[world.dialogue.slug])
    response = world.client("alice").post(url, {"text": "Sərhədlərin açılması", "language": "az"})
    html = response.content.decode()
    assert response.status_code == 200 and "<html" in html
    assert "Sərhədlərin açılması</textarea>" in html
    assert '<span lang="hy">սահման</span>' in html


def test_a_draft_without_terms_says_so(world):
    adopt(world)
    url = reverse("proposals:glossary_hint", args=[world.dialogue.slug])
    response = world.client("alice").post(url, {"text": "Rivers.", "language": "en"}, HTTP_HX_REQUEST="true")
    assert "No glossary term in your draft." in response.content.decode()


def test_outsiders_get_no_hints(world):
    url = reverse("proposals:glossary_hint", args=[world.dialogue.slug])
    assert world.client("outsider").post(url, {"text": "border", "language": "en"}).status_code == 403


def test_readers_see_terms_marked_and_linked_to_their_entry_with_safe_escaping(world, client):
    term = adopt(world)
    world.statement("bella", "Սահմանի <b>բացումը</b> & ազատ տեղաշարժը", "hy")
    page = client.get(reverse("dialogues:results", args=[world.dialogue.slug]), HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    link = reverse("proposals:glossary", args=[world.dialogue.slug]) + f"#term-{term.pk}"
    assert f'<a class="glossary-term" href="{link}" lang="en" title="border — The line both sides' in html
    assert '<span lang="hy">Սահմանի</span></a> &lt;b&gt;բացումը&lt;/b&gt; &amp; ազատ' in html


def test_a_member_who_is_not_a_writer_still_reads_the_glossary(world):
    adopt(world)
    observer = world.members["alice"]
    assert observer.role == Membership.Role.PARTICIPANT
    assert world.client("alice").get(reverse("proposals:glossary", args=[world.dialogue.slug])).status_code == 200


def test_the_vote_card_marks_terms_too_when_htmx_brings_the_next_statement(world):
    term = adopt(world)
    world.statement("bella", "Граница должна быть открыта для семей.", "ru")
    rivers = world.statement("narek", "Rivers.")
    card = (
        world.client("alice")
        .post(
            reverse("dialogues:cast_vote", args=[world.dialogue.slug]),
            {"statement": rivers.pk, "value": "agree"},
            HTTP_HX_REQUEST="true",
        )
        .content.decode()
    )
    assert f'#term-{term.pk}" lang="' in card and '<span lang="ru">Граница</span></a> должна' in card


def test_without_javascript_the_check_button_keeps_the_authors_own_translations(world):
    adopt(world)
    url = reverse("proposals:glossary_hint", args=[world.dialogue.slug])
    draft = {"text": "Sərhədlərin açılması", "language": "az", "translation_ru": "Открытие границ"}
    html = world.client("alice").post(url, draft).content.decode()
    assert "Открытие границ</textarea>" in html


def test_the_vote_card_reads_the_terms_once_on_the_dialogue_loaded_and_marks_a_term_adopted_since(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    world.statement("bella", "Граница должна быть открыта для семей.", "ru")
    first, second = world.statement("narek", "Rivers."), world.statement("narek", "Lakes.")
    world.statement("bella", "Граница и мост.", "ru")
    url = reverse("dialogues:cast_vote", args=[world.dialogue.slug])
    client = world.client("alice")
    with CaptureQueriesContext(connection) as request:
        card = client.post(url, {"statement": first.pk, "value": "agree"}, HTTP_HX_REQUEST="true").content.decode()
    assert "glossary-term" not in card
    # Loads (not the record's row locks on PostgreSQL, SELECT ... FOR NO KEY UPDATE).
    reads = [q["sql"] for q in request.captured_queries if q["sql"].startswith("SELECT") and " FOR " not in q["sql"]]
    assert len([sql for sql in reads if 'FROM "dialogues_dialogue"' in sql]) == 1  # access_dialogue's only
    assert len([sql for sql in reads if "governance_glossaryterm" in sql]) == 1
    term = adopt(world)  # between two votes: the next card marks it
    card = client.post(url, {"statement": second.pk, "value": "agree"}, HTTP_HX_REQUEST="true").content.decode()
    assert f'#term-{term.pk}" lang="' in card and '<span lang="ru">Граница</span></a>' in card
