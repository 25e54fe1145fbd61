"""Withdrawing a removed statement's texts from the public record, as both sides agreed (issue 17):
the statement's text, its translations, the reasons of disputes about them, and the moderators'
reasons for holding and removing it (which often quote what is being removed)."""

from __future__ import annotations

import json

from django.db.models import Q

from parley.dialogues import signals
from parley.dialogues.models import Membership, Statement, StatementTranslation
from parley.ledger import log
from parley.ledger.models import Opening, RecordEntry
from parley.moderation.models import Hold
from parley.proposals.models import Proposal
from parley.record.entries import (
    PROPOSAL_MADE,
    STATEMENT_MODERATED,
    STATEMENT_SUBMITTED,
    TRANSLATION_DISPUTED,
    TRANSLATION_MACHINE,
    TRANSLATION_PROPOSED,
)
from parley.record.sealing import WITHDRAWN_TYPE

# The proposal kinds whose payload names one statement and gives a reason for acting on it.
MODERATION_KINDS = ("remove_statement",)
# The entry types that hold a statement's translation or a reason about one (see parley.translations).
TRANSLATION_TEXT_TYPES = (TRANSLATION_MACHINE, TRANSLATION_PROPOSED, TRANSLATION_DISPUTED)


def withdraw_text(statement: Statement, rule: str, *, approver: Membership, proposal: int) -> int:
    """Withdraw a removed statement's text and translations from the public record, as both sides agreed.

    One `text.withdrawn` entry names the openings it withdraws; their values and salts are deleted
    for good (the commitments stay, so the record still verifies), and the texts are blanked in the
    tables. Runs inside the approval's transaction; returns the entry's seq.
    """
    submitted = _submitted_entry(statement)
    withdrawn: list[tuple[int, str]] = []
    if submitted is not None:
        withdrawn = list(
            Opening.objects.filter(dialogue_id=statement.dialogue_id, seq=submitted, withdrawn_by_seq__isnull=True)
            .filter(Q(path="payload/text") | Q(path__startswith="payload/translations/"))
            .order_by("path")
            .values_list("seq", "path")
        )
    # Its translations' texts, and the reasons of disputes about them, which may quote them.
    withdrawn += list(
        Opening.objects.filter(
            dialogue_id=statement.dialogue_id,
            seq__in=_translation_entries(statement),
            path__in=["payload/text", "payload/reason"],
            withdrawn_by_seq__isnull=True,
        )
        .order_by("seq", "path")
        .values_list("seq", "path")
    )
    # The reasons given for holding and removing it: moderators quote the personal data they remove.
    withdrawn += list(
        Opening.objects.filter(dialogue_id=statement.dialogue_id, seq__in=_moderation_entries(statement))
        .filter(Q(path="payload/reason") | Q(path__startswith="payload/payload/"))
        .filter(withdrawn_by_seq__isnull=True)
        .order_by("seq", "path")
        .values_list("seq", "path")
    )
    entry = log.append(
        statement.dialogue_id,
        WITHDRAWN_TYPE,
        {"statement": statement.pk, "openings": [[seq, p] for seq, p in withdrawn], "rule": rule, "proposal": proposal},
        actor=approver,
    )
    for seq, path in withdrawn:
        Opening.objects.filter(dialogue_id=statement.dialogue_id, seq=seq, path=path).update(
            value=None, salt=None, withdrawn_by_seq=entry.seq
        )
    statement.text, statement.withdrawn_rule = "", rule
    statement.save(update_fields=["text", "withdrawn_rule"])
    StatementTranslation.objects.filter(statement=statement).update(text="", dispute_reason="")
    Hold.objects.filter(statement=statement).update(reason="")
    for found in Proposal.objects.filter(dialogue_id=statement.dialogue_id, kind__in=MODERATION_KINDS):
        if found.payload.get("statement") == statement.pk and found.payload.get("reason"):
            found.payload = {**found.payload, "reason": ""}
            found.save(update_fields=["payload"])
    signals.text_withdrawn.send(sender=Statement, statement_id=statement.pk)
    return entry.seq


def _moderation_entries(statement: Statement) -> list[int]:
    """The seqs of the entries that held, removed or proposed removing STATEMENT, with a reason."""
    rows = RecordEntry.objects.filter(
        dialogue_id=statement.dialogue_id,
        type__in=(STATEMENT_MODERATED, PROPOSAL_MADE),
        created_at__gte=statement.created_at,
    ).order_by("seq")
    found = []
    for seq, data in rows.values_list("seq", "data").iterator():
        payload = json.loads(bytes(data))["payload"]
        if payload.get("statement") == statement.pk or (
            payload.get("kind") in MODERATION_KINDS and payload.get("payload", {}).get("statement") == statement.pk
        ):
            found.append(int(seq))
    return found


def _translation_entries(statement: Statement) -> list[int]:
    """The seqs of the entries that translated STATEMENT or disputed a translation of it."""
    rows = RecordEntry.objects.filter(
        dialogue_id=statement.dialogue_id, type__in=TRANSLATION_TEXT_TYPES, created_at__gte=statement.created_at
    ).order_by("seq")
    return [
        int(seq)
        for seq, data in rows.values_list("seq", "data").iterator()
        if json.loads(bytes(data))["payload"].get("statement") == statement.pk
    ]


def _submitted_entry(statement: Statement) -> int | None:
    """The seq of the entry that submitted STATEMENT: written after its row, in the same transaction."""
    rows = RecordEntry.objects.filter(
        dialogue_id=statement.dialogue_id, type=STATEMENT_SUBMITTED, created_at__gte=statement.created_at
    ).order_by("seq")
    for seq, data in rows.values_list("seq", "data").iterator():
        if json.loads(bytes(data))["payload"].get("statement") == statement.pk:
            return int(seq)
    return None
