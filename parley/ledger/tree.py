"""The record's Merkle tree, stored as it grows: roots and proofs without rebuilding it.

`extend` runs in the transaction that appends entries (after they are inserted, in seq order,
under the dialogue's append lock) and stores the hash of every complete subtree the new leaves
finish: fewer rows than leaves, about one per leaf. `StoredTree` then answers a root at any size,
an inclusion proof or a consistency proof from O(log n) stored hashes (complete subtrees, and leaf
hashes from the entries on the ragged right edge), fetched in one or two queries. The RFC 9162
math stays in `parley.record.merkle`.
"""

from __future__ import annotations

import logging
import operator
from collections.abc import Callable, Iterable
from functools import reduce

from django.db.models import Q

from parley.ledger import bulk
from parley.ledger.models import RecordEntry, TreeNode
from parley.record.merkle import HASH_SIZE, MerkleError, MerkleTree, NodeKey, SubtreeTree, extend_peaks, peaks

logger = logging.getLogger(__name__)

_BATCH = 5000
_FEW = 100


def extend(dialogue_id: int, first_seq: int, leaf_hashes: list[bytes]) -> None:
    """Store the complete subtrees that leaves FIRST_SEQ, FIRST_SEQ+1, ... finish (with the tree's
    first FIRST_SEQ leaves already stored); call it inside the appending transaction."""
    if not leaf_hashes:
        return
    leaves = [bytes(h) for h in leaf_hashes]
    end = first_seq + len(leaves)
    # Only the peaks the new leaves merge with are read: the peak of level L stays a peak unless a
    # carry passes it (none for one leaf at an even index; the levels of its trailing 1 bits otherwise).
    merged = [
        (level, position) for level, position in peaks(first_seq) if end >> (level + 1) != first_seq >> (level + 1)
    ]
    known = fetch(dialogue_id, merged) if merged else {}
    blank = bytes(HASH_SIZE)
    stack = [(level, position, known.get((level, position), blank)) for level, position in peaks(first_seq)]
    made = extend_peaks(stack, first_seq, leaves)
    if len(made) > _FEW:
        # An import or a large batch: past the ORM's per-object work (COPY on PostgreSQL).
        bulk.insert_rows(TreeNode, ["dialogue_id", "level", "position", "hash"], ((dialogue_id, *n) for n in made))
    else:
        TreeNode.objects.bulk_create(
            TreeNode(dialogue_id=dialogue_id, level=level, position=position, hash=value)
            for level, position, value in made
        )


def fetch(dialogue_id: int, keys: Iterable[NodeKey]) -> dict[NodeKey, bytes]:
    """Return the hashes of the complete subtrees KEYS (level 0: leaf hashes) of a dialogue's tree.

    A subtree missing from the store (a record appended without `extend`) is computed from its
    leaves, and logged: the answer stays right, only slower."""
    keys = set(keys)
    found: dict[NodeKey, bytes] = {}
    leaves = [position for level, position in keys if level == 0]
    if leaves:
        # order_by(): the models' default ordering would join the dialogue table to sort by it.
        leaf_query = RecordEntry.objects.filter(dialogue_id=dialogue_id, seq__in=leaves).order_by()
        leaf_rows = leaf_query.values_list("seq", "leaf_hash")
        found.update(((0, seq), bytes(value)) for seq, value in leaf_rows)
    nodes = [Q(level=level, position=position) for level, position in keys if level > 0]
    for start in range(0, len(nodes), 500):
        query = reduce(operator.or_, nodes[start : start + 500])
        node_rows = (
            TreeNode.objects.filter(query, dialogue_id=dialogue_id).order_by().values_list("level", "position", "hash")
        )
        found.update(((level, position), bytes(value)) for level, position, value in node_rows)
    for level, position in keys - found.keys():
        if level == 0:
            raise MerkleError(f"leaf {position} is not in the record")
        logger.warning("record tree of dialogue %s lacks node %s/%s; computing it", dialogue_id, level, position)
        first = position << level
        run = RecordEntry.objects.filter(dialogue_id=dialogue_id, seq__gte=first, seq__lt=first + (1 << level))
        hashes = [bytes(h) for h in run.order_by("seq").values_list("leaf_hash", flat=True)]
        if len(hashes) != 1 << level:
            raise MerkleError(f"the record has no complete subtree {level}/{position}")
        found[(level, position)] = MerkleTree(hashes).root()
    return found


def record_size(dialogue_id: int) -> int:
    """The number of entries in a dialogue's record (its seqs run 0 .. size - 1)."""
    last = RecordEntry.objects.filter(dialogue_id=dialogue_id).order_by("-seq").values_list("seq", flat=True).first()
    return 0 if last is None else last + 1


class StoredTree:
    """A dialogue's tree of SIZE leaves (default: the whole record) read from the stored subtrees.

    Same methods as `parley.record.MerkleTree`: `root`, `leaf_hash`, `inclusion_proof`,
    `consistency_proof`. Each fetches the few hashes it needs (`prefetch` fetches those of many
    calls at once) and keeps them."""

    def __init__(self, dialogue_id: int, size: int | None = None) -> None:
        self.dialogue_id = dialogue_id
        self.size = record_size(dialogue_id) if size is None else size
        self._known: dict[NodeKey, bytes] = {}
        self._tree = SubtreeTree(self.size, lambda level, position: self._known[(level, position)])

    def prefetch(self, *asks: Callable[[SubtreeTree], object]) -> None:
        """Fetch in one go every hash the calls ASKS would read (each gets a tree and calls it)."""
        wanted: set[NodeKey] = set()
        for ask in asks:
            wanted |= SubtreeTree.keys(self.size, ask)
        wanted -= self._known.keys()
        if wanted:
            self._known.update(fetch(self.dialogue_id, wanted))

    def root(self, size: int | None = None) -> bytes:
        self.prefetch(lambda tree: tree.root(size))
        return self._tree.root(size)

    def leaf_hash(self, index: int) -> bytes:
        self.prefetch(lambda tree: tree.leaf_hash(index))
        return self._tree.leaf_hash(index)

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        self.prefetch(lambda tree: tree.inclusion_proof(index, size))
        return self._tree.inclusion_proof(index, size)

    def consistency_proof(self, old_size: int, new_size: int | None = None) -> list[bytes]:
        self.prefetch(lambda tree: tree.consistency_proof(old_size, new_size))
        return self._tree.consistency_proof(old_size, new_size)


def rebuild(dialogue_id: int) -> int:
    """Store a dialogue's tree anew from its entries' leaf hashes; return the number of leaves.

    For records appended before the tree was stored (the migration does the same) and for the
    tests that play a dishonest host rewriting an entry."""
    TreeNode.objects.filter(dialogue_id=dialogue_id).delete()
    rows = RecordEntry.objects.filter(dialogue_id=dialogue_id).order_by("seq").values_list("leaf_hash", flat=True)
    size, batch = 0, []
    for value in rows.iterator(chunk_size=_BATCH):
        batch.append(bytes(value))
        if len(batch) == _BATCH:
            extend(dialogue_id, size, batch)
            size, batch = size + len(batch), []
    extend(dialogue_id, size, batch)
    return size + len(batch)
