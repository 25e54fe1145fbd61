"""Proof and root times from the stored tree against rebuilding the tree from every leaf.

A dialogue of SIZE entries is written to the database of DATABASE_URL (migrated first; rows
of a previous run of the same size are reused), its tree stored by `tree.extend` in batches as
group commits would; then 100 inclusion proofs (with the root) are served both ways: as a
proof request did before (read every leaf hash, build MerkleTree) and from the stored subtrees.

Run from the repository root:
    DATABASE_URL=postgres://... .venv/bin/python bench/record_tree_stored.py [SIZE ...]  (default 1000000)
"""

from __future__ import annotations

import os
import random
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parley.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from parley.dialogues.models import Dialogue  # noqa: E402
from parley.ledger import tree  # noqa: E402
from parley.ledger.models import RecordEntry, TreeNode  # noqa: E402
from parley.record import MerkleTree, leaf_hash, verify_inclusion  # noqa: E402

PROOFS = 100
BATCH = 10_000


def build(size: int) -> Dialogue:
    dialogue, made = Dialogue.objects.get_or_create(slug=f"bench-tree-{size}", defaults={"title": {"en": "bench"}})
    if not made and tree.record_size(dialogue.pk) == size:
        return dialogue
    start = time.perf_counter()
    extend_s = 0.0
    for first in range(tree.record_size(dialogue.pk), size, BATCH):
        with transaction.atomic():
            rows = []
            for seq in range(first, min(first + BATCH, size)):
                data = b'{"seq":%d}' % seq
                rows.append(RecordEntry(dialogue=dialogue, seq=seq, type="bench", data=data, leaf_hash=leaf_hash(data)))
            RecordEntry.objects.bulk_create(rows)
            t = time.perf_counter()
            tree.extend(dialogue.pk, first, [r.leaf_hash for r in rows])
            extend_s += time.perf_counter() - t
    total = time.perf_counter() - start
    print(
        f"wrote {size:,} entries in {total:.1f} s; tree.extend took {extend_s:.1f} s of it "
        f"({extend_s / size * 1e6:.1f} us per leaf, {TreeNode.objects.filter(dialogue=dialogue).count():,} nodes)"
    )
    return dialogue


def rebuilt_proof(dialogue_id: int, index: int) -> tuple[list[bytes], bytes]:
    rows = RecordEntry.objects.filter(dialogue_id=dialogue_id).order_by("seq").values_list("leaf_hash", flat=True)
    full = MerkleTree([bytes(h) for h in rows])
    return full.inclusion_proof(index), full.root()


def stored_proof(dialogue_id: int, index: int) -> tuple[list[bytes], bytes]:
    stored = tree.StoredTree(dialogue_id)
    stored.prefetch(lambda t: t.inclusion_proof(index), lambda t: t.root())
    return stored.inclusion_proof(index), stored.root()


def main() -> None:
    call_command("migrate", verbosity=0)
    sizes = [int(arg) for arg in sys.argv[1:]] or [1_000_000]
    print(f"database: {connection.vendor}")
    for size in sizes:
        dialogue = build(size)
        pick = random.Random(size)
        indices = [pick.randrange(size) for _ in range(PROOFS)]
        start = time.perf_counter()
        proof, root = rebuilt_proof(dialogue.pk, indices[0])
        before = time.perf_counter() - start
        served = []
        start = time.perf_counter()
        for index in indices:
            served.append(stored_proof(dialogue.pk, index))
        after = (time.perf_counter() - start) / PROOFS
        for index, (stored, stored_root) in zip(indices, served, strict=True):
            leaf = bytes(RecordEntry.objects.get(dialogue=dialogue, seq=index).leaf_hash)
            assert stored_root == root
            verify_inclusion(leaf, index, size, stored, root)
        assert stored_proof(dialogue.pk, indices[0]) == (proof, root)
        print(
            f"{size:,} leaves: proof + root rebuilt {before * 1000:.0f} ms; stored {after * 1000:.2f} ms "
            f"(mean of {PROOFS}, each verified against the rebuilt root)"
        )


if __name__ == "__main__":
    main()
