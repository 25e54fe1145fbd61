import hashlib

import pytest

from parley.record.canonical import canonical_json
from parley.record.sealing import (
    PREFIX,
    SALT_BYTES,
    Opening,
    SealingError,
    check_openings,
    commitment,
    is_sealed,
    open_value,
    opened,
    openings_jsonl,
    read_openings,
    seal,
    sealed_paths,
)

SALT = bytes(range(SALT_BYTES))


def test_a_commitment_is_sha256_of_prefix_salt_and_canonical_value():
    expected = hashlib.sha256(PREFIX + SALT + canonical_json("Call me: +994 50 123 45 67")).hexdigest()
    assert commitment("Call me: +994 50 123 45 67", SALT) == expected


def test_a_sealed_value_opens_with_its_value_and_salt_only():
    sealed, salt = seal("Leyla")
    assert is_sealed(sealed) and len(salt) == SALT_BYTES
    assert open_value(sealed, "Leyla", salt)
    assert not open_value(sealed, "Leila", salt)
    assert not open_value(sealed, "Leyla", bytes(SALT_BYTES))
    changed = {"commitment": ("0" if sealed["commitment"][0] != "0" else "1") + sealed["commitment"][1:]}
    assert not open_value(changed, "Leyla", salt)


def test_each_sealing_of_the_same_value_has_its_own_salt_and_commitment():
    first, second = seal("Ali")[0], seal("Ali")[0]
    assert first != second


def test_a_short_value_cannot_be_matched_without_its_salt():
    sealed, _salt = seal("yes")
    guesses = ["yes", "no", "Yes", "Ali", ""]
    unsalted = {hashlib.sha256(PREFIX + canonical_json(g)).hexdigest() for g in guesses}
    unsalted |= {hashlib.sha256(canonical_json(g)).hexdigest() for g in guesses}
    unsalted |= {commitment(g, bytes(SALT_BYTES)) for g in guesses}
    assert sealed["commitment"] not in unsalted


def test_only_an_object_with_exactly_a_hex_commitment_is_sealed():
    assert not is_sealed({"commitment": "ABC"})
    assert not is_sealed({"commitment": "a" * 64, "text": "x"})
    assert not is_sealed("a" * 64)


def test_sealed_paths_name_every_sealed_value_of_an_entry():
    text, _ = seal("t")
    hy, _ = seal("h")
    entry = {"seq": 3, "actor": {"handle": text}, "payload": {"text": text, "translations": {"hy": hy, "en": "x"}}}
    assert [p for p, _ in sealed_paths(entry)] == ["actor/handle", "payload/text", "payload/translations/hy"]


def _entry(seq: int, value: str, salt: bytes = SALT, type: str = "statement.submitted") -> dict:
    return {"seq": seq, "type": type, "actor": None, "payload": {"text": {"commitment": commitment(value, salt)}}}


def test_matching_openings_pass_and_open_the_entries():
    entries = [_entry(0, "hello")]
    check = check_openings(entries, [Opening(0, "payload/text", "hello", SALT)])
    assert check.sealed == 1 and check.withdrawn == 0
    assert opened(entries[0], check.by_seq[0])["payload"]["text"] == "hello"


def test_a_changed_value_or_salt_fails_naming_the_entry():
    entries = [_entry(0, "hello")]
    for opening in (Opening(0, "payload/text", "hullo", SALT), Opening(0, "payload/text", "hello", bytes(16))):
        with pytest.raises(SealingError, match="entry 0: payload/text does not match its commitment"):
            check_openings(entries, [opening])


def test_a_missing_opening_fails():
    with pytest.raises(SealingError, match="entry 0: payload/text has no opening"):
        check_openings([_entry(0, "hello")], [])


def test_an_opening_of_nothing_fails():
    extra = Opening(0, "payload/other", "x", SALT)
    with pytest.raises(SealingError, match="not a sealed value"):
        check_openings([_entry(0, "hello")], [Opening(0, "payload/text", "hello", SALT), extra])


def _withdrawal(seq: int, items: list) -> dict:
    return {"seq": seq, "type": "text.withdrawn", "actor": None, "payload": {"openings": items, "statement": 1}}


def test_a_withdrawn_opening_named_by_a_later_withdrawal_is_reported_as_withdrawn():
    entries = [_entry(0, "my number"), _withdrawal(1, [[0, "payload/text"]])]
    check = check_openings(entries, [Opening(0, "payload/text", withdrawn=1)])
    assert check.withdrawn == 1 and check.withdrawn_by == (1,)
    assert "1 withdrawn by entry 1" in check.summary
    assert opened(entries[0], check.by_seq[0])["payload"]["text"] is None


def test_an_opening_withdrawn_without_a_withdrawal_entry_fails():
    with pytest.raises(SealingError, match=r"entry 0: payload/text is withdrawn .* no later text.withdrawn"):
        check_openings([_entry(0, "my number")], [Opening(0, "payload/text", withdrawn=1)])


def test_a_withdrawn_value_still_opened_fails():
    entries = [_entry(0, "my number"), _withdrawal(1, [[0, "payload/text"]])]
    with pytest.raises(SealingError, match=r"was withdrawn by entry 1, yet openings\.jsonl still opens it"):
        check_openings(entries, [Opening(0, "payload/text", "my number", SALT)])


def test_openings_survive_their_file_form():
    openings = [Opening(2, "payload/text", withdrawn=5), Opening(0, "actor/handle", "Ali", SALT)]
    data = openings_jsonl(openings)
    assert data.split(b"\n")[0] == canonical_json(
        {"path": "actor/handle", "salt": "AAECAwQFBgcICQoLDA0ODw==", "seq": 0, "value": "Ali"}
    )
    assert read_openings(data) == sorted(openings, key=lambda o: o.seq)


@pytest.mark.parametrize(
    "line",
    [
        b'{"path":"a","seq":0}',
        b'{"path":"a","salt":"!!","seq":0,"value":"x"}',
        b'{"path":"a","salt":"AA==","seq":0,"value":"x"}',
    ],
)
def test_an_unreadable_opening_fails_with_its_line(line):
    with pytest.raises(SealingError, match=r"openings\.jsonl line 1"):
        read_openings(line + b"\n")
