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
from collections.abc import Callable, Iterable, Sequence

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


class _Tree:
    """Roots and proofs of a tree of SIZE leaves, from the hashes of its subtrees (`_node`)."""

    size: int

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
        """Return the hash of the complete subtree of 2**LEVEL leaves starting at leaf INDEX * 2**LEVEL."""
        raise NotImplementedError

    def _range_hash(self, start: int, end: int) -> bytes:
        """Return MTH(D[start:end]) for a range that is a subtree of some RFC 9162 tree."""
        # A right edge of an older, smaller tree: split it into complete power-of-two subtrees,
        # largest first, and fold them right to left as MTH's recursion would.
        return fold([self._node(level, index) for level, index in complete_subtrees(start, end)])


class MerkleTree(_Tree):
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

    def _node(self, level: int, index: int) -> bytes:
        offset = index * HASH_SIZE
        return self._levels[level][offset : offset + HASH_SIZE]

    def _range_hash(self, start: int, end: int) -> bytes:
        height = (end - start - 1).bit_length()
        if start % (1 << height) == 0 and min(start + (1 << height), self.size) == end:
            return self._node(height, start >> height)
        return super()._range_hash(start, end)


NodeKey = tuple[int, int]
"""(level, index): the complete subtree of 2**level leaves that starts at leaf index * 2**level."""


class SubtreeTree(_Tree):
    """A tree of SIZE leaves read only from the hashes of its complete subtrees.

    NODE(level, index) returns one stored hash (level 0: a leaf hash). A root, an inclusion
    proof or a consistency proof asks for O(log n) of them; `keys` says which, beforehand, so a
    store can fetch them all in one query.
    """

    def __init__(self, size: int, node: Callable[[int, int], bytes]) -> None:
        if size < 0:
            raise MerkleError(f"tree size {size} is negative")
        self.size = size
        self._source = node

    def _node(self, level: int, index: int) -> bytes:
        return self._source(level, index)

    @classmethod
    def keys(cls, size: int, ask: Callable[[SubtreeTree], object]) -> set[NodeKey]:
        """Return the subtrees ASK(tree) reads from a tree of SIZE leaves (without their hashes)."""
        wanted: set[NodeKey] = set()

        def record(level: int, index: int) -> bytes:
            wanted.add((level, index))
            return bytes(HASH_SIZE)

        ask(cls(size, record))
        return wanted


def complete_subtrees(start: int, end: int) -> list[NodeKey]:
    """Split the leaves START..END-1 (a subtree's range) into complete subtrees, largest first."""
    parts = []
    while start < end:
        height = (end - start).bit_length() - 1
        if start % (1 << height):
            raise MerkleError(f"leaves {start}..{end - 1} are not a subtree's range")
        parts.append((height, start >> height))
        start += 1 << height
    return parts


def fold(hashes: Sequence[bytes]) -> bytes:
    """Return MTH of a range from its complete subtrees' hashes (largest first), folded right to left."""
    if not hashes:
        return EMPTY_ROOT
    result = hashes[-1]
    for left in reversed(hashes[:-1]):
        result = node_hash(left, result)
    return result


def peaks(size: int) -> list[NodeKey]:
    """The complete subtrees a tree of SIZE leaves splits into, largest first (a compact range)."""
    return complete_subtrees(0, size)


def extend_peaks(
    stack: list[tuple[int, int, bytes]], first: int, leaf_hashes: Iterable[bytes]
) -> list[tuple[int, int, bytes]]:
    """Add leaves FIRST, FIRST+1, ... to STACK, the peaks (level, index, hash) of the first FIRST leaves.

    STACK is updated in place; return the interior nodes (level >= 1) completed on the way, each
    once, bottom-up in the order they complete: about one per leaf, so storing them costs O(1)
    amortised per leaf. The stack never holds more than 64 peaks.
    """
    made = []
    index = first
    for leaf in leaf_hashes:
        if not isinstance(leaf, bytes) or len(leaf) != HASH_SIZE:
            raise MerkleError(f"leaf hash {index} is not {HASH_SIZE} bytes")
        level, position, value = 0, index, leaf
        while stack and stack[-1][0] == level:
            _, _, left = stack.pop()
            level, position, value = level + 1, position >> 1, node_hash(left, value)
            made.append((level, position, value))
        stack.append((level, position, value))
        index += 1
    return made


class CompactRange:
    """The root of a growing tree in O(log n) memory: leaves go in one by one, never kept."""

    def __init__(self) -> None:
        self.size = 0
        self._stack: list[tuple[int, int, bytes]] = []

    def append(self, leaf: bytes) -> None:
        extend_peaks(self._stack, self.size, (leaf,))
        self.size += 1

    def root(self) -> bytes:
        return fold([value for _, _, value in self._stack])


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
