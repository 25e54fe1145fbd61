"""Withdrawing a removed statement's text from the public record, as both sides agreed: nothing of it is left
to read anywhere (pages, API, bundle), and the record still verifies, reporting the value as withdrawn."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.test import Client
from django.urls import reverse

from parley.analysis.tasks import analyse_now
from parley.checkpoints import actions as record_actions
from parley.dialogues import actions as dialogue_actions
from parley.dialogues.access import ActionError
from parley.dialogues.models import Statement, StatementTranslation
from parley.ledger.models import Opening, RecordEntry
from parley.ledger.openings import opened_entries
from parley.moderation import actions as moderation
from parley.proposals import actions
from parley.publicrecord.export import export_bundle
from parley.record.sealing import read_openings
from parley.record.verifier import verify_bundle
from parley.testing.personas import propose_and_approve

pytestmark = pytest.mark.django_db

PHONE = "+994 50 123 45 67"
TEXT = f"Call Bashir at {PHONE} tonight, he knows where they live."
TRANSLATION = f"Позвоните Баширу: {PHONE}."
# Fragments that would betray the text: the number in any spelling, and words only it has.
TRACES = [PHONE, "994 50 123", "123 45 67", "Bashir at", "where they live", "Позвоните"]


def submitted_and_withdrawn(world) -> Statement:
    """Bella writes a statement with a phone number; side A's moderator holds it; side A proposes removing it
    and withdrawing its text; side B's co-chair approves. Other statements get votes and an analysis."""
    kept = world.statement("aynur", "Clean rivers for all.")
    statement = dialogue_actions.do_submit_statement(world.bella, TEXT, "en", {"ru": TRANSLATION})
    for name in ("alice", "aysel", "bashir"):
        dialogue_actions.do_cast_vote(world.members[name], kept.pk, 1)
        dialogue_actions.do_cast_vote(world.members[name], statement.pk, -1)
    moderation.do_hold(world.elvin, statement.pk, "personal_data", "A phone number of a private person.")
    made = actions.do_propose(
        world.elvin,
        "remove_statement",
        {"statement": statement.pk, "rule": "personal_data", "reason": "A phone number of a private person."},
    )
    assert made.proposal.payload["withdraw"] is True  # on by default for personal data
    actions.do_approve_proposal(world.gayane, made.proposal.pk)
    analyse_now(world.dialogue.pk)
    record_actions.do_make_checkpoint(world.dialogue.pk)
    statement.refresh_from_db()
    return statement


def bundle_of(world) -> bytes:
    out = io.BytesIO()
    export_bundle(world.dialogue, out)
    return out.getvalue()


def files_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rezip(files: dict[str, bytes]) -> io.BytesIO:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    out.seek(0)
    return out


def assert_no_trace(where: str, data: bytes) -> None:
    for trace in TRACES:
        assert trace.encode("utf-8") not in data, f"{where} still holds {trace!r}"
        assert json.dumps(trace).encode("ascii") not in data, f"{where} still holds {trace!r} escaped"


def test_a_withdrawn_statement_leaves_no_trace_in_pages_api_or_bundle(world):
    statement = submitted_and_withdrawn(world)
    slug = world.dialogue.slug
    anyone = Client()
    pages = [
        reverse("publicrecord:record", args=[slug]),
        reverse("publicrecord:record", args=[slug]) + "?page=2",
        reverse("publicrecord:record", args=[slug]) + "?page=3",
        reverse("api:api_record", args=[slug]) + "?limit=1000",
        reverse("moderation:log", args=[slug]),
        reverse("api:api_moderation", args=[slug]),
        reverse("proposals:proposals", args=[slug]),
        reverse("api:api_proposals", args=[slug]),
        reverse("dialogues:results", args=[slug]),
        reverse("api:api_results", args=[slug]),
    ]
    for url in pages:
        response = anyone.get(url)
        assert response.status_code == 200, url
        assert_no_trace(url, response.content)
    for name in ("bella", "elvin", "lilit"):  # the author's and both moderators' own pages too
        for url in (reverse("dialogues:me", args=[slug]), reverse("moderation:queue", args=[slug])):
            response = world.client(name).get(url)
            if response.status_code == 200:
                assert_no_trace(f"{url} as {name}", response.content)
    files = files_of(bundle_of(world))
    assert {"openings.jsonl", "record.jsonl", "comments.csv", "analysis.json"} <= set(files)
    for name, content in files.items():
        assert_no_trace(name, content)
    # The published analysis names statements by id only, so it carries no text that may later be withdrawn.
    assert b"Clean rivers for all." not in files["analysis.json"]
    # The tables keep nothing either, and the record page says why.
    assert statement.text == "" and statement.withdrawn_rule == "personal_data"
    assert not StatementTranslation.objects.filter(statement=statement).exclude(text="").exists()
    record_page = anyone.get(reverse("publicrecord:record", args=[slug]) + "?type=statement.submitted")
    assert "withdrawn: Personal data" in record_page.content.decode()


def test_the_withdrawal_entry_names_the_openings_whose_values_and_salts_are_gone(world):
    statement = submitted_and_withdrawn(world)
    entries = opened_entries(world.dialogue.pk, RecordEntry.objects.filter(dialogue=world.dialogue).order_by("seq"))
    submitted = next(
        e for e in entries if e["type"] == "statement.submitted" and e["payload"]["statement"] == statement.pk
    )
    # The author's Russian translation is an entry of its own, right after the submission.
    translated = next(
        e for e in entries if e["type"] == "translation.proposed" and e["payload"]["statement"] == statement.pk
    )
    assert translated["payload"]["provenance"] == "author" and translated["payload"]["language"] == "ru"
    withdrawn = next(e for e in entries if e["type"] == "text.withdrawn")
    assert withdrawn["payload"]["openings"][:2] == [
        [submitted["seq"], "payload/text"],
        [translated["seq"], "payload/text"],
    ]
    # Then the reasons given for holding and removing it, which may quote it.
    reasons = withdrawn["payload"]["openings"][2:]
    assert reasons and all(path in ("payload/reason", "payload/payload/reason") for _seq, path in reasons)
    assert withdrawn["payload"]["rule"] == "personal_data" and withdrawn["actor"]["side"] == "B"
    rows = Opening.objects.filter(
        dialogue=world.dialogue, seq__in=[submitted["seq"], translated["seq"]], path__startswith="payload/t"
    )
    assert {(r.salt, r.value, r.withdrawn_by_seq) for r in rows} == {(None, None, withdrawn["seq"])}
    # The record's bytes of the submission are unchanged: a commitment, never the text.
    raw = json.loads(bytes(RecordEntry.objects.get(dialogue=world.dialogue, seq=submitted["seq"]).data))
    assert set(raw["payload"]["text"]) == {"commitment"}


def test_the_bundle_of_a_withdrawn_text_verifies_and_reports_it_withdrawn(world):
    submitted_and_withdrawn(world)
    report = verify_bundle(io.BytesIO(bundle_of(world)))
    assert report.ok, report.summary
    withdrawal = RecordEntry.objects.get(dialogue=world.dialogue, type="text.withdrawn")
    named = len(json.loads(bytes(withdrawal.data))["payload"]["openings"])
    assert named >= 2 and f"{named} withdrawn by entry {withdrawal.seq}" in report.summary


def test_a_bundle_with_a_changed_opened_value_fails_naming_the_entry(world):
    submitted_and_withdrawn(world)
    files = files_of(bundle_of(world))
    lines = files["openings.jsonl"].split(b"\n")
    index = next(i for i, line in enumerate(lines) if b'"path":"payload/text"' in line and b'"value"' in line)
    opening = json.loads(lines[index])
    lines[index] = lines[index].replace(
        json.dumps(opening["value"], ensure_ascii=False).encode(), b'"Clean rivers for none."'
    )
    assert lines[index] != files_of(bundle_of(world))["openings.jsonl"].split(b"\n")[index]
    report = verify_bundle(rezip({**files, "openings.jsonl": b"\n".join(lines)}))
    assert not report.ok
    assert report.problems[0] == f"entry {opening['seq']}: payload/text does not match its commitment"


def test_a_bundle_whose_opening_was_dropped_without_a_withdrawal_fails(world):
    world.statement("aynur", "Clean rivers for all.")
    files = files_of(bundle_of(world))
    openings = read_openings(files["openings.jsonl"])
    dropped = next(o for o in openings if o.path == "payload/text")
    lines = [line for line in files["openings.jsonl"].split(b"\n") if b'"path":"payload/text"' not in line]
    report = verify_bundle(rezip({**files, "openings.jsonl": b"\n".join(lines)}))
    assert not report.ok and report.problems[0].startswith(f"entry {dropped.seq}: payload/text has no opening")
    # Nor may it be marked withdrawn without a text.withdrawn entry naming it.
    forged = files["openings.jsonl"].replace(
        next(line for line in files["openings.jsonl"].split(b"\n") if b'"path":"payload/text"' in line),
        json.dumps(
            {"path": "payload/text", "seq": dropped.seq, "withdrawn": dropped.seq + 1}, separators=(",", ":")
        ).encode(),
    )
    report = verify_bundle(rezip({**files, "openings.jsonl": forged}))
    assert not report.ok and "no later text.withdrawn entry" in report.problems[0]


def test_a_removal_can_keep_the_text_in_the_record(world):
    statement = world.statement("bella", "Insulting words here.")
    propose_and_approve(
        world.elvin, world.gayane, "remove_statement", {"statement": statement.pk, "rule": "insult", "reason": "Rude"}
    )
    statement.refresh_from_db()
    assert statement.status == Statement.Status.REMOVED and statement.text == "Insulting words here."
    assert not RecordEntry.objects.filter(dialogue=world.dialogue, type="text.withdrawn").exists()


def test_a_removal_refuses_an_unknown_withdrawal_choice(world):
    statement = world.statement("bella", "Insulting words here.")
    with pytest.raises(ActionError):
        actions.do_propose(
            world.elvin,
            "remove_statement",
            {"statement": statement.pk, "rule": "insult", "reason": "Rude", "withdraw": "maybe"},
        )


def test_a_statement_removed_on_hold_can_still_have_its_text_withdrawn(world):
    statement = world.statement("bella", f"My number is {PHONE}.")
    hold = moderation.do_hold(world.elvin, statement.pk, "personal_data", "A phone number.")
    moderation.do_decide_hold(world.lilit, hold.pk, "remove")
    with pytest.raises(ActionError):  # removing it again, and nothing more, is refused
        actions.do_propose(
            world.elvin,
            "remove_statement",
            {"statement": statement.pk, "rule": "personal_data", "reason": "Again", "withdraw": "no"},
        )
    propose_and_approve(
        world.elvin,
        world.gayane,
        "remove_statement",
        {"statement": statement.pk, "rule": "personal_data", "reason": "Its text must go too."},
    )
    statement.refresh_from_db()
    assert statement.text == "" and statement.withdrawn_rule == "personal_data"
    assert RecordEntry.objects.filter(dialogue=world.dialogue, type="text.withdrawn").count() == 1
    assert RecordEntry.objects.filter(dialogue=world.dialogue, type="statement.moderated").count() == 2
    record_actions.do_make_checkpoint(world.dialogue.pk)
    assert verify_bundle(io.BytesIO(bundle_of(world))).ok


def test_the_moderators_reasons_that_quote_the_text_are_withdrawn_with_it(world):
    # Moderators often quote what they remove: those reasons go with the text.
    statement = dialogue_actions.do_submit_statement(world.bella, TEXT, "en")
    quoted = f"It gives the number {PHONE} of a private person."
    moderation.do_hold(world.elvin, statement.pk, "personal_data", quoted)
    made = actions.do_propose(
        world.elvin, "remove_statement", {"statement": statement.pk, "rule": "personal_data", "reason": quoted}
    )
    actions.do_approve_proposal(world.gayane, made.proposal.pk)
    record_actions.do_make_checkpoint(world.dialogue.pk)
    slug = world.dialogue.slug
    for url in (
        reverse("publicrecord:record", args=[slug]) + "?type=statement.moderated",
        reverse("publicrecord:record", args=[slug]) + "?type=proposal.made",
        reverse("api:api_record", args=[slug]) + "?limit=1000",
        reverse("moderation:log", args=[slug]),
        reverse("proposals:proposals", args=[slug]),
        reverse("api:api_proposals", args=[slug]),
    ):
        assert_no_trace(url, Client().get(url).content)
    assert_no_trace("the moderation queue", world.client("lilit").get(reverse("moderation:queue", args=[slug])).content)
    data = bundle_of(world)
    for name, content in files_of(data).items():
        assert_no_trace(name, content)
    report = verify_bundle(io.BytesIO(data))
    assert report.ok, report.summary
