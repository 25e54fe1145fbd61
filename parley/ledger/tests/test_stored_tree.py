"""Roots and proofs read from the stored tree equal those of the tree rebuilt from every leaf,
whichever way the entries came in: one by one, in batches of any size, or by the Pol.is importer."""

import random

import pytest
from django.db import transaction
from django.test.utils import CaptureQueriesContext

from parley.checkpoints.actions import do_make_checkpoint
from parley.dialogues.models import Dialogue
from parley.engine import VoteTable
from parley.engine.io import Dataset
from parley.ledger import log, tree
from parley.ledger.models import RecordEntry, TreeNode
from parley.publicrecord.importer import do_import_polis
from parley.record import MerkleTree, leaf_hash, verify_consistency, verify_inclusion

pytestmark = pytest.mark.django_db

# An appeal.answered payload with the fields the registry asks of it (the entry type these tests append).
ANSWER = {"appeal": 1, "statement": 1, "case": 1, "answer": "uphold", "outcome": "upheld"}


def rebuilt(dialogue_id: int) -> MerkleTree:
    rows = RecordEntry.objects.filter(dialogue_id=dialogue_id).order_by("seq").values_list("leaf_hash", flat=True)
    return MerkleTree([bytes(h) for h in rows])


def append_batch(dialogue: Dialogue, count: int) -> None:
    """Insert COUNT entries at once, as a group commit or an import does, then extend the tree."""
    with transaction.atomic():
        first = tree.record_size(dialogue.pk)
        rows = [
            RecordEntry(dialogue=dialogue, seq=seq, type="test", data=b"%d" % seq, leaf_hash=leaf_hash(b"%d" % seq))
            for seq in range(first, first + count)
        ]
        RecordEntry.objects.bulk_create(rows)
        tree.extend(dialogue.pk, first, [bytes(r.leaf_hash) for r in rows])


def assert_same_tree(dialogue_id: int, rng: random.Random) -> None:
    full = rebuilt(dialogue_id)
    stored = tree.StoredTree(dialogue_id)
    assert stored.size == full.size
    for size in sorted({1, 2, full.size - 1, full.size, rng.randint(1, full.size)} & set(range(1, full.size + 1))):
        assert stored.root(size) == full.root(size)
        for index in {0, size - 1, rng.randrange(size)}:
            proof = stored.inclusion_proof(index, size)
            assert proof == full.inclusion_proof(index, size)
            verify_inclusion(full.leaf_hash(index), index, size, proof, full.root(size))
            assert stored.leaf_hash(index) == full.leaf_hash(index)
        old = rng.randint(1, size)
        assert stored.consistency_proof(old, size) == full.consistency_proof(old, size)
        verify_consistency(old, size, stored.consistency_proof(old, size), full.root(old), full.root(size))


def test_the_stored_tree_equals_the_rebuilt_tree_after_batches_of_many_sizes():
    rng = random.Random(9)
    dialogue = Dialogue.objects.create(slug="grown", title={"en": "Grown"})
    for count in [1, 1, 2, 3, 5, 8, 13, 1, 64, 7, 100, 1, 31, 33, 2]:
        append_batch(dialogue, count)
        assert_same_tree(dialogue.pk, rng)
    assert TreeNode.objects.filter(dialogue=dialogue).count() < tree.record_size(dialogue.pk)


def test_entries_appended_one_by_one_extend_the_stored_tree():
    dialogue = Dialogue.objects.create(slug="one-by-one", title={"en": "One by one"})
    for i in range(40):
        with transaction.atomic():
            log.append(dialogue.pk, "appeal.answered", {**ANSWER, "n": i})
    assert_same_tree(dialogue.pk, random.Random(4))
    assert TreeNode.objects.filter(dialogue=dialogue).count() == 40 - bin(40).count("1")


def test_an_imported_record_has_its_tree_stored_and_its_checkpoint_root_matches():
    rng = random.Random(2)
    records = [
        (str(p), str(s), rng.choice([-1, 0, 1]), float(i))
        for i, (p, s) in enumerate((p, s) for p in range(30) for s in range(12))
    ]
    dataset = Dataset(votes=VoteTable.from_records(records), texts={str(s): f"Statement {s}." for s in range(12)})
    dialogue = do_import_polis(dataset, title="Imported")
    assert_same_tree(dialogue.pk, rng)
    checkpoint = dialogue.checkpoints.get()
    assert bytes(checkpoint.root_hash) == rebuilt(dialogue.pk).root(checkpoint.tree_size)


def test_a_proof_reads_a_few_rows_whatever_the_size_of_the_record():
    dialogue = Dialogue.objects.create(slug="big", title={"en": "Big"})
    append_batch(dialogue, 3000)
    do_make_checkpoint(dialogue.pk)
    stored = tree.StoredTree(dialogue.pk)
    with CaptureQueriesContext(transaction.get_connection()) as queries:
        proof = stored.inclusion_proof(1234)
    assert proof == rebuilt(dialogue.pk).inclusion_proof(1234)
    assert len(queries) <= 2


def test_a_record_appended_before_the_tree_was_stored_is_backfilled():
    dialogue = Dialogue.objects.create(slug="old", title={"en": "Old"})
    append_batch(dialogue, 77)
    TreeNode.objects.filter(dialogue=dialogue).delete()
    assert tree.rebuild(dialogue.pk) == 77
    assert_same_tree(dialogue.pk, random.Random(7))


def test_extending_by_one_leaf_costs_at_most_three_queries_and_none_at_an_even_position():
    dialogue = Dialogue.objects.create(slug="cheap", title={"en": "Cheap"})
    append_batch(dialogue, 127)
    costs = []
    for _ in range(2):
        with transaction.atomic():
            seq = tree.record_size(dialogue.pk)
            data = b"%d" % seq
            RecordEntry.objects.create(dialogue=dialogue, seq=seq, type="test", data=data, leaf_hash=leaf_hash(data))
            with CaptureQueriesContext(transaction.get_connection()) as queries:
                tree.extend(dialogue.pk, seq, [leaf_hash(data)])
            costs.append(len(queries))
    # Leaf 127 completes subtrees of 2, 4, ... 128 leaves (reads its 7 peaks, writes 7 nodes);
    # leaf 128 completes none.
    assert costs[0] <= 3 and costs[1] == 0
    assert_same_tree(dialogue.pk, random.Random(3))
