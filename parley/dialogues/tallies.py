"""Totals-only votes: the action functions that seal batches of votes, and what batches published.

In a dialogue where only totals are public a vote is written to the private tables with a salt and
a commitment, and no record entry. A batch is sealed (one `votes.tallied` entry) once a side has at
least 2K distinct voters waiting (K = `PARLEY_TALLY_MIN_VOTERS`): it publishes the votes of all but
the K voters who started waiting last, who wait for the next batch. So the difference between two
published totals mixes at least K voters of each side it covers, and so does the final batch that
closing the dialogue seals (unless a side had fewer than K voters waiting in all). See
docs/record-format.md.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Min, Q

from parley.dialogues import counters, signals
from parley.dialogues.models import Dialogue, Membership, Statement, TallyBatch, VoteHistory
from parley.ledger import log
from parley.record.tally import SALT_BYTES, TALLIED, Totals, vote_commitment


def is_totals_only(dialogue: Dialogue) -> bool:
    return dialogue.vote_visibility == Dialogue.VoteVisibility.AGGREGATE


def new_commitment(member: Membership, statement: Statement, value: int) -> tuple[bytes, str]:
    """A fresh salt for one cast vote, and the commitment to the vote under it."""
    salt = secrets.token_bytes(SALT_BYTES)
    return salt, vote_commitment(member.pk, statement.pk, value, salt)


def _pending(dialogue_id: int) -> Any:
    return VoteHistory.objects.filter(statement__dialogue_id=dialogue_id, batch__isnull=True).exclude(commitment="")


def pending_voters(dialogue_id: int) -> dict[str, int]:
    """How many distinct voters of each side have votes waiting for a batch."""
    return voters_per_side(_pending(dialogue_id))


def voters_per_side(pending: Any) -> dict[str, int]:
    """How many distinct voters of each side the PENDING vote rows (with a `membership`) have."""
    rows = (
        pending.values("membership__side__label")
        .annotate(voters=Count("membership_id", distinct=True))
        .values_list("membership__side__label", "voters")
    )
    return dict(rows)


def sides_due(pending: Any, *, final: bool) -> list[str]:
    """The sides whose PENDING votes a batch publishes: those with at least 2K voters waiting (FINAL: all)."""
    waiting = voters_per_side(pending)
    return sorted(label for label, voters in waiting.items() if final or voters >= 2 * settings.TALLY_MIN_VOTERS)


def _sides_due(dialogue_id: int, *, final: bool) -> list[str]:
    return sides_due(_pending(dialogue_id), final=final)


def voters_to_seal(pending: Any, sides: list[str], *, final: bool) -> list[int]:
    """The waiting voters whose votes the batch publishes: on each side all but the K who started
    waiting last (FINAL: all), so that the voters left waiting are never fewer than K."""
    first_waiting = (
        pending.filter(membership__side__label__in=sides)
        .values("membership_id", "membership__side__label")
        .annotate(first=Min("id"))
        .order_by("first")
        .values_list("membership_id", "membership__side__label")
    )
    per_side: dict[str, list[int]] = defaultdict(list)
    for member_id, label in first_waiting:
        per_side[label].append(member_id)
    keep = 0 if final else settings.TALLY_MIN_VOTERS
    return [m for voters in per_side.values() for m in voters[: len(voters) - keep]]


def side_counts(rows: list[tuple[int, str]], sides: list[str]) -> dict[str, dict[str, int]]:
    """Per side of SIDES, the distinct voters and the votes among ROWS of (member, side label)."""
    counts: dict[str, dict[str, Any]] = {label: {"voters": set(), "votes": 0} for label in sides}
    for member_id, label in rows:
        counts[label]["voters"].add(member_id)
        counts[label]["votes"] += 1
    return {label: {"voters": len(c["voters"]), "votes": c["votes"]} for label, c in counts.items()}


@transaction.atomic
def do_seal_batch(dialogue_id: int, *, final: bool = False) -> TallyBatch | None:
    """Publish, as one `votes.tallied` entry, the waiting votes of every side that has at least 2K
    voters waiting, all but the last K voters' (FINAL: every waiting vote, however few); return the
    batch, or None if none was due."""
    # The row lock makes concurrent sealers take turns; each re-reads what waits under it.
    Dialogue.objects.select_for_update().only("pk").get(pk=dialogue_id)
    sides = _sides_due(dialogue_id, final=final)
    if not sides and not (final and waiting_joins(dialogue_id)):
        return None
    voters = voters_to_seal(_pending(dialogue_id), sides, final=final)
    rows = list(
        _pending(dialogue_id)
        .filter(membership_id__in=voters)
        .values_list("pk", "membership_id", "membership__side__label", "commitment")
    )
    last = TallyBatch.objects.filter(dialogue_id=dialogue_id).order_by("-number").values_list("number", flat=True)
    number = (last.first() or 0) + 1
    sealed = [pk for pk, *_rest in rows]
    VoteHistory.objects.filter(pk__in=sealed).update(batch=number)
    counters.count_cast(counters.casts(Q(pk__in=sealed)))  # now published: they count as cast
    totals = published_totals(dialogue_id)
    payload: dict[str, Any] = {
        "batch": number,
        "sides": side_counts([(member_id, label) for _pk, member_id, label, _c in rows], sides),
        "totals": totals,
        "commitments": sorted(commitment for *_rest, commitment in rows),
    }
    entry = log.append(dialogue_id, TALLIED, payload | publish_joins(dialogue_id))
    batch = TallyBatch.objects.create(dialogue_id=dialogue_id, number=number, seq=entry.seq, totals=totals)
    # The published analysis of a totals-only dialogue changes only when a batch is sealed.
    signals.send_votes_committed(dialogue_id)
    return batch


def waiting_joins(dialogue_id: int) -> dict[str, int]:
    """How many participants of each side joined since the last batch (totals-only dialogues)."""
    rows = Membership.objects.filter(dialogue_id=dialogue_id, join_waiting=True)
    return dict(rows.values_list("side__label").annotate(n=Count("id")).values_list("side__label", "n"))


def publish_joins(dialogue_id: int) -> dict[str, Any]:
    """The `joined` field of a batch entry: the participants per side whose joins it publishes, now
    marked published ({} if none waited). Every batch publishes them all, so no voter it counts is
    missing from the members the record knows."""
    joined = waiting_joins(dialogue_id)
    if not joined:
        return {}
    Membership.objects.filter(dialogue_id=dialogue_id, join_waiting=True).update(join_waiting=False)
    return {"joined": dict(sorted(joined.items()))}


def published_votes(dialogue_id: int, upto_batch: int | None = None) -> dict[tuple[int, int], tuple[int, str]]:
    """The latest published vote of each member on each statement: (member, statement) -> (value, side).

    Published means cast while votes were public one by one, or in a sealed batch (up to UPTO_BATCH).
    """
    rows = VoteHistory.objects.filter(statement__dialogue_id=dialogue_id).exclude(
        membership__role=Membership.Role.OBSERVER
    )
    sealed = rows.filter(batch__isnull=False)
    if upto_batch is not None:
        sealed = sealed.filter(batch__lte=upto_batch)
    public = rows.filter(commitment="") | sealed
    latest: dict[tuple[int, int], tuple[int, str]] = {}
    for member, statement, value, label in public.order_by("cast_at", "id").values_list(
        "membership_id", "statement_id", "value", "membership__side__label"
    ):
        latest[(member, statement)] = (value, label)
    return latest


def published_totals(dialogue_id: int) -> Totals:
    """Cumulative counts of the latest published votes: {statement: {side: [agree, disagree, pass]}}."""
    totals: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for (_member, statement), (value, label) in published_votes(dialogue_id).items():
        counts = totals[str(statement)].setdefault(label, [0, 0, 0])
        counts[{1: 0, -1: 1, 0: 2}[value]] += 1
    return {statement: dict(sorted(per_side.items())) for statement, per_side in sorted(totals.items())}


def latest_batch(dialogue: Dialogue) -> TallyBatch | None:
    return TallyBatch.objects.filter(dialogue=dialogue).order_by("-number").first()


def seal_due_batches() -> int:
    """Seal a batch in every totals-only dialogue where one is due; return how many (`parley worker`)."""
    waiting = (
        VoteHistory.objects.filter(batch__isnull=True, statement__dialogue__vote_visibility="aggregate")
        .exclude(commitment="")
        .values_list("statement__dialogue_id", flat=True)
        .distinct()
    )
    return sum(do_seal_batch(dialogue_id) is not None for dialogue_id in sorted(set(waiting)))


class _SealIfDue:
    def __init__(self, dialogue_id: int) -> None:
        self.dialogue_id = dialogue_id

    def __call__(self) -> None:
        # The cheap check first: one grouped count, no lock.
        if _sides_due(self.dialogue_id, final=False):
            do_seal_batch(self.dialogue_id)


def seal_after_commit(dialogue_id: int) -> None:
    """Once the vote's transaction commits, seal a batch if the vote made one due (once per dialogue)."""
    connection = transaction.get_connection()
    for _savepoints, callback, *_rest in connection.run_on_commit:
        if isinstance(callback, _SealIfDue) and callback.dialogue_id == dialogue_id:
            return
    transaction.on_commit(_SealIfDue(dialogue_id))
