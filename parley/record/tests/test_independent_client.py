"""The independent client (used to check Parley's record as outsiders would) passes the published vectors.

If it did not, its agreement with Parley in `publicrecord/tests/test_standard_clients.py` would
prove nothing. Vectors: transparency-dev/merkle (roots, inclusion, consistency) and the example
of C2SP signed-note.
"""

import base64

import pytest

from parley.record.tests import independent
from parley.record.tests.test_merkle_vectors import CONSISTENCY_VECTORS, INCLUSION_VECTORS, LEAF_INPUTS, ROOTS

LEAVES = [independent.leaf(data) for data in LEAF_INPUTS]


def unhex(path: list[str]) -> list[bytes]:
    return [bytes.fromhex(h) for h in path]


@pytest.mark.parametrize("size", range(len(ROOTS)))
def test_its_tree_hash_matches_the_published_roots(size):
    assert independent.mth(LEAVES[:size]) == ROOTS[size]


@pytest.mark.parametrize(("index", "size", "path"), INCLUSION_VECTORS)
def test_it_accepts_the_published_inclusion_proofs_and_refuses_them_changed(index, size, path):
    proof = unhex(path)
    independent.verify_inclusion(index, size, LEAVES[index], proof, ROOTS[size])
    with pytest.raises(independent.Invalid):
        independent.verify_inclusion(index, size, LEAVES[index], [*proof, ROOTS[0]], ROOTS[size])
    if proof:
        with pytest.raises(independent.Invalid):
            independent.verify_inclusion(index, size, LEAVES[index], proof[:-1], ROOTS[size])
        with pytest.raises(independent.Invalid):
            independent.verify_inclusion(index ^ 1, size, LEAVES[index], proof, ROOTS[size])


@pytest.mark.parametrize(("old", "new", "path"), CONSISTENCY_VECTORS)
def test_it_accepts_the_published_consistency_proofs_and_refuses_them_changed(old, new, path):
    proof = unhex(path)
    independent.verify_consistency(old, new, ROOTS[old], ROOTS[new], proof)
    if proof:
        with pytest.raises(independent.Invalid):
            independent.verify_consistency(old, new, ROOTS[old], ROOTS[new], proof[:-1])
        with pytest.raises(independent.Invalid):
            independent.verify_consistency(old, new, ROOTS[old], ROOTS[new - 1], proof)
        with pytest.raises(independent.Invalid):
            independent.verify_consistency(old, new, ROOTS[old], ROOTS[new], [ROOTS[0], *proof[1:]])


def test_it_verifies_the_signed_note_example_of_the_specification():
    verifier = independent.Verifier.parse("example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k")
    signature = "Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM="
    note = f"This is an example message.\n\n\u2014 example.com/foo {signature}\n"
    text, signed = independent.open_note(note, [verifier])
    assert text == b"This is an example message.\n" and signed == {"example.com/foo"}
    assert independent.verifier_key(verifier.name, verifier.public_key) == (
        "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"
    )
    with pytest.raises(independent.Invalid):
        independent.open_note(note.replace("example message", "example massage"), [verifier])
    # An unknown key's line is skipped, as the specification requires.
    other = base64.b64encode(b"\x00\x00\x00\x00" + bytes(64)).decode()
    assert independent.open_note(note + f"\u2014 someone.else {other}\n", [verifier])[1] == {"example.com/foo"}
