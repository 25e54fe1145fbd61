"""The public record page reads as plain sentences in the reader's language, newest first, with jumps to
any page or date, a filter by kind of entry in words, and each entry's canonical JSON one click away."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from parley.dialogues.models import Membership
from parley.ledger import log
from parley.ledger.models import RecordEntry
from parley.publicrecord import sentences
from parley.publicrecord.queries import PAGE_SIZE
from parley.record.entries import REGISTRY
from parley.record.replay import _APPLY

pytestmark = pytest.mark.django_db

PARLEY = Path(sentences.__file__).parents[1]
ROLES = [role.value for role in Membership.Role]
LANGUAGES = ["en", "az", "hy", "ru"]
# A vote.cast payload with the fields the registry asks of it.
VOTE = {"statement": 1, "value": 1, "member": 1}


def recorded_types() -> set[str]:
    """Every entry type Parley writes or replays: the registry's (log.append refuses any other)."""
    return set(_APPLY) | set(REGISTRY)


def visible_text(page: str) -> str:
    """The page's text as a reader sees it with every entry's JSON folded away."""
    page = re.sub(r"<details.*?</details>", " ", page, flags=re.S)
    page = re.sub(r"<(script|style|head)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def test_every_entry_type_parley_writes_has_a_sentence_and_a_kind():
    types = recorded_types()
    assert {"membership.joined", "vote.cast", "votes.tallied", "text.withdrawn", "proposal.expired"} <= types
    assert types - set(sentences.SENTENCES) == set()
    assert types - set(sentences.KIND_OF_TYPE) == set()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_type_reads_as_a_sentence_in_each_language_without_codes(language):
    sides = {"A": "Side A"}
    for entry_type in sentences.SENTENCES:
        for role in ROLES:
            entry = {"actor": {"member": 3, "side": "A", "role": role}, "payload": {"statement": 7, "kind": "status"}}
            with translation.override(language):
                said = sentences.sentence(entry_type, entry, sides)
            with translation.override("en"):
                english = sentences.sentence(entry_type, entry, sides)
            assert said and "%(" not in said
            assert entry_type not in said and "cochair" not in said
            if language != "en":
                assert not any(re.search(rf"\b{code}\b", said) for code in ROLES), (language, said)
                assert said != english, (language, entry_type)


def test_a_sentence_names_the_role_and_side_never_the_pseudonym(world):
    entry = {"actor": {"member": 5, "handle": "Bella", "side": "B", "role": "participant"}, "payload": {}}
    with translation.override("en"):
        said = sentences.sentence("membership.joined", entry, {"B": "the Armenian side"})
        assert said == "A participant of the Armenian side joined."
        cochair = {"actor": {"side": "A", "role": "cochair"}, "payload": {"kind": "status"}}
        assert sentences.sentence("proposal.made", cochair, {"A": "Side A"}) == (
            "The co-chair of Side A proposed: Open, close or reopen the dialogue."
        )
        batch = {"payload": {"sides": {"A": {"voters": 2, "votes": 5}, "B": {"voters": 3, "votes": 7}}}}
        assert sentences.sentence("votes.tallied", batch, {}) == "Votes published in a batch: 12."


def payload_of(entry_type: str, **given: object) -> dict:
    """A payload with the fields the registry asks of ENTRY_TYPE (and GIVEN)."""
    blank = {int: 1, str: "", dict: {}, list: [], bool: False}
    return {name: blank[kind] for name, kind in REGISTRY[entry_type].fields.items()} | given


def append_every_type(world) -> None:
    with transaction.atomic():
        for entry_type in sorted(sentences.SENTENCES):
            log.append(world.dialogue.pk, entry_type, payload_of(entry_type, statement=1), actor=world.bella)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_record_page_shows_no_raw_type_or_role_code(world, client, language):
    append_every_type(world)
    client.cookies["django_language"] = language
    url = reverse("publicrecord:record", args=[world.dialogue.slug])
    shown = ""
    for page in (1, 2):
        shown += visible_text(client.get(url, {"page": page}).content.decode())
    # "moderator" is also the Azerbaijani word for a moderator, and the English words are English.
    roles = {"en": ["cochair"], "az": [r for r in ROLES if r != "moderator"]}.get(language, ROLES)
    codes = list(sentences.SENTENCES) + roles
    assert [code for code in codes if re.search(rf"(?<![\w.]){re.escape(code)}(?![\w.])", shown)] == []
    with translation.override(language):
        said = sentences.sentence("membership.joined", {"actor": {"side": "B", "role": "participant"}}, {"B": "X"})
    assert said.replace("X", "") in shown.replace(world.side_b.name_text(language), "")


def seqs_on(page: str) -> list[int]:
    return [int(n) for n in re.findall(r'id="entry-(\d+)"', page)]


def test_the_record_is_newest_first_and_jumps_to_any_page(world, client):
    url = reverse("publicrecord:record", args=[world.dialogue.slug])
    size = RecordEntry.objects.filter(dialogue=world.dialogue).count()
    with transaction.atomic():
        for _n in range(2 * PAGE_SIZE + 5 - size):
            log.append(world.dialogue.pk, "vote.cast", VOTE, actor=world.bella)
    first = client.get(url).content.decode()
    assert seqs_on(first)[:3] == [2 * PAGE_SIZE + 4, 2 * PAGE_SIZE + 3, 2 * PAGE_SIZE + 2]
    assert 'href="?page=3"' in first and 'name="page"' in first
    last = client.get(url, {"page": 3}).content.decode()
    assert seqs_on(last) == [4, 3, 2, 1, 0]
    assert 'href="?page=2"' in last
    # An entry's page: the moderation log links to it.
    assert 60 in seqs_on(client.get(url, {"seq": 60}).content.decode())


def test_a_date_jumps_to_that_days_newest_entry(world, client, monkeypatch):
    url = reverse("publicrecord:record", args=[world.dialogue.slug])
    today = timezone.now()
    with transaction.atomic():
        for days, count in ((1, 60), (3, 60)):
            monkeypatch.setattr(log.timezone, "now", lambda days=days: today + timedelta(days=days))
            for _n in range(count):
                log.append(world.dialogue.pk, "vote.cast", VOTE, actor=world.bella)
    newest_of_day = RecordEntry.objects.filter(dialogue=world.dialogue).order_by("-seq")[60].seq
    day = (today + timedelta(days=2)).date().isoformat()  # a day without entries: the day before's newest
    page = client.get(url, {"date": day}).content.decode()
    assert newest_of_day in seqs_on(page) and f'class="record-entry target" id="entry-{newest_of_day}"' in page
    assert '<span aria-current="page">2</span>' in page
    assert seqs_on(client.get(url, {"date": "9999-12-31"}).content.decode())[0] == newest_of_day + 60
    wrong = client.get(url, {"date": "1 March"})
    assert wrong.status_code == 200 and "Give the date as year-month-day" in wrong.content.decode()


def test_the_filter_names_kinds_in_words_and_narrows_the_entries(world, client):
    world.statement("bella", "Shared river monitoring.")
    client.cookies["django_language"] = "ru"
    url = reverse("publicrecord:record", args=[world.dialogue.slug])
    page = client.get(url).content.decode()
    assert 'type="checkbox" name="kind" value="statements"' in page and "Высказывания" in page
    only = client.get(url, {"kind": "statements"}).content.decode()
    shown = RecordEntry.objects.filter(seq__in=seqs_on(only), dialogue=world.dialogue)
    types = set(shown.values_list("type", flat=True))
    assert types == {"statement.submitted"}
    assert "Shared river monitoring." in only and 'lang="en"' in only
    both = client.get(url, {"kind": ["statements", "members"]}).content.decode()
    assert len(seqs_on(both)) > len(seqs_on(only))


def test_each_entrys_json_is_one_click_away(world, client):
    url = reverse("publicrecord:record", args=[world.dialogue.slug])
    page = client.get(url).content.decode()
    newest = RecordEntry.objects.filter(dialogue=world.dialogue).order_by("-seq").first()
    assert newest is not None
    link = f"{reverse('api:api_record', args=[world.dialogue.slug])}?after={newest.seq - 1}&amp;limit=1"
    assert link in page
    folded = page.split(f'id="entry-{newest.seq}"', 1)[1].split("</details>")[0]
    assert "<details" in folded and html.escape(bytes(newest.data).decode()) in folded
    api = client.get(link.replace("&amp;", "&")).json()
    assert [e["seq"] for e in api["entries"]] == [newest.seq]
