"""How long the record's Merkle tree takes: root, 1,000 proofs and their verification.

Run from the repository root: python bench/record_merkle.py [SIZE ...]   (default 100000 1000000)
"""

from __future__ import annotations

import random
import resource
import sys
import time

from parley.record.merkle import MerkleTree, leaf_hash, root, verify_consistency, verify_inclusion

PROOFS = 1_000


def seconds(start: float) -> float:
    return time.perf_counter() - start


def run(size: int) -> list[object]:
    leaves = [leaf_hash(i.to_bytes(8, "big")) for i in range(size)]
    pick = random.Random(size)

    start = time.perf_counter()
    tree_root = root(leaves)
    root_s = seconds(start)

    start = time.perf_counter()
    tree = MerkleTree(leaves)
    tree_s = seconds(start)

    indices = [pick.randrange(size) for _ in range(PROOFS)]
    start = time.perf_counter()
    proofs = [tree.inclusion_proof(i) for i in indices]
    inclusion_s = seconds(start)

    start = time.perf_counter()
    for index, proof in zip(indices, proofs, strict=True):
        verify_inclusion(leaves[index], index, size, proof, tree_root)
    verify_s = seconds(start)

    old_sizes = [pick.randrange(1, size) for _ in range(PROOFS)]
    start = time.perf_counter()
    consistency = [tree.consistency_proof(old) for old in old_sizes]
    consistency_s = seconds(start)

    start = time.perf_counter()
    for old, proof in zip(old_sizes, consistency, strict=True):
        verify_consistency(old, size, proof, tree.root(old), tree_root)
    consistency_verify_s = seconds(start)

    return [size, root_s, tree_s, inclusion_s, verify_s, consistency_s, consistency_verify_s]


def main() -> None:
    sizes = [int(arg) for arg in sys.argv[1:]] or [100_000, 1_000_000]
    header = ["leaves", "root s", "tree s", "1k incl s", "1k verify s", "1k cons s", "1k cons verify s"]
    print(" | ".join(header))
    for size in sizes:
        row = run(size)
        print(" | ".join(f"{v:.3f}" if isinstance(v, float) else f"{v:,}" for v in row), flush=True)
    # ru_maxrss is in kilobytes on Linux.
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
