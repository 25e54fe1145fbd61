"""Participants' votes on a joint statement's final text, and, where only totals are public, their batches.

Where individual votes are public, each vote is a `joint.vote` entry naming the member. Where only
totals are public, a vote is written to the private tables with a salt and a commitment, and no
record entry: it is published in a batch (`joint.votes_tallied`), sealed by the same rule as the
batches of votes on statements (`parley.dialogues.tallies`): once a side has at least 2K distinct
voters waiting on this joint statement, all but the K who started waiting last are published; the
rest when the joint statement is ratified or the dialogue closes. See docs/record-format.md.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from typing import Any

from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from parley.dialogues.access import ActionError, require_member
from parley.dialogues.models import Dialogue, Membership
from parley.dialogues.tallies import is_totals_only, publish_joins, side_counts, sides_due, voters_to_seal
from parley.joint import access as joint_access
from parley.joint.models import JointStatement, JointTallyBatch, JointVote, JointVoteHistory
from parley.ledger import log
from parley.proposals.signals import final_votes_due
from parley.record.entries import JOINT_VOTE
from parley.record.tally import JOINT_TALLIED, SALT_BYTES, ReceiptVote, Totals, joint_vote_commitment, receipt_json

VOTE_VALUES = {"agree": 1, "disagree": -1, "1": 1, "-1": -1}


@transaction.atomic
def do_vote_joint(member: Membership | None, joint_id: object, clause: object, value: object) -> JointVote:
    """Record a participant's agree or disagree on one clause of the final text, or on all of it."""
    member = require_member(member)
    joint = joint_access.find_joint(member.dialogue, joint_id, lock=True)
    member = joint_access.check_can_vote(member, joint)
    key = clause if isinstance(clause, str) else ""
    assert joint.final_version is not None
    if key and joint.final_version.clause(key) is None:
        raise ActionError(_("Choose a clause of the final text."), field="clause")
    vote_value = VOTE_VALUES.get(value.strip().lower()) if isinstance(value, str) else None
    if vote_value is None:
        raise ActionError(_("A vote on a joint statement is agree or disagree."), field="value")
    now = timezone.now()
    vote, _created = JointVote.objects.update_or_create(
        joint=joint, membership=member, clause=key, defaults={"value": vote_value, "updated_at": now}
    )
    if not is_totals_only(member.dialogue):
        JointVoteHistory.objects.create(joint=joint, membership=member, clause=key, value=vote_value, cast_at=now)
        payload = {"joint": joint.pk, "clause": key, "value": vote_value, "member": member.pk}
        log.append(joint.dialogue_id, JOINT_VOTE, payload, actor=member)
        return vote
    # Only totals are public: no entry now (its time and side would follow the voter's own actions);
    # the vote waits, with its commitment, for a batch of at least K voters per side.
    salt = secrets.token_bytes(SALT_BYTES)
    JointVoteHistory.objects.create(
        joint=joint,
        membership=member,
        clause=key,
        value=vote_value,
        cast_at=now,
        salt=salt,
        commitment=joint_vote_commitment(member.pk, joint.pk, key, vote_value, salt),
    )
    transaction.on_commit(lambda: seal_if_due(joint.pk))
    return vote


def _pending(joint_id: int) -> Any:
    return JointVoteHistory.objects.filter(joint_id=joint_id, batch__isnull=True).exclude(commitment="")


@transaction.atomic
def do_seal_joint_batch(joint_id: int, *, final: bool = False) -> JointTallyBatch | None:
    """Publish, as one `joint.votes_tallied` entry, the waiting votes on JOINT_ID by the rule of
    `tallies.do_seal_batch` (FINAL: every waiting vote); return the batch, or None if none was due."""
    joint = JointStatement.objects.select_for_update().only("pk", "dialogue_id").get(pk=joint_id)
    sides = sides_due(_pending(joint_id), final=final)
    if not sides:
        return None
    voters = voters_to_seal(_pending(joint_id), sides, final=final)
    rows = list(
        _pending(joint_id)
        .filter(membership_id__in=voters)
        .values_list("pk", "membership_id", "membership__side__label", "commitment")
    )
    last = JointTallyBatch.objects.filter(joint_id=joint_id).order_by("-number").values_list("number", flat=True)
    number = (last.first() or 0) + 1
    JointVoteHistory.objects.filter(pk__in=[pk for pk, *_rest in rows]).update(batch=number)
    totals = published_totals(joint_id)
    payload: dict[str, Any] = {
        "joint": joint_id,
        "batch": number,
        "sides": side_counts([(member_id, label) for _pk, member_id, label, _c in rows], sides),
        "totals": totals,
        "commitments": sorted(commitment for *_rest, commitment in rows),
    }
    # The voters' joins, if still waiting, are published with their votes.
    entry = log.append(joint.dialogue_id, JOINT_TALLIED, payload | publish_joins(joint.dialogue_id))
    return JointTallyBatch.objects.create(joint_id=joint_id, number=number, seq=entry.seq, totals=totals)


def seal_if_due(joint_id: int) -> None:
    # The cheap check first: one grouped count, no lock.
    if sides_due(_pending(joint_id), final=False):
        do_seal_joint_batch(joint_id)


def seal_final(dialogue_id: int, joint_id: int | None = None) -> None:
    """Publish every vote still waiting on the dialogue's joint statements (or on JOINT_ID), however
    few: the vote is over (ratified, or the dialogue closed)."""
    waiting = JointVoteHistory.objects.filter(joint__dialogue_id=dialogue_id, batch__isnull=True).exclude(commitment="")
    if joint_id is not None:
        waiting = waiting.filter(joint_id=joint_id)
    for pk in sorted(set(waiting.values_list("joint_id", flat=True))):
        do_seal_joint_batch(pk, final=True)


@receiver(final_votes_due)
def _seal_when_final_votes_due(sender: object, dialogue_id: int, **kwargs: object) -> None:
    """A proposal closed the dialogue or made its votes public: the joint statements' votes follow."""
    seal_final(dialogue_id)


def seal_due_joint_batches() -> int:
    """Seal a batch on every joint statement where one is due; return how many (`parley worker`)."""
    waiting = (
        JointVoteHistory.objects.filter(batch__isnull=True, joint__dialogue__vote_visibility="aggregate")
        .exclude(commitment="")
        .values_list("joint_id", flat=True)
        .distinct()
    )
    sealed = 0
    for joint_id in sorted(set(waiting)):
        if sides_due(_pending(joint_id), final=False):
            sealed += do_seal_joint_batch(joint_id) is not None
    return sealed


def published_totals(joint_id: int) -> Totals:
    """Cumulative counts of the latest published votes: {clause: {side: [agree, disagree]}}.

    Published means cast while votes were public one by one, or in a sealed batch.
    """
    rows = JointVoteHistory.objects.filter(joint_id=joint_id).exclude(membership__role=Membership.Role.OBSERVER)
    public = rows.filter(commitment="") | rows.filter(batch__isnull=False)
    latest: dict[tuple[int, str], tuple[int, str]] = {}
    for member, clause, value, label in public.order_by("cast_at", "id").values_list(
        "membership_id", "clause", "value", "membership__side__label"
    ):
        latest[(member, clause)] = (value, label)
    totals: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for (_member, clause), (value, label) in latest.items():
        totals[clause].setdefault(label, [0, 0])[0 if value == 1 else 1] += 1
    return {clause: dict(sorted(per_side.items())) for clause, per_side in sorted(totals.items())}


def latest_batch(joint: JointStatement) -> JointTallyBatch | None:
    return JointTallyBatch.objects.filter(joint=joint).order_by("-number").first()


def my_joint_votes(joint: JointStatement, member: Membership) -> dict[str, dict[str, Any]]:
    """MEMBER's latest vote per clause, with whether (and in which batch) it is published."""
    mine: dict[str, dict[str, Any]] = {}
    for clause, value, commitment, batch in (
        JointVoteHistory.objects.filter(joint=joint, membership=member)
        .order_by("cast_at", "id")
        .values_list("clause", "value", "commitment", "batch")
    ):
        mine[clause] = {"value": value, "batched": bool(commitment), "batch": batch}
    return mine


def my_receipt(joint: JointStatement, member: Membership) -> str:
    """The receipt file of MEMBER's votes on JOINT: each cast vote with its salt, commitment and batch."""
    rows = JointVoteHistory.objects.filter(joint=joint, membership=member).exclude(commitment="")
    votes = [
        ReceiptVote(0, row.value, bytes(row.salt), row.commitment, row.batch, joint.pk, row.clause)
        for row in rows.order_by("cast_at", "id").only("clause", "value", "salt", "commitment", "batch")
    ]
    dialogue: Dialogue = joint.dialogue
    return receipt_json(dialogue.slug, member.pk, votes)
