"""The storage of a dialogue's public record: append-only entries, their openings, head and stored tree.

An entry's canonical JSON bytes are the source of truth; the other columns repeat parts of them
for filtering. No code path updates or deletes an entry (on PostgreSQL a trigger refuses it).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class RecordEntry(models.Model):
    # The unique (dialogue, seq) index serves lookups by dialogue: no index of its own.
    dialogue = models.ForeignKey(
        "dialogues.Dialogue", on_delete=models.PROTECT, related_name="record_entries", db_index=False
    )
    seq = models.PositiveIntegerField(help_text="Position in the dialogue's record, from 0: the Merkle leaf index.")
    created_at = models.DateTimeField(default=timezone.now)
    type = models.CharField(max_length=40)
    actor_side = models.CharField(max_length=12, blank=True)
    data = models.BinaryField(help_text="The entry as canonical JSON bytes.")
    leaf_hash = models.BinaryField(max_length=32)

    class Meta:
        db_table = "publicrecord_recordentry"  # the table it had in the publicrecord app
        ordering = ["dialogue", "seq"]
        constraints = [models.UniqueConstraint(fields=["dialogue", "seq"], name="record_entry_seq_unique")]
        indexes = [models.Index(fields=["dialogue", "type", "seq"], name="record_entry_type")]

    def __str__(self) -> str:
        return f"{self.dialogue_id}#{self.seq} {self.type}"


class Opening(models.Model):
    """The value and salt that open one sealed value of an entry (`parley.record.sealing`).

    Written with its entry, in the same transaction. Withdrawing it (a `text.withdrawn` entry both
    sides approved) deletes value and salt for good; the entry and its commitment never change.
    """

    # The unique (dialogue, seq, path) index serves lookups by dialogue: no index of its own.
    dialogue = models.ForeignKey(
        "dialogues.Dialogue", on_delete=models.PROTECT, related_name="openings", db_index=False
    )
    seq = models.PositiveIntegerField(help_text="The entry holding the sealed value.")
    path = models.CharField(max_length=200, help_text="Where in the entry, e.g. payload/text.")
    salt = models.BinaryField(max_length=16, null=True)
    value = models.JSONField(null=True)
    withdrawn_by_seq = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        db_table = "publicrecord_opening"  # the table it had in the publicrecord app
        ordering = ["dialogue", "seq", "path"]
        constraints = [models.UniqueConstraint(fields=["dialogue", "seq", "path"], name="opening_path_unique")]

    def __str__(self) -> str:
        return f"{self.dialogue_id}#{self.seq} {self.path}"


class RecordHead(models.Model):
    """Where a dialogue's record ends: the next sequence number and the time of the last entry.

    Its row is the dialogue's append lock: whoever appends locks it, writes entries from NEXT_SEQ on
    and moves it on in the same transaction, so sequence numbers have no gaps and times never go back.
    """

    dialogue = models.OneToOneField(
        "dialogues.Dialogue", on_delete=models.PROTECT, primary_key=True, related_name="record_head"
    )
    next_seq = models.PositiveIntegerField(default=0)
    last_time = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "publicrecord_recordhead"  # the table it had in the publicrecord app

    def __str__(self) -> str:
        return f"record of {self.dialogue_id} up to {self.next_seq}"


class RecordTypeCount(models.Model):
    """How many entries of each type a dialogue's record holds, kept by the appender (the record page)."""

    dialogue = models.ForeignKey("dialogues.Dialogue", on_delete=models.PROTECT, related_name="+", db_index=False)
    type = models.CharField(max_length=40)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "publicrecord_recordtypecount"  # the table it had in the publicrecord app
        constraints = [models.UniqueConstraint(fields=["dialogue", "type"], name="record_type_count_unique")]

    def __str__(self) -> str:
        return f"{self.dialogue_id} {self.type}: {self.count}"


class PendingEntry(models.Model):
    """A vote's entry committed with the vote but not yet in the record (group commit, PostgreSQL).

    The request that cast the vote moves it into the record, with every other pending entry of the
    dialogue, before it answers; one left by a crash is moved by the next append or export."""

    dialogue = models.ForeignKey("dialogues.Dialogue", on_delete=models.PROTECT, related_name="+")
    type = models.CharField(max_length=40)
    actor = models.JSONField(null=True)
    actor_side = models.CharField(max_length=12, blank=True)
    payload = models.JSONField()

    class Meta:
        db_table = "publicrecord_pendingentry"  # the table it had in the publicrecord app
        ordering = ["dialogue", "id"]

    def __str__(self) -> str:
        return f"pending {self.type} of {self.dialogue_id}"


class TreeNode(models.Model):
    """The hash of one complete subtree of a dialogue's Merkle tree, above the leaves.

    Level L, position P covers the leaves P * 2**L .. (P + 1) * 2**L - 1 (level 0 would be the
    entries' own leaf hashes, which are not repeated here). Written by `ledger.tree.extend`
    in the transaction that appends the entries, once each, never changed: roots and proofs read
    O(log n) of them instead of rebuilding the tree.
    """

    dialogue = models.ForeignKey("dialogues.Dialogue", on_delete=models.PROTECT, related_name="+", db_index=False)
    level = models.PositiveSmallIntegerField()
    position = models.PositiveBigIntegerField()
    hash = models.BinaryField(max_length=32)

    class Meta:
        db_table = "publicrecord_treenode"  # the table it had in the publicrecord app
        ordering = ["dialogue", "level", "position"]
        constraints = [
            models.UniqueConstraint(fields=["dialogue", "level", "position"], name="tree_node_position_unique")
        ]

    def __str__(self) -> str:
        return f"{self.dialogue_id} node {self.level}/{self.position}"
