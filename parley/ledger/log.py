"""Appending to a dialogue's record: called by the action functions, inside their transaction."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone

from parley.ledger import tree
from parley.ledger.models import Opening, PendingEntry, RecordEntry, RecordHead, RecordTypeCount
from parley.record import canonical_json, entries, leaf_hash, sealing


class _Side(Protocol):
    @property
    def label(self) -> str: ...


class _ActorDialogue(Protocol):
    @property
    def vote_visibility(self) -> str: ...


class Actor(Protocol):
    """Who acts, as the record needs it (a dialogues Membership is one), so that the record's storage
    imports no app above it."""

    @property
    def pk(self) -> Any: ...
    @property
    def handle(self) -> str: ...
    @property
    def role(self) -> str: ...
    @property
    def side(self) -> _Side: ...
    @property
    def dialogue(self) -> _ActorDialogue: ...


# The values of Membership.Role.PARTICIPANT and Dialogue.VoteVisibility.AGGREGATE (a test keeps them in step).
PARTICIPANT, AGGREGATE = "participant", "aggregate"


def _dialogue_table() -> str:
    """The dialogues' table, reached through the head's foreign key rather than by importing the dialogues app."""
    return RecordHead._meta.get_field("dialogue").related_model._meta.db_table  # type: ignore[union-attr]


@dataclass(frozen=True)
class Private:
    """A private value in a payload: `append` writes its salted commitment and keeps it in an Opening."""

    value: Any


def record_time(moment: datetime) -> str:
    """UTC, microseconds, 'Z': one text form for every entry."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def actor_of(member: Actor | None) -> dict[str, Any] | None:
    """The member id, sealed pseudonym, side and role: never an account name, e-mail or address."""
    if member is None:
        return None
    if member.role == PARTICIPANT and member.dialogue.vote_visibility == AGGREGATE:
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
    actor: Actor | None = None,
) -> RecordEntry:
    """Add one entry to the end of the dialogue's record; must run inside the action's transaction.

    TYPE must be one of the registry's (`parley.record.entries`) and PAYLOAD have its fields, or
    ValueError says what is wrong before anything is written.

    The dialogue's head row is locked (held to COMMIT): votes' pending entries committed
    before go in first, in order, then this one; its time is read after the lock, so it is never
    earlier than that of an entry a concurrent writer appended while this one waited."""
    entries.check(type, payload, has_actor=actor is not None)
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("record entries are written inside the action's transaction")
    if connection.vendor == "postgresql":
        # Actions lock the Dialogue row, then the head (as checkpoints and exports do): one order of
        # the two locks, so two actions never deadlock. Batches of votes take the head only.
        # FOR NO KEY UPDATE: it lets the foreign-key checks of concurrent votes' commits through.
        with connection.cursor() as cursor:
            locking = f"SELECT id FROM {_dialogue_table()} WHERE id = %s FOR NO KEY UPDATE"  # noqa: S608
            cursor.execute(locking, [dialogue_id])
    head = _lock_head(dialogue_id)
    items = _drain_pending(dialogue_id)
    items.append((type, actor_of(actor), actor.side.label if actor else "", payload))
    return _write(head, items)[-1]


def append_all(dialogue_id: int, type: str, payloads: list[dict[str, Any]], *, actor: Actor) -> None:
    """Add one entry per payload, in order, as many `append` calls would, under one lock of the head
    (one actor's batch, inside its action's transaction: the demo's simulated participants)."""
    for payload in payloads:
        entries.check(type, payload, has_actor=True)  # every one refused before any is written
    for payload in payloads[:1]:
        append(dialogue_id, type, payload, actor=actor)  # takes the locks and drains pending entries
    if len(payloads) > 1:
        head = _lock_head(dialogue_id)
        who, side = actor_of(actor), actor.side.label
        _write(head, [(type, who, side, payload) for payload in payloads[1:]])


def append_many(dialogue_id: int, items: list[tuple[str, dict[str, Any]]], *, actor: Actor) -> list[RecordEntry]:
    """Add one entry per (type, payload) of ITEMS, in order, as many `append` calls would, under one
    lock of the head, and return them (one actor's batch of several types, inside its action's
    transaction: a list of seed statements with their translations and votes)."""
    for type, payload in items:
        entries.check(type, payload, has_actor=True)  # every one refused before any is written
    if not items:
        return []
    first = append(dialogue_id, items[0][0], items[0][1], actor=actor)  # takes the locks, drains pending
    if len(items) == 1:
        return [first]
    head = _lock_head(dialogue_id)
    who, side = actor_of(actor), actor.side.label
    return [first, *_write(head, [(type, who, side, payload) for type, payload in items[1:]])]


def group_commit_enabled() -> bool:
    """Votes go through pending entries on PostgreSQL, where concurrent commits share a WAL flush;
    SQLite has one writer at a time anyway, and a vote appends in its own transaction there."""
    connection = transaction.get_connection()
    return settings.RECORD_GROUP_COMMIT and connection.vendor == "postgresql" and not connection.in_atomic_block


def append_pending(dialogue_id: int, type: str, payload: dict[str, Any], *, actor: Actor | None = None) -> PendingEntry:
    """Write the entry as pending in the caller's transaction (no seq yet, no lock taken); after
    COMMIT, the caller must call `sequence_pending(dialogue_id, pending.pk)` before it answers."""
    entries.check(type, payload, has_actor=actor is not None)
    return PendingEntry.objects.create(
        dialogue_id=dialogue_id,
        type=type,
        actor=_encode(actor_of(actor)),
        actor_side=actor.side.label if actor else "",
        payload=_encode(payload),
    )


def sequence_pending(dialogue_id: int, pending_id: int | None = None) -> int:
    """Move every pending entry of the dialogue into its record, in one transaction (group commit);
    return how many. With PENDING_ID, return 0 at once if an earlier call already moved that one."""
    if pending_id is not None and not PendingEntry.objects.filter(pk=pending_id).exists():
        return 0
    with transaction.atomic():
        head = _lock_head(dialogue_id)
        items = _drain_pending(dialogue_id)
        if items:
            _write(head, items)
        return len(items)


def lock_record(dialogue_id: int) -> None:
    """Hold the dialogue's append lock to COMMIT, with every pending entry in the record (export, checkpoints)."""
    head = _lock_head(dialogue_id)
    items = _drain_pending(dialogue_id)
    if items:
        _write(head, items)


def type_counts(dialogue_id: int) -> dict[str, int]:
    """How many entries of each type the dialogue's record holds, from the counts the appender keeps."""
    if not RecordHead.objects.filter(pk=dialogue_id).exists():
        return _count_types(dialogue_id)
    return dict(RecordTypeCount.objects.filter(dialogue_id=dialogue_id, count__gt=0).values_list("type", "count"))


def _leaves_added(dialogue_id: int, first_seq: int, leaf_hashes: list[bytes]) -> None:
    """Called after entries are inserted, in seq order, under the append lock: the stored Merkle tree grows."""
    tree.extend(dialogue_id, first_seq, leaf_hashes)


Item = tuple[str, dict[str, Any] | None, str, dict[str, Any]]


def _lock_head(dialogue_id: int) -> RecordHead:
    """Lock the dialogue's head row to COMMIT (made from the record if missing); its `slug` attribute set.

    On PostgreSQL the Dialogue row is share-locked first (FOR KEY SHARE, which the entries' foreign-key
    checks at COMMIT take anyway): every transaction takes the Dialogue's lock before the head's, so a
    batch holding the head never waits at COMMIT for an action that holds the Dialogue and waits for the head."""
    connection = transaction.get_connection()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT slug FROM {_dialogue_table()} WHERE id = %s FOR KEY SHARE",  # noqa: S608
                [dialogue_id],
            )
            dialogue_slug = cursor.fetchone()[0]
        locked = RecordHead.objects.select_for_update().only("next_seq", "last_time")
    else:  # SQLite: the transaction holds the only write lock; the slug comes with the head
        dialogue_slug = None
        locked = RecordHead.objects.select_related("dialogue").only("next_seq", "last_time", "dialogue__slug")
    head = locked.filter(pk=dialogue_id).first()
    if head is None:
        # A dialogue's first append (or one from before heads): start from what the record holds.
        last = RecordEntry.objects.filter(dialogue_id=dialogue_id).order_by("-seq").values("seq", "created_at").first()
        RecordHead.objects.bulk_create(
            [
                RecordHead(
                    dialogue_id=dialogue_id,
                    next_seq=last["seq"] + 1 if last else 0,
                    last_time=last["created_at"] if last else None,
                )
            ],
            ignore_conflicts=True,
        )
        head = locked.get(pk=dialogue_id)
        counts = _count_types(dialogue_id)
        RecordTypeCount.objects.filter(dialogue_id=dialogue_id).delete()
        RecordTypeCount.objects.bulk_create(
            RecordTypeCount(dialogue_id=dialogue_id, type=t, count=n) for t, n in counts.items()
        )
    head.slug = dialogue_slug or head.dialogue.slug  # type: ignore[attr-defined]
    return head


def _count_types(dialogue_id: int) -> dict[str, int]:
    rows = RecordEntry.objects.filter(dialogue_id=dialogue_id).values("type").annotate(n=Count("pk"))
    return {row["type"]: row["n"] for row in rows.order_by()}


def _drain_pending(dialogue_id: int) -> list[Item]:
    """Take the dialogue's committed pending entries, oldest first (call with the head locked).

    Only PostgreSQL ever has them (see `group_commit_enabled`)."""
    if transaction.get_connection().vendor != "postgresql":
        return []
    table = PendingEntry._meta.db_table
    with transaction.get_connection().cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {table} WHERE dialogue_id = %s RETURNING id, type, actor, actor_side, payload",  # noqa: S608
            [dialogue_id],
        )
        rows = sorted(cursor.fetchall())
    return [(type, _decode(_json(actor)), side, _decode(_json(payload))) for _id, type, actor, side, payload in rows]


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _write(head: RecordHead, items: list[Item]) -> list[RecordEntry]:
    """Write ITEMS at the end of the record whose head is locked; move the head and the counts on."""
    dialogue_id = head.dialogue_id
    slug = head.slug  # type: ignore[attr-defined]
    moment = timezone.now()
    if head.last_time is not None and moment < head.last_time:
        moment = head.last_time  # a clock stepped back: the record's times must not
    first_seq = head.next_seq
    rows: list[RecordEntry] = []
    openings: list[Opening] = []
    for offset, (type, actor, actor_side, payload) in enumerate(items):
        seq = first_seq + offset
        body = entries.envelope(slug, seq, record_time(moment), type, payload, actor)
        sealed: list[Opening] = []
        body = _seal(
            body, "", lambda path, value, salt, kept=sealed: kept.append(Opening(path=path, value=value, salt=salt))
        )
        for opening in sealed:
            opening.dialogue_id, opening.seq = dialogue_id, seq
        openings += sealed
        data = canonical_json(body)
        rows.append(
            RecordEntry(
                dialogue_id=dialogue_id,
                seq=seq,
                created_at=moment,
                type=type,
                actor_side=actor_side,
                data=data,
                leaf_hash=leaf_hash(data),
            )
        )
    if openings:
        Opening.objects.bulk_create(openings)
    RecordEntry.objects.bulk_create(rows)
    head.next_seq, head.last_time = first_seq + len(rows), moment
    RecordHead.objects.filter(pk=dialogue_id).update(next_seq=head.next_seq, last_time=moment)
    for type, n in Counter(type for type, *_rest in items).items():
        counted = RecordTypeCount.objects.filter(dialogue_id=dialogue_id, type=type)
        if not counted.update(count=F("count") + n):
            RecordTypeCount.objects.create(dialogue_id=dialogue_id, type=type, count=n)
    _leaves_added(dialogue_id, first_seq, [bytes(row.leaf_hash) for row in rows])
    return rows


_PRIVATE = "$private"


def _encode(node: Any) -> Any:
    """Private values as {"$private": value}, so a pending entry keeps them as JSON until sealed."""
    if isinstance(node, Private):
        return {_PRIVATE: node.value}
    if isinstance(node, dict):
        return {key: _encode(child) for key, child in node.items()}
    if isinstance(node, list | tuple):
        return [_encode(child) for child in node]
    return node


def _decode(node: Any) -> Any:
    if isinstance(node, dict):
        if set(node) == {_PRIVATE}:
            return Private(node[_PRIVATE])
        return {key: _decode(child) for key, child in node.items()}
    if isinstance(node, list):
        return [_decode(child) for child in node]
    return node


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
