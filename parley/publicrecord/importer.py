"""Load a Pol.is export as a new, closed dialogue, with a record that replays to the same votes.

One action writes everything in one transaction, in bulk: a conversation of a million votes would
take hours through the per-vote action, and must not be left half-imported.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain, repeat
from typing import Any

import numpy as np
from django.db import transaction
from django.utils import timezone

from parley.checkpoints.actions import do_make_checkpoint
from parley.dialogues import counters
from parley.dialogues.access import ActionError
from parley.dialogues.models import LANGUAGE_CODES, Dialogue, Membership, Side, Statement, Vote, VoteHistory
from parley.dialogues.validation import handle_key, unique_slug
from parley.engine import Dataset
from parley.lang import MAX_STATEMENT_LENGTH, normalise_text
from parley.ledger import bulk, tree
from parley.ledger.log import record_time
from parley.ledger.models import RecordEntry
from parley.record import canonical_json, leaf_hash
from parley.record.entries import (
    DIALOGUE_CREATED,
    MEMBERSHIP_JOINED,
    STATEMENT_MODERATED,
    STATEMENT_SUBMITTED,
    VOTE_CAST,
    envelope,
)

COLOURS = ("#1f77b4", "#d95f02")


def _side_labels(dataset: Dataset, sides: dict[str, str] | None) -> list[str]:
    if sides is None:
        return ["A", "B"]
    labels = sorted(set(sides.values()))
    if len(labels) != 2:
        raise ActionError(f"A dialogue has two sides; the sides file names {len(labels)}: {', '.join(labels)}.")
    for label in labels:
        if not 1 <= len(label) <= 12:
            raise ActionError(f"A side's label has 1 to 12 characters: {label!r}.")
    return labels


@transaction.atomic
def do_import_polis(
    dataset: Dataset, *, title: str, slug: str = "", sides: dict[str, str] | None = None, language: str = "en"
) -> Dialogue:
    """Create a closed dialogue holding DATASET's participants, statements and vote history."""
    if language not in LANGUAGE_CODES:
        raise ActionError(f"The language must be one of {', '.join(LANGUAGE_CODES)}.")
    if sides is not None:
        missing = set(dataset.votes.participant.astype(str).tolist()) - set(sides)
        if missing:
            raise ActionError(
                f"{len(missing)} participants who voted have no side in the sides file "
                f"(for example {sorted(missing, key=_natural)[0]}); give every voter a side."
            )
    labels = _side_labels(dataset, sides)
    now = timezone.now()
    stamp = record_time(now)
    dialogue = Dialogue.objects.create(
        slug=unique_slug(slug or title, "imported"),
        title={language: normalise_text(title)[:200]},
        languages=[language],
        status=Dialogue.Status.CLOSED,
        # A Pol.is export is open data that already lists every vote by participant.
        vote_visibility=Dialogue.VoteVisibility.INDIVIDUAL,
        created_at=now,
    )
    side_rows = [
        Side.objects.create(dialogue=dialogue, position=i, label=label, name={}, colour=COLOURS[i])
        for i, label in enumerate(labels)
    ]
    side_of_label = {s.label: s for s in side_rows}
    bodies: list[dict] = []

    def entry(type_: str, payload: dict) -> None:
        bodies.append(envelope(dialogue.slug, len(bodies), stamp, type_, payload))

    entry(
        DIALOGUE_CREATED,
        {
            "title": dialogue.title,
            "description": {},
            "languages": [language],
            "sides": [{"position": s.position, "label": s.label, "name": {}, "colour": s.colour} for s in side_rows],
            "status": dialogue.status,
            "vote_visibility": dialogue.vote_visibility,
            "imported": "polis",
        },
    )
    votes = dataset.votes
    voter_ids, voted_ids = votes.participant.astype(str).tolist(), votes.statement.astype(str).tolist()
    participant_ids = sorted(set(voter_ids), key=_natural)
    _check_handles(participant_ids)
    members = Membership.objects.bulk_create(
        Membership(
            dialogue=dialogue,
            side=side_of_label[(sides or {}).get(pid, labels[0])],
            handle=f"participant {pid}"[:40],
            handle_key=handle_key(f"participant {pid}"[:40]),
            joined_at=now,
        )
        for pid in participant_ids
    )
    member_of = {pid: m for pid, m in zip(participant_ids, members, strict=True)}
    for m in members:
        entry(MEMBERSHIP_JOINED, {"member": m.pk, "handle": m.handle, "side": m.side.label, "role": m.role})

    statement_ids = sorted(set(voted_ids) | set(dataset.texts), key=_natural)
    authors = members[:1]
    if not authors:
        raise ActionError("The export has no votes, so there is nothing to import.")
    statements = Statement.objects.bulk_create(
        Statement(
            dialogue=dialogue,
            author=authors[0],
            side=authors[0].side,
            language=language,
            created_at=now,
            text=(normalise_text(dataset.texts.get(sid, "")) or f"(statement {sid})")[:MAX_STATEMENT_LENGTH],
            status=Statement.Status.REMOVED if sid in dataset.moderated_out else Statement.Status.VISIBLE,
        )
        for sid in statement_ids
    )
    statement_of = {sid: s for sid, s in zip(statement_ids, statements, strict=True)}
    for s in statements:
        entry(
            STATEMENT_SUBMITTED,
            {
                "statement": s.pk,
                "text": s.text,
                "language": language,
                "side": s.side.label,
                "seed": False,
                "translations": {},
            },
        )
        if s.status != Statement.Status.VISIBLE:
            entry(STATEMENT_MODERATED, {"statement": s.pk, "status": s.status})

    # The vote history in time order (stable for equal times); the last vote per pair counts.
    # Vectorised: ids mapped once per distinct participant and statement, not per vote.
    order = np.argsort(votes.timestamp, kind="stable") if votes.timestamp is not None else np.arange(len(votes))
    member_pk = {pid: m.pk for pid, m in member_of.items()}
    statement_pk = {sid: s.pk for sid, s in statement_of.items()}
    vote_members = np.array([member_pk[p] for p in voter_ids], dtype=np.int64)[order].tolist()
    vote_statements = np.array([statement_pk[s] for s in voted_ids], dtype=np.int64)[order].tolist()
    vote_values = np.asarray(votes.value, dtype=np.int64)[order].tolist()
    latest = dict(zip(zip(vote_members, vote_statements, strict=True), vote_values, strict=True))
    cast_at = bulk.db_value(VoteHistory, "cast_at", now)
    bulk.insert_rows(
        VoteHistory,
        ["membership_id", "statement_id", "value", "cast_at"],
        zip(vote_members, vote_statements, vote_values, repeat(cast_at), strict=False),
    )
    bulk.insert_rows(
        Vote,
        ["membership_id", "statement_id", "value", "updated_at"],
        ((m, s, v, cast_at) for (m, s), v in latest.items()),
    )
    # Entries are made, hashed and written one at a time; only their 32-byte hashes are kept.
    hashes: list[bytes] = []

    def entry_rows() -> Iterator[tuple[Any, ...]]:
        made = chain(
            ((body["type"], canonical_json(body)) for body in bodies),
            zip(
                repeat(VOTE_CAST),
                _vote_entries(dialogue.slug, stamp, len(bodies), vote_members, vote_statements, vote_values),
            ),
        )
        for seq, (type_, data) in enumerate(made):
            digest = leaf_hash(data)
            hashes.append(digest)
            yield (dialogue.pk, seq, cast_at, type_, data, digest)

    bulk.insert_rows(RecordEntry, ["dialogue_id", "seq", "created_at", "type", "data", "leaf_hash"], entry_rows())
    tree.extend(dialogue.pk, 0, hashes)
    counters.recount(dialogue.pk)
    # Signed by the server at once, so the imported record verifies as vouched for from the start.
    do_make_checkpoint(dialogue.pk)
    return dialogue


def _vote_entries(
    slug: str, stamp: str, first: int, members: list[int], statements: list[int], values: list[int]
) -> Iterator[bytes]:
    """The canonical bytes of the vote.cast entries, from one template instead of encoding each.

    The template is checked against `canonical_json` on the first entry, so a change of the entry's
    shape or of the encoding cannot slip by."""
    head = b'{"actor":null,"dialogue":' + canonical_json(slug) + b',"payload":{"member":'
    tail = b',"time":' + canonical_json(stamp) + b',"type":' + canonical_json(VOTE_CAST) + b"}"
    for i, (m, s, v) in enumerate(zip(members, statements, values, strict=True)):
        data = b'%s%d,"statement":%d,"value":%d},"seq":%d%s' % (head, m, s, v, first + i, tail)
        if i == 0:
            body = envelope(slug, first, stamp, VOTE_CAST, {"member": m, "statement": s, "value": v})
            if canonical_json(body) != data:
                raise RuntimeError("the vote entry template no longer matches canonical_json")
        yield data


def _check_handles(participant_ids: list[str]) -> None:
    """Refuse ids whose pseudonyms ("participant ID", cut to 40 characters) a dialogue would take as one."""
    seen: dict[str, str] = {}
    for pid in participant_ids:
        key = handle_key(f"participant {pid}"[:40])
        if key in seen:
            raise ActionError(
                f"Participants {seen[key]} and {pid} would get the same pseudonym in Parley; give them ids "
                "that differ in more than letter case and within their first 28 characters."
            )
        seen[key] = pid


def _natural(value: str) -> tuple[int, int, str, str]:
    """Sort numeric ids as numbers and other ids as text, numbers first."""
    # Compared by length, then digits, not by int(): that fails on "²" (which isdigit() accepts)
    # and on ids of thousands of digits.
    if value.isascii() and value.isdigit():
        digits = value.lstrip("0") or "0"
        return (0, len(digits), digits, value)
    return (1, 0, value, value)
