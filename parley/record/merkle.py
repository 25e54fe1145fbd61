"""The Merkle tree of a record, exactly as RFC 9162 section 2.1 defines it.

Leaves are SHA-256(0x00 || entry) and inner nodes SHA-256(0x01 || left || right), so any RFC 9162
or RFC 6962 verifier (transparency-dev's Go code, a browser) checks our proofs. Proof generation
follows the RFC's PATH and PROOF definitions; the two verifiers follow the RFC's algorithms in
sections 2.1.3.2 and 2.1.4.2 step by step and never recompute a tree from leaves.

Everything works on 32-byte leaf hashes. `MerkleTree` hashes each level once (O(n) hashes, no
recursion) and keeps the levels, so any number of proofs for one tree, at its full size or at
any earlier size, costs only O(log n) lookups each.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()

_LEAF_PREFIX = b"\x00"
_NODE_PREFIX = b"\x01"

# A tree size fits in 64 bits (RFC 9162 tree_size is uint64), so no valid proof is longer.
_MAX_PROOF_LENGTH = 64


class MerkleError(ValueError):
    """An argument a Merkle tree operation cannot use: a size or index out of range, a bad hash."""


class ProofError(MerkleError):
    """A proof that does not verify, with the reason."""


def leaf_hash(data: bytes) -> bytes:
    """Return the RFC 9162 hash of the leaf whose entry bytes are DATA."""
    return hashlib.sha256(_LEAF_PREFIX + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """Return the RFC 9162 hash of the inner node with children LEFT and RIGHT."""
    return hashlib.sha256(_NODE_PREFIX + left + right).digest()


def root(leaf_hashes: Sequence[bytes]) -> bytes:
    """Return the Merkle tree hash (MTH) of LEAF_HASHES; SHA-256 of nothing for an empty tree."""
    level = _join(leaf_hashes)
    while len(level) > HASH_SIZE:
        level = _parent_level(level)
    return level or EMPTY_ROOT


def inclusion_proof(index: int, leaf_hashes: Sequence[bytes]) -> list[bytes]:
    """Return the audit path (PATH) of the leaf at INDEX in the tree of LEAF_HASHES."""
    return MerkleTree(leaf_hashes).inclusion_proof(index)


def consistency_proof(old_size: int, leaf_hashes: Sequence[bytes]) -> list[bytes]:
    """Return the consistency proof (PROOF) from the first OLD_SIZE leaves to all of LEAF_HASHES."""
    return MerkleTree(leaf_hashes).consistency_proof(old_size)


class MerkleTree:
    """A tree over a fixed list of leaf hashes, with every level hashed once and kept.

    Level k holds the nodes over runs of 2**k leaves; the last node of a level covers the
    leftover leaves when the count is not a multiple of 2**k (RFC 9162's unbalanced right edge
    is the same tree as promoting a lone last node one level up unchanged).
    """

    def __init__(self, leaf_hashes: Sequence[bytes]) -> None:
        level = _join(leaf_hashes)
        self.size = len(leaf_hashes)
        # Each level is one bytes object of concatenated 32-byte hashes: a million leaves take
        # 64 MB in all, not the 150 MB a list of small bytes objects would.
        self._levels = [level]
        while len(level) > HASH_SIZE:
            level = _parent_level(level)
            self._levels.append(level)

    def root(self, size: int | None = None) -> bytes:
        """Return the root hash of the tree made of the first SIZE leaves (default: all)."""
        size = self._check_size(size, "size")
        return self._range_hash(0, size) if size else EMPTY_ROOT

    def leaf_hash(self, index: int) -> bytes:
        """Return the hash of the leaf at INDEX."""
        self._check_index(index, self.size)
        return self._node(0, index)

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        """Return PATH(index, D[0:size]): the audit path of one leaf in the tree of SIZE leaves."""
        size = self._check_size(size, "size")
        self._check_index(index, size)
        # Walk down from the root as the RFC's recursion does, collecting the sibling subtree at
        # each split; the RFC lists them from the leaf upwards, hence the reversal.
        path = []
        start, end = 0, size
        while end - start > 1:
            split = start + _largest_power_of_two_below(end - start)
            if index < split:
                path.append(self._range_hash(split, end))
                end = split
            else:
                path.append(self._range_hash(start, split))
                start = split
        path.reverse()
        return path

    def consistency_proof(self, old_size: int, new_size: int | None = None) -> list[bytes]:
        """Return PROOF(old_size, D[0:new_size]); empty when OLD_SIZE is 0 or equals NEW_SIZE."""
        new_size = self._check_size(new_size, "new_size")
        if not 0 <= old_size <= new_size:
            raise MerkleError(f"old_size {old_size} is not between 0 and the new size {new_size}")
        if old_size in (0, new_size):
            return []
        # SUBPROOF(m, D[start:end], whole) unrolled: each step appends one sibling after the
        # rest of the proof, so collect them top-down and reverse at the end.
        tail = []
        start, end, whole = 0, new_size, True
        while end != old_size:
            split = _largest_power_of_two_below(end - start)
            if old_size - start <= split:
                tail.append(self._range_hash(start + split, end))
                end = start + split
            else:
                tail.append(self._range_hash(start, start + split))
                start += split
                whole = False
        # Reaching a subtree that is exactly the old tree's part: the verifier already knows
        # its hash only when it is the whole old tree.
        head = [] if whole else [self._range_hash(start, end)]
        tail.reverse()
        return head + tail

    def _check_size(self, size: int | None, name: str) -> int:
        if size is None:
            return self.size
        if not 0 <= size <= self.size:
            raise MerkleError(f"{name} {size} is outside this tree of {self.size} leaves")
        return size

    @staticmethod
    def _check_index(index: int, size: int) -> None:
        if not 0 <= index < size:
            raise MerkleError(f"leaf index {index} is outside a tree of {size} leaves")

    def _node(self, level: int, index: int) -> bytes:
        offset = index * HASH_SIZE
        return self._levels[level][offset : offset + HASH_SIZE]

    def _range_hash(self, start: int, end: int) -> bytes:
        """Return MTH(D[start:end]) for a range that is a subtree of some RFC 9162 tree."""
        height = (end - start - 1).bit_length()
        if start % (1 << height) == 0 and min(start + (1 << height), self.size) == end:
            return self._node(height, start >> height)
        # A right edge of an older, smaller tree: split it into complete power-of-two subtrees,
        # largest first, and fold them right to left as MTH's recursion would.
        parts = []
        while start < end:
            height = (end - start).bit_length() - 1
            parts.append(self._node(height, start >> height))
            start += 1 << height
        result = parts.pop()
        while parts:
            result = node_hash(parts.pop(), result)
        return result


def verify_inclusion(leaf_hash: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes) -> None:
    """Check that LEAF_HASH is leaf INDEX of the tree of SIZE leaves with ROOT (RFC 9162 2.1.3.2).

    Raise ProofError with the reason when it is not.
    """
    _check_hashes(proof, leaf_hash, root)
    if not 0 <= index < size:
        raise ProofError(f"leaf index {index} is outside a tree of {size} leaves")
    fn, sn = index, size - 1
    result = leaf_hash
    for sibling in proof:
        if sn == 0:
            raise ProofError("inclusion proof is longer than the tree is deep")
        if fn & 1 or fn == sn:
            result = node_hash(sibling, result)
            # Skip the levels where this node was promoted without a sibling.
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            result = node_hash(result, sibling)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("inclusion proof is shorter than the tree is deep")
    if result != root:
        raise ProofError("inclusion proof does not lead to the root")


def verify_consistency(old_size: int, new_size: int, proof: Sequence[bytes], old_root: bytes, new_root: bytes) -> None:
    """Check that the tree of NEW_SIZE leaves with NEW_ROOT extends the one of OLD_SIZE with OLD_ROOT.

    Follows RFC 9162 section 2.1.4.2; raise ProofError with the reason when it does not hold.
    """
    _check_hashes(proof, old_root, new_root)
    if not 0 <= old_size <= new_size:
        raise ProofError(f"old size {old_size} is not between 0 and the new size {new_size}")
    if old_size == 0 or old_size == new_size:
        # Nothing to prove: the RFC defines proofs only for 0 < old_size < new_size.
        if proof:
            raise ProofError("a consistency proof between these sizes must be empty")
        if old_size == 0 and old_root != EMPTY_ROOT:
            raise ProofError("the root of an empty tree must be the hash of nothing")
        if old_size == new_size and old_root != new_root:
            raise ProofError("two trees of the same size have different roots")
        return
    # Step 1.
    if not proof:
        raise ProofError("consistency proof is empty")
    # Step 2: when the old tree is a complete subtree, the proof leaves out its root.
    path = list(proof)
    if old_size & (old_size - 1) == 0:
        path.insert(0, old_root)
    # Steps 3 and 4.
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    # Step 5.
    fr = sr = path[0]
    # Step 6.
    for c in path[1:]:
        if sn == 0:
            raise ProofError("consistency proof is longer than the trees are deep")
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    # Step 7.
    if sn != 0:
        raise ProofError("consistency proof is shorter than the trees are deep")
    if fr != old_root:
        raise ProofError("consistency proof does not lead to the old root")
    if sr != new_root:
        raise ProofError("consistency proof does not lead to the new root")


def _join(leaf_hashes: Sequence[bytes]) -> bytes:
    for index, item in enumerate(leaf_hashes):
        if not isinstance(item, bytes) or len(item) != HASH_SIZE:
            raise MerkleError(f"leaf hash {index} is not {HASH_SIZE} bytes")
    return b"".join(leaf_hashes)


def _parent_level(level: bytes) -> bytes:
    """Hash a level of concatenated nodes pairwise; a lone last node moves up unchanged."""
    pair = 2 * HASH_SIZE
    parents = [
        hashlib.sha256(_NODE_PREFIX + level[i : i + pair]).digest() for i in range(0, len(level) - HASH_SIZE, pair)
    ]
    if len(level) % pair:
        parents.append(level[-HASH_SIZE:])
    return b"".join(parents)


def _largest_power_of_two_below(n: int) -> int:
    """Return the largest power of two strictly smaller than N (N > 1), the RFC's k."""
    return 1 << ((n - 1).bit_length() - 1)


def _check_hashes(proof: Sequence[bytes], *hashes: bytes) -> None:
    if len(proof) > _MAX_PROOF_LENGTH:
        raise ProofError(f"proof has {len(proof)} hashes; no tree needs more than {_MAX_PROOF_LENGTH}")
    for item in (*hashes, *proof):
        if not isinstance(item, bytes) or len(item) != HASH_SIZE:
            raise ProofError(f"proof, root or leaf hash is not a {HASH_SIZE}-byte hash")
