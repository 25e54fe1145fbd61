"""Roots and proofs read from stored complete subtrees equal those of the whole tree rebuilt."""

from __future__ import annotations

import hashlib
import random

import pytest

from parley.record.merkle import (
    CompactRange,
    MerkleError,
    MerkleTree,
    SubtreeTree,
    extend_peaks,
    peaks,
    verify_consistency,
    verify_inclusion,
)


def _leaves(n: int) -> list[bytes]:
    return [hashlib.sha256(str(i).encode()).digest() for i in range(n)]


def _stored(leaves: list[bytes], batches: list[int]) -> dict[tuple[int, int], bytes]:
    """Extend a store batch by batch, as appends do, from only the peaks kept so far."""
    store = {(0, i): leaf for i, leaf in enumerate(leaves)}
    size = 0
    for batch in batches:
        stack = [(level, index, store[(level, index)]) for level, index in peaks(size)]
        for level, index, value in extend_peaks(stack, size, leaves[size : size + batch]):
            assert (level, index) not in store, "a node is stored twice"
            store[(level, index)] = value
        size += batch
    return store


def _batches(n: int, rng: random.Random) -> list[int]:
    out: list[int] = []
    while sum(out) < n:
        out.append(min(rng.randint(1, 9), n - sum(out)))
    return out


def test_roots_and_proofs_from_stored_subtrees_equal_the_rebuilt_tree_for_every_size_to_300() -> None:
    rng = random.Random(12)
    leaves = _leaves(300)
    store = _stored(leaves, _batches(300, rng))
    full = MerkleTree(leaves)
    tree = SubtreeTree(300, lambda level, index: store[(level, index)])
    for size in range(0, 301):
        assert tree.root(size) == full.root(size)
        if size == 0:
            continue
        for index in {0, size - 1, rng.randrange(size)}:
            assert tree.inclusion_proof(index, size) == full.inclusion_proof(index, size)
            verify_inclusion(leaves[index], index, size, tree.inclusion_proof(index, size), full.root(size))
        for old in {1, size, rng.randint(1, size)}:
            assert tree.consistency_proof(old, size) == full.consistency_proof(old, size)
            verify_consistency(old, size, tree.consistency_proof(old, size), full.root(old), full.root(size))


def test_storing_the_tree_writes_fewer_interior_nodes_than_leaves() -> None:
    # Every complete subtree once: n minus the number of peaks (the set bits of n).
    store = _stored(_leaves(1000), _batches(1000, random.Random(1)))
    assert len(store) - 1000 == 1000 - bin(1000).count("1")


def test_a_proof_reads_logarithmically_many_subtrees() -> None:
    size = 1_000_003
    for index in (0, 500_000, size - 1):
        keys = SubtreeTree.keys(size, lambda tree: tree.inclusion_proof(index))  # noqa: B023
        assert len(keys) <= 2 * size.bit_length()
    keys = SubtreeTree.keys(size, lambda tree: tree.consistency_proof(777_777))
    assert len(keys) <= 3 * size.bit_length()


def test_a_compact_range_gives_the_root_of_every_prefix() -> None:
    leaves = _leaves(300)
    full = MerkleTree(leaves)
    compact = CompactRange()
    assert compact.root() == full.root(0)
    for size, leaf in enumerate(leaves, start=1):
        compact.append(leaf)
        assert compact.root() == full.root(size)


def test_a_bad_leaf_hash_is_refused() -> None:
    with pytest.raises(MerkleError):
        extend_peaks([], 0, [b"short"])
