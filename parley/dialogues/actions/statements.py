"""Writes of statements and votes: a statement submitted (with its author's translations), a vote cast,
a batch of votes cast by one hand."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parley.dialogues import access, counters, signals, tallies
from parley.dialogues.access import ActionError
from parley.dialogues.models import (
    Membership,
    Statement,
    StatementTranslation,
    Vote,
    VoteHistory,
)
from parley.dialogues.upsert import upsert_vote
from parley.dialogues.validation import (
    clean_language,
    clean_statement_text,
)
from parley.ledger import log
from parley.record.entries import STATEMENT_SUBMITTED, TRANSLATION_PROPOSED, VOTE_CAST

# --- statements and votes --------------------------------------------------------------------


@transaction.atomic
def do_submit_statement(
    member: Membership, text: object, language: object, translations: dict[str, str] | None = None
) -> Statement:
    """Add a statement by MEMBER; the author's own vote on it is 'agree', as in Pol.is.

    A statement holding a term of its language's blocklist is put on hold at once.
    """
    member = access.check_can_take_part(member)
    statement, clean_translations = _new_statement(member, text, language, translations)
    log.append(statement.dialogue_id, STATEMENT_SUBMITTED, _submitted_payload(member, statement), actor=member)
    for code, translated in clean_translations.items():
        _record_author_translation(member, statement, code, translated)
    _write_vote(member, statement, Vote.Value.AGREE)
    _announce(statement)
    return statement


def _new_statement(
    member: Membership, text: object, language: object, translations: dict[str, str] | None
) -> tuple[Statement, dict[str, str]]:
    """Check a new statement of MEMBER and its author's translations, and write its row."""
    text = clean_statement_text(text)
    language = clean_language(language, member.dialogue.languages)
    if Statement.objects.filter(dialogue_id=member.dialogue_id, text=text).exists():
        raise ActionError(_("This statement is already in the dialogue."), field="text")
    clean_translations = {
        code: clean_statement_text(translated)
        for code, translated in (translations or {}).items()
        if code != language and code in member.dialogue.languages
    }
    statement = Statement.objects.create(
        dialogue_id=member.dialogue_id,
        author=member,
        side_id=member.side_id,
        text=text,
        language=language,
        is_seed=member.role in (Membership.Role.COCHAIR, Membership.Role.ORGANIZER),
    )
    return statement, clean_translations


def _submitted_payload(member: Membership, statement: Statement) -> dict[str, Any]:
    return {
        "statement": statement.pk,
        "text": log.Private(statement.text),
        "language": statement.language,
        "side": member.side.label,
        "seed": statement.is_seed,
        # Author's translations are entries of their own now; records made before carry them
        # here, and still replay.
        "translations": {},
    }


def _translation_payload(statement: Statement, language: str, text: str) -> dict[str, Any]:
    return {"statement": statement.pk, "language": language, "text": log.Private(text), "provenance": "author"}


def _announce(statement: Statement) -> None:
    transaction.on_commit(lambda: signals.statement_submitted.send(sender=Statement, statement_id=statement.pk))
    # The moderation app puts it on hold here if its text holds a blocklist term.
    signals.statement_created.send(sender=Statement, statement=statement)


@transaction.atomic
def do_submit_statements(
    member: Membership, rows: list[tuple[object, object, dict[str, str] | None]]
) -> list[Statement]:
    """Add ROWS, (text, language, author's translations) each, as `do_submit_statement` would one by
    one (the same rows, entries in the same order, votes and signals), with the record entries of them
    all appended under one lock of the record: for a list of seed statements entered at once. All or
    nothing; a row's error names its position (1 for the first row) in `ActionError.field`."""
    member = access.check_can_take_part(member)
    added: list[tuple[Statement, dict[str, str], int]] = []
    items: list[tuple[str, dict[str, Any]]] = []
    for number, (text, language, translations) in enumerate(rows, start=1):
        try:
            statement, clean_translations = _new_statement(member, text, language, translations)
        except ActionError as error:
            raise ActionError(error.message, field=str(number)) from error
        items.append((STATEMENT_SUBMITTED, _submitted_payload(member, statement)))
        items += [
            (TRANSLATION_PROPOSED, _translation_payload(statement, code, translated))
            for code, translated in clean_translations.items()
        ]
        # The author's vote: an entry now, or none where only totals are public (it waits for a batch).
        votes: list[dict[str, Any]] = []
        _write_vote(member, statement, Vote.Value.AGREE, entries=votes)
        items += [(VOTE_CAST, payload) for payload in votes]
        added.append((statement, clean_translations, len(votes)))
    written = iter(log.append_many(member.dialogue_id, items, actor=member))
    translated_rows = []
    for statement, clean_translations, n_votes in added:
        next(written)  # statement.submitted
        for code, translated in clean_translations.items():
            translated_rows.append(
                StatementTranslation(
                    statement=statement,
                    language=code,
                    text=translated,
                    source=StatementTranslation.Source.AUTHOR,
                    status=StatementTranslation.Status.PROPOSED,
                    translator=member,
                    seq=next(written).seq,
                )
            )
        for _vote in range(n_votes):
            next(written)
    StatementTranslation.objects.bulk_create(translated_rows)
    for statement, _translations, _n in added:
        _announce(statement)
    return [statement for statement, _translations, _n in added]


def _record_author_translation(member: Membership, statement: Statement, language: str, text: str) -> None:
    """The author's own translation, typed when writing: labelled as theirs, open to the other side's review."""
    entry = log.append(
        statement.dialogue_id, TRANSLATION_PROPOSED, _translation_payload(statement, language, text), actor=member
    )
    StatementTranslation.objects.create(
        statement=statement,
        language=language,
        text=text,
        source=StatementTranslation.Source.AUTHOR,
        status=StatementTranslation.Status.PROPOSED,
        translator=member,
        seq=entry.seq,
    )


def parse_vote_value(value: object) -> int:
    names = {"agree": 1, "disagree": -1, "pass": 0, "1": 1, "-1": -1, "0": 0}
    if isinstance(value, bool):
        value = None
    if isinstance(value, int) and value in (-1, 0, 1):
        return value
    if isinstance(value, str) and value.strip().lower() in names:
        return names[value.strip().lower()]
    raise ActionError(_("A vote is agree, disagree or pass."), field="value")


def do_cast_vote(member: Membership, statement_id: object, value: object) -> Vote:
    """Record MEMBER's vote; a later vote on the same statement replaces the earlier one.

    It returns once the vote's entry is in the record. On PostgreSQL (outside any caller's
    transaction) the vote commits with a pending entry, then `log.sequence_pending` moves it, with
    the other votes waiting, into the record in one transaction (group commit)."""
    deferred = log.group_commit_enabled()
    with transaction.atomic():
        member = access.check_can_take_part(member)
        vote_value = parse_vote_value(value)
        statement = access.access_statement(member, statement_id)
        if statement.status == Statement.Status.ON_HOLD:
            # Its hold lapsed and the queue offered it: return it first, as settling would have.
            signals.settle_due.send(sender=Statement, dialogue_id=member.dialogue_id)
            statement.refresh_from_db()
        vote, pending = _write_vote(member, statement, vote_value, deferred=deferred)
    if pending is not None:
        log.sequence_pending(member.dialogue_id, pending)
    return vote


def _write_vote(
    member: Membership,
    statement: Statement,
    value: int,
    *,
    deferred: bool = False,
    entries: list[dict[str, Any]] | None = None,
) -> tuple[Vote, int | None]:
    """Write the vote (one upsert that tells the previous value), its history and its record entry.

    DEFERRED: the entry is written pending; return its id with the vote, for the caller to sequence after COMMIT."""
    now = timezone.now()
    vote, previous = upsert_vote(member, statement, value, now)
    totals_only = tallies.is_totals_only(member.dialogue)
    counters.count_vote(statement, member.side_id, previous, value, published=not totals_only)
    if totals_only:
        # Only totals are public: no entry now; the vote waits, under its commitment, for a batch.
        salt, commitment = tallies.new_commitment(member, statement, value)
        VoteHistory.objects.create(
            membership=member, statement=statement, value=value, cast_at=now, salt=salt, commitment=commitment
        )
        tallies.seal_after_commit(member.dialogue_id)
        return vote, None
    signals.send_votes_committed(member.dialogue_id)
    VoteHistory.objects.create(membership=member, statement=statement, value=value, cast_at=now)
    payload = {"member": member.pk, "statement": statement.pk, "value": value}
    if deferred:
        return vote, log.append_pending(member.dialogue_id, VOTE_CAST, payload, actor=member).pk
    if entries is not None:  # the caller appends the batch's entries at once (do_cast_votes)
        entries.append(payload)
        return vote, None
    log.append(member.dialogue_id, VOTE_CAST, payload, actor=member)
    return vote, None


def default_language_for(member: Membership, preferred: str) -> str:
    """The language a new statement is most likely written in: the interface's, else the member's."""
    langs = member.dialogue.languages or [settings.LANGUAGE_CODE]
    for code in (preferred, member.language):
        if code in langs:
            return code
    return langs[0]


@transaction.atomic
def do_cast_votes(member: Membership, votes: list[tuple[object, object]]) -> int:
    """Record MEMBER's VOTES, (statement id, value) pairs, as `do_cast_vote` would one by one (an entry
    each), checking the member and the statements once: for a batch cast by one hand, as the demo's
    simulated participants do. All or nothing; returns how many."""
    member = access.check_can_take_part(member)
    values = [(statement_id, parse_vote_value(value)) for statement_id, value in votes]
    wanted = {str(statement_id) for statement_id, _value in values}
    open_statements = {
        str(statement.pk): statement
        for statement in Statement.objects.filter(
            pk__in=[int(pk) for pk in wanted if pk.isdigit()],
            dialogue_id=member.dialogue_id,
            status=Statement.Status.VISIBLE,
        )
    }
    entries: list[dict[str, Any]] = []
    for statement_id, value in values:
        statement = open_statements.get(str(statement_id))
        if statement is None:
            raise ActionError(_("That statement does not exist or is not open for votes."), field="statement")
        _write_vote(member, statement, value, entries=entries)
    log.append_all(member.dialogue_id, VOTE_CAST, entries, actor=member)
    return len(values)
