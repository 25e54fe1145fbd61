"""The Merkle tree against a naive transcription of RFC 9162's recursive definitions."""

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parley.record.merkle import (
    MerkleError,
    MerkleTree,
    ProofError,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    node_hash,
    root,
    verify_consistency,
    verify_inclusion,
)

MAX_SIZE = 200


def reference_mth(leaves):
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    k = split_point(len(leaves))
    return hashlib.sha256(b"\x01" + reference_mth(leaves[:k]) + reference_mth(leaves[k:])).digest()


def reference_path(m, leaves):
    if len(leaves) == 1:
        return []
    k = split_point(len(leaves))
    if m < k:
        return [*reference_path(m, leaves[:k]), reference_mth(leaves[k:])]
    return [*reference_path(m - k, leaves[k:]), reference_mth(leaves[:k])]


def reference_subproof(m, leaves, whole):
    if m == len(leaves):
        return [] if whole else [reference_mth(leaves)]
    k = split_point(len(leaves))
    if m <= k:
        return [*reference_subproof(m, leaves[:k], whole), reference_mth(leaves[k:])]
    return [*reference_subproof(m - k, leaves[k:], False), reference_mth(leaves[:k])]


def split_point(n):
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def path_ranges(m, lo, hi):
    """Return the leaf ranges whose hashes make up PATH(m, D[lo:hi]), bottom first."""
    if hi - lo == 1:
        return []
    k = split_point(hi - lo)
    if m < lo + k:
        return [*path_ranges(m, lo, lo + k), (lo + k, hi)]
    return [*path_ranges(m, lo + k, hi), (lo, lo + k)]


def subproof_ranges(m, lo, hi, whole):
    """Return the leaf ranges whose hashes make up SUBPROOF(m, D[lo:hi], whole)."""
    if m == hi:
        return [] if whole else [(lo, hi)]
    k = split_point(hi - lo)
    if m <= lo + k:
        return [*subproof_ranges(m, lo, lo + k, whole), (lo + k, hi)]
    return [*subproof_ranges(m, lo + k, hi, False), (lo, lo + k)]


def expression(lo, hi, names):
    """Write MTH(D[lo:hi]) in terms of the named ranges, or None if they do not cover it."""
    if (lo, hi) in names:
        return names[(lo, hi)]
    if hi - lo <= 1:
        return None
    k = split_point(hi - lo)
    left, right = expression(lo, lo + k, names), expression(lo + k, hi, names)
    return None if left is None or right is None else (left, right)


def inclusion_shape(index, size):
    """Return how RFC 9162 builds the root from a leaf and its path, with hashes as names.

    Two (index, size) pairs with the same shape take the same proof to the same root, so no
    verifier can tell them apart; pairs with different shapes must not share a proof.
    """
    if not 0 <= index < size:
        return None
    ranges = path_ranges(index, 0, size)
    names = {r: f"p{i}" for i, r in enumerate(ranges)} | {(index, index + 1): "leaf"}
    return len(ranges), expression(0, size, names)


def consistency_shape(old, new):
    """Return how RFC 9162 builds both roots from a consistency proof, with hashes as names."""
    if not 0 < old < new:
        return None
    ranges = subproof_ranges(old, 0, new, True)
    names = {r: f"p{i}" for i, r in enumerate(ranges)}
    if old & (old - 1) == 0:
        names[(0, old)] = "old"
    return len(ranges), expression(0, old, names), expression(0, new, names)


def make_leaves(size):
    return [leaf_hash(i.to_bytes(4, "big")) for i in range(size)]


def flip_bit(data: bytes, bit: int) -> bytes:
    bit %= len(data) * 8
    return data[: bit // 8] + bytes([data[bit // 8] ^ (1 << bit % 8)]) + data[bit // 8 + 1 :]


@st.composite
def leaf_in_tree(draw, min_size=1):
    size = draw(st.integers(min_size, MAX_SIZE))
    return size, draw(st.integers(0, size - 1))


@st.composite
def two_sizes(draw):
    new = draw(st.integers(2, MAX_SIZE))
    return draw(st.integers(1, new - 1)), new


# Mostly near misses, where a wrong size is likeliest to slip through, and some far ones.
offsets = st.one_of(st.integers(-4, 4), st.integers(-2 * MAX_SIZE, 2 * MAX_SIZE))


@given(st.integers(0, MAX_SIZE))
def test_roots_equal_the_recursive_definition(size):
    leaves = make_leaves(size)
    assert root(leaves) == reference_mth(leaves)


@given(leaf_in_tree())
def test_every_inclusion_proof_equals_the_rfc_path_and_verifies(case):
    size, index = case
    leaves = make_leaves(size)
    proof = inclusion_proof(index, leaves)
    assert proof == reference_path(index, leaves)
    verify_inclusion(leaves[index], index, size, proof, reference_mth(leaves))


@given(two_sizes())
def test_every_consistency_proof_equals_the_rfc_proof_and_verifies(sizes):
    old, new = sizes
    leaves = make_leaves(new)
    proof = consistency_proof(old, leaves)
    assert proof == reference_subproof(old, leaves, True)
    verify_consistency(old, new, proof, reference_mth(leaves[:old]), reference_mth(leaves))


@settings(max_examples=50)
@given(st.integers(1, MAX_SIZE), st.data())
def test_one_cached_tree_gives_the_proofs_of_every_earlier_size(size, data):
    leaves = make_leaves(MAX_SIZE)
    tree = MerkleTree(leaves)
    index = data.draw(st.integers(0, size - 1))
    old = data.draw(st.integers(0, size))
    assert tree.root(size) == reference_mth(leaves[:size])
    assert tree.inclusion_proof(index, size) == reference_path(index, leaves[:size])
    expected = reference_subproof(old, leaves[:size], True) if 0 < old < size else []
    assert tree.consistency_proof(old, size) == expected


@given(leaf_in_tree(), st.integers(0, 2**16), st.sampled_from(["proof", "root", "leaf"]))
def test_a_flipped_bit_anywhere_makes_inclusion_fail(case, bit, where):
    size, index = case
    leaves = make_leaves(size)
    proof, tree_root, leaf = inclusion_proof(index, leaves), root(leaves), leaves[index]
    if where == "proof":
        if not proof:
            return
        position = bit % len(proof)
        proof[position] = flip_bit(proof[position], bit // len(proof))
    elif where == "root":
        tree_root = flip_bit(tree_root, bit)
    else:
        leaf = flip_bit(leaf, bit)
    with pytest.raises(ProofError):
        verify_inclusion(leaf, index, size, proof, tree_root)


@given(leaf_in_tree(), offsets, offsets)
def test_a_wrong_index_or_size_makes_inclusion_fail_unless_no_verifier_could_tell(case, index_offset, size_offset):
    size, index = case
    wrong_index, wrong_size = index + index_offset, size + size_offset
    leaves = make_leaves(size)
    proof, tree_root = inclusion_proof(index, leaves), root(leaves)
    # Hashes are opaque, so a claim the proof fits just as well (leaf 0 of 5 or of 6 leaves:
    # the last path hash may be one leaf or a pair) is indistinguishable; every other must fail.
    if inclusion_shape(wrong_index, size) != inclusion_shape(index, size):
        with pytest.raises(ProofError):
            verify_inclusion(leaves[index], wrong_index, size, proof, tree_root)
    if inclusion_shape(index, wrong_size) != inclusion_shape(index, size):
        with pytest.raises(ProofError):
            verify_inclusion(leaves[index], index, wrong_size, proof, tree_root)


def test_the_shapes_that_hide_a_wrong_size_are_the_expected_ones():
    assert inclusion_shape(0, 5) == inclusion_shape(0, 6)
    assert inclusion_shape(0, 5) != inclusion_shape(0, 4)
    assert inclusion_shape(1, 5) != inclusion_shape(2, 5)
    assert consistency_shape(1, 65) == consistency_shape(1, 66)
    assert consistency_shape(2, 5) != consistency_shape(3, 5)


@given(two_sizes(), st.integers(0, 2**16), st.sampled_from(["proof", "old root", "new root"]))
def test_a_flipped_bit_anywhere_makes_consistency_fail(sizes, bit, where):
    old, new = sizes
    leaves = make_leaves(new)
    proof, old_root, new_root = consistency_proof(old, leaves), root(leaves[:old]), root(leaves)
    if where == "proof":
        position = bit % len(proof)
        proof[position] = flip_bit(proof[position], bit // len(proof))
    elif where == "old root":
        old_root = flip_bit(old_root, bit)
    else:
        new_root = flip_bit(new_root, bit)
    with pytest.raises(ProofError):
        verify_consistency(old, new, proof, old_root, new_root)


@given(two_sizes(), offsets, offsets)
def test_wrong_sizes_make_consistency_fail_unless_no_verifier_could_tell(sizes, old_offset, new_offset):
    old, new = sizes
    wrong_old, wrong_new = old + old_offset, new + new_offset
    leaves = make_leaves(new)
    proof, old_root, new_root = consistency_proof(old, leaves), root(leaves[:old]), root(leaves)
    if consistency_shape(wrong_old, new) != consistency_shape(old, new):
        with pytest.raises(ProofError):
            verify_consistency(wrong_old, new, proof, old_root, new_root)
    if consistency_shape(old, wrong_new) != consistency_shape(old, new):
        with pytest.raises(ProofError):
            verify_consistency(old, wrong_new, proof, old_root, new_root)


def test_a_changed_leaf_breaks_consistency_with_the_old_root():
    leaves = make_leaves(10)
    old_root = root(leaves[:6])
    leaves[3] = leaf_hash(b"rewritten history")
    with pytest.raises(ProofError, match="old root"):
        verify_consistency(6, 10, consistency_proof(6, leaves), old_root, root(leaves))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda t: t.inclusion_proof(5), "leaf index 5 is outside a tree of 5 leaves"),
        (lambda t: t.inclusion_proof(-1), "leaf index -1"),
        (lambda t: t.inclusion_proof(0, 0), "outside a tree of 0 leaves"),
        (lambda t: t.inclusion_proof(0, 6), "size 6 is outside this tree of 5 leaves"),
        (lambda t: t.consistency_proof(6), "old_size 6"),
        (lambda t: t.consistency_proof(-1), "old_size -1"),
        (lambda t: t.consistency_proof(2, 9), "new_size 9"),
        (lambda t: t.root(6), "size 6"),
        (lambda t: t.leaf_hash(5), "leaf index 5"),
    ],
)
def test_out_of_range_arguments_raise_a_clear_value_error(call, message):
    with pytest.raises(MerkleError, match=message) as raised:
        call(MerkleTree(make_leaves(5)))
    assert isinstance(raised.value, ValueError)


@pytest.mark.parametrize("bad", [b"short", "a string" * 4, None, b"x" * 33])
def test_leaf_hashes_must_be_32_bytes(bad):
    with pytest.raises(MerkleError, match="leaf hash 1 is not 32 bytes"):
        MerkleTree([leaf_hash(b"a"), bad])


@pytest.mark.parametrize("bad", [b"short", "0" * 32, None])
def test_malformed_proofs_raise_a_proof_error(bad):
    leaves = make_leaves(4)
    with pytest.raises(ProofError, match="32-byte"):
        verify_inclusion(leaves[0], 0, 4, [leaves[1], bad], root(leaves))
    with pytest.raises(ProofError, match="32-byte"):
        verify_consistency(3, 4, [leaves[1], bad], root(leaves[:3]), root(leaves))


def test_an_absurdly_long_proof_is_refused_before_any_hashing():
    leaves = make_leaves(4)
    with pytest.raises(ProofError, match="no tree needs more"):
        verify_inclusion(leaves[0], 0, 4, [leaves[1]] * 10_000, root(leaves))


def test_node_hash_prefixes_inner_nodes_with_one():
    left, right = leaf_hash(b"l"), leaf_hash(b"r")
    assert node_hash(left, right) == hashlib.sha256(b"\x01" + left + right).digest()
    assert leaf_hash(b"l") == hashlib.sha256(b"\x00l").digest()


def test_a_tree_bigger_than_two_to_the_seventeen_needs_no_recursion_and_proves_its_last_leaf():
    size = 2**17 + 3
    leaves = [hashlib.sha256(i.to_bytes(4, "big")).digest() for i in range(size)]
    tree = MerkleTree(leaves)
    tree_root = tree.root()
    for index in (0, size // 2, size - 1):
        verify_inclusion(leaves[index], index, size, tree.inclusion_proof(index), tree_root)
    old = size - 2
    verify_consistency(old, size, tree.consistency_proof(old), tree.root(old), tree_root)
