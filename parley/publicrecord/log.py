"""Appending to a dialogue's record: called by the action functions, inside their transaction."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from parley.dialogues.models import Dialogue, Membership
from parley.publicrecord import tree
from parley.publicrecord.models import Opening, RecordEntry
from parley.record import canonical_json, leaf_hash, sealing


@dataclass(frozen=True)
class Private:
    """A private value in a payload: `append` writes its salted commitment and keeps it in an Opening."""

    value: Any


def record_time(moment: datetime) -> str:
    """UTC, microseconds, 'Z': one text form for every entry."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def actor_of(member: Membership | None) -> dict[str, Any] | None:
    """The member id, sealed pseudonym, side and role: never an account name, e-mail or address."""
    if member is None:
        return None
    if (
        member.role == Membership.Role.PARTICIPANT
        and member.dialogue.vote_visibility == Dialogue.VoteVisibility.AGGREGATE
    ):
        # Totals only: participants act unnamed, so no entry links a statement or a vote to a person.
        return {"side": member.side.label, "role": member.role}
    return {"member": member.pk, "handle": Private(member.handle), "side": member.side.label, "role": member.role}


def commitment(*parts: object) -> str:
    """A SHA-256 commitment to private values, published in their place."""
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()


def append(
    dialogue_id: int,
    type: str,
    payload: dict[str, Any],
    *,
    actor: Membership | None = None,
) -> RecordEntry:
    """Add one entry to the end of the dialogue's record; must run inside the action's transaction.

    The entry's time is read here, after the lock: a time read before it could be earlier than
    that of an entry a concurrent writer appended while this one waited, and the record's times
    must never go backwards."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record entries are written inside the action's transaction")
    # The row lock orders concurrent appends to one dialogue, so sequence numbers have no gaps.
    dialogue = Dialogue.objects.select_for_update().only("pk", "slug").get(pk=dialogue_id)
    last = RecordEntry.objects.filter(dialogue_id=dialogue_id).order_by("-seq").values_list("seq", flat=True).first()
    seq = 0 if last is None else last + 1
    moment = timezone.now()
    body = {
        "dialogue": dialogue.slug,
        "seq": seq,
        "time": record_time(moment),
        "type": type,
        "actor": actor_of(actor),
        "payload": payload,
    }
    openings: list[Opening] = []
    body = _seal(body, "", lambda path, value, salt: openings.append(Opening(path=path, value=value, salt=salt)))
    data = canonical_json(body)
    for opening in openings:
        opening.dialogue_id, opening.seq = dialogue_id, seq
    Opening.objects.bulk_create(openings)
    entry = RecordEntry.objects.create(
        dialogue_id=dialogue_id,
        seq=seq,
        created_at=moment,
        type=type,
        actor_side=actor.side.label if actor else "",
        data=data,
        leaf_hash=leaf_hash(data),
    )
    tree.extend(dialogue_id, seq, [entry.leaf_hash])
    return entry


def _seal(node: Any, path: str, keep: Any) -> Any:
    """Return NODE with every Private value replaced by its sealed form; KEEP(path, value, salt) each."""
    if isinstance(node, Private):
        sealed, salt = sealing.seal(node.value)
        keep(path, node.value, salt)
        return sealed
    if isinstance(node, dict):
        return {key: _seal(child, sealing.join(path, str(key)), keep) for key, child in node.items()}
    if isinstance(node, list | tuple):
        return [_seal(child, sealing.join(path, str(index)), keep) for index, child in enumerate(node)]
    return node
