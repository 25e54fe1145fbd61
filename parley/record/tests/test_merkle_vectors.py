"""The Merkle tree against the published RFC 6962 / RFC 9162 test vectors.

Source: github.com/transparency-dev/merkle, `testonly/constants.go` (leaf inputs, roots) and
`proof/verify_test.go` (inclusion and consistency vectors, the ways to corrupt a proof). The
roots come originally from Certificate Transparency's C++ merkle_tree_test.cc. Indices in the Go
inclusion vectors are 1-based; here they are converted to our 0-based leaf indices.
"""

import pytest

from parley.record.merkle import (
    EMPTY_ROOT,
    MerkleTree,
    ProofError,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    root,
    verify_consistency,
    verify_inclusion,
)

LEAF_INPUTS = [
    bytes.fromhex(h)
    for h in ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"]
]

# ROOTS[n] is the root of the tree of the first n leaves.
ROOTS = [
    bytes.fromhex(h)
    for h in [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ]
]

# (leaf index, tree size, audit path)
INCLUSION_VECTORS = [
    (0, 1, []),
    (
        0,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        5,
        8,
        [
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (
        1,
        5,
        [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
]

# (old size, new size, consistency proof)
CONSISTENCY_VECTORS = [
    (1, 1, []),
    (
        1,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        5,
        [
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (
        6,
        7,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
]

SOME_HASH = bytes.fromhex("abacaba000000000000000000000000000000000000000000060061e00123456")
LEAVES = [leaf_hash(data) for data in LEAF_INPUTS]


def unhex(path: list[str]) -> list[bytes]:
    return [bytes.fromhex(h) for h in path]


@pytest.mark.parametrize("size", range(9))
def test_roots_match_the_published_roots(size):
    assert root(LEAVES[:size]) == ROOTS[size]
    assert MerkleTree(LEAVES).root(size) == ROOTS[size]


def test_the_empty_tree_has_the_hash_of_nothing_as_root():
    assert EMPTY_ROOT == ROOTS[0] == root([])


@pytest.mark.parametrize(("index", "size", "path"), INCLUSION_VECTORS)
def test_inclusion_proofs_match_the_published_paths(index, size, path):
    assert inclusion_proof(index, LEAVES[:size]) == unhex(path)
    assert MerkleTree(LEAVES).inclusion_proof(index, size) == unhex(path)
    verify_inclusion(LEAVES[index], index, size, unhex(path), ROOTS[size])


@pytest.mark.parametrize(("old", "new", "path"), CONSISTENCY_VECTORS)
def test_consistency_proofs_match_the_published_proofs(old, new, path):
    assert consistency_proof(old, LEAVES[:new]) == unhex(path)
    assert MerkleTree(LEAVES).consistency_proof(old, new) == unhex(path)
    verify_consistency(old, new, unhex(path), ROOTS[old], ROOTS[new])


def corrupted_inclusion(index, size, proof, root_hash, leaf):
    """Yield (description, arguments) for each way transparency-dev corrupts an inclusion proof."""
    yield "index - 1", (leaf, index - 1, size, proof, root_hash)
    yield "index + 1", (leaf, index + 1, size, proof, root_hash)
    yield "index ^ 2", (leaf, index ^ 2, size, proof, root_hash)
    yield "size * 2", (leaf, index, size * 2, proof, root_hash)
    yield "size // 2", (leaf, index, size // 2, proof, root_hash)
    yield "wrong leaf", (b"WrongLeaf", index, size, proof, root_hash)
    yield "empty root", (leaf, index, size, proof, EMPTY_ROOT)
    yield "random root", (leaf, index, size, proof, SOME_HASH)
    yield "trailing garbage", (leaf, index, size, [*proof, b""], root_hash)
    yield "trailing root", (leaf, index, size, [*proof, root_hash], root_hash)
    yield "preceding garbage", (leaf, index, size, [b"", *proof], root_hash)
    yield "preceding root", (leaf, index, size, [root_hash, *proof], root_hash)
    for i in range(len(proof)):
        flipped = [*proof]
        flipped[i] = bytes([flipped[i][0] ^ 8]) + flipped[i][1:]
        yield f"proof[{i}] bit 3 flipped", (leaf, index, size, flipped, root_hash)
    if proof:
        yield "last component removed", (leaf, index, size, proof[:-1], root_hash)
    if len(proof) > 1:
        yield "component inserted", (leaf, index, size, [proof[0], SOME_HASH, *proof[1:]], root_hash)


@pytest.mark.parametrize(("index", "size", "path"), INCLUSION_VECTORS)
def test_every_corruption_of_a_published_inclusion_proof_fails(index, size, path):
    for description, arguments in corrupted_inclusion(index, size, unhex(path), ROOTS[size], LEAVES[index]):
        with pytest.raises(ProofError):
            verify_inclusion(*arguments)
            pytest.fail(f"verified despite {description}")


def corrupted_consistency(old, new, old_root, new_root, proof):
    """Yield (description, arguments) for each way transparency-dev corrupts a consistency proof."""
    yield "old - 1", (old - 1, new, proof, old_root, new_root)
    yield "old + 1", (old + 1, new, proof, old_root, new_root)
    yield "old ^ 2", (old ^ 2, new, proof, old_root, new_root)
    yield "new * 2", (old, new * 2, proof, old_root, new_root)
    yield "new // 2", (old, new // 2, proof, old_root, new_root)
    yield "wrong old root", (old, new, proof, b"WrongRoot", new_root)
    yield "wrong new root", (old, new, proof, old_root, b"WrongRoot")
    yield "swapped roots", (old, new, proof, new_root, old_root)
    yield "empty proof", (old, new, [], old_root, new_root)
    yield "trailing garbage", (old, new, [*proof, b""], old_root, new_root)
    yield "trailing old root", (old, new, [*proof, old_root], old_root, new_root)
    yield "trailing new root", (old, new, [*proof, new_root], old_root, new_root)
    yield "preceding garbage", (old, new, [b"", *proof], old_root, new_root)
    yield "preceding old root", (old, new, [old_root, *proof], old_root, new_root)
    yield "preceding new root", (old, new, [new_root, *proof], old_root, new_root)
    yield "preceding proof[0]", (old, new, [proof[0], *proof], old_root, new_root)
    yield "truncated", (old, new, proof[:-1], old_root, new_root)
    for i in range(len(proof)):
        flipped = [*proof]
        flipped[i] = bytes([flipped[i][0] ^ 16]) + flipped[i][1:]
        yield f"proof[{i}] bit 4 flipped", (old, new, flipped, old_root, new_root)


@pytest.mark.parametrize(("old", "new", "path"), [v for v in CONSISTENCY_VECTORS if v[2]])
def test_every_corruption_of_a_published_consistency_proof_fails(old, new, path):
    for description, arguments in corrupted_consistency(old, new, ROOTS[old], ROOTS[new], unhex(path)):
        with pytest.raises(ProofError):
            verify_consistency(*arguments)
            pytest.fail(f"verified despite {description}")


@pytest.mark.parametrize(
    ("old", "new", "old_root", "new_root", "proof"),
    [
        (0, 0, EMPTY_ROOT, EMPTY_ROOT, []),
        (0, 8, EMPTY_ROOT, ROOTS[8], []),
        (8, 8, ROOTS[8], ROOTS[8], []),
    ],
)
def test_trivially_consistent_sizes_need_an_empty_proof(old, new, old_root, new_root, proof):
    verify_consistency(old, new, proof, old_root, new_root)
    with pytest.raises(ProofError, match="must be empty"):
        verify_consistency(old, new, [EMPTY_ROOT], old_root, new_root)


@pytest.mark.parametrize(
    ("old", "new", "old_root", "new_root"),
    [
        (1, 1, ROOTS[1], ROOTS[2]),  # same size, different roots
        (0, 1, SOME_HASH, ROOTS[1]),  # an empty tree whose root is not the hash of nothing
        (2, 1, ROOTS[2], ROOTS[1]),  # going back in time
        (1, 0, ROOTS[1], ROOTS[0]),
        (1, 2, ROOTS[1], ROOTS[2]),  # needs a proof, got none
    ],
)
def test_impossible_consistency_claims_fail(old, new, old_root, new_root):
    with pytest.raises(ProofError):
        verify_consistency(old, new, [], old_root, new_root)


@pytest.mark.parametrize(("index", "size"), [(0, 0), (1, 0), (1, 1), (2, 1), (-1, 1)])
def test_inclusion_in_an_empty_or_too_small_tree_fails(index, size):
    with pytest.raises(ProofError, match="outside"):
        verify_inclusion(ROOTS[1], index, size, [], ROOTS[1])


def test_a_single_leaf_tree_has_the_leaf_as_root_and_an_empty_proof():
    single = leaf_hash(b"data")
    verify_inclusion(single, 0, 1, [], single)
    with pytest.raises(ProofError, match="32-byte"):
        verify_inclusion(b"", 0, 1, [], single)
    with pytest.raises(ProofError, match="32-byte"):
        verify_inclusion(single, 0, 1, [], b"")
