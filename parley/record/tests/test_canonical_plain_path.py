"""Plainly canonical ASCII lines take json's C round trip, with the same verdict as the close parse."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parley.record import canonical
from parley.record.canonical import MAX_DEPTH, MAX_SAFE_INTEGER, CanonicalError, canonical_json, parse_canonical

ascii_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-MAX_SAFE_INTEGER - 3, MAX_SAFE_INTEGER + 3)
    | st.floats(allow_nan=False)
    | st.text(st.characters(max_codepoint=127)),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(st.characters(max_codepoint=127), max_size=4), children, max_size=4)
    ),
    max_leaves=12,
)


def verdict(parse, data: bytes) -> tuple:
    try:
        return ("value", parse(data))
    except CanonicalError as error:
        return ("refused", str(error))


def close_parse(data: bytes, monkeypatch) -> tuple:
    with monkeypatch.context() as patch:
        patch.setattr(canonical, "_parse_plain", lambda data: canonical._NOT_PLAIN)
        return verdict(parse_canonical, data)


def spellings(value) -> list[bytes]:
    """VALUE written canonically and in the ways a tampered or careless writer might."""
    texts = [
        json.dumps(value, sort_keys=True, separators=(",", ":")),
        json.dumps(value),
        json.dumps(value, separators=(",", ":")),
        json.dumps(value, sort_keys=True, separators=(",", ":")).replace("1", "01", 1),
        json.dumps(value, sort_keys=True, separators=(",", ":")).replace("}", ',"a":0}', 1),
    ]
    return [t.encode() for t in texts]


@given(ascii_values)
def test_any_ascii_line_gets_the_verdict_of_the_close_parse(value):
    with pytest.MonkeyPatch.context() as monkeypatch:
        for data in spellings(value):
            assert verdict(parse_canonical, data) == close_parse(data, monkeypatch)


def test_a_plain_record_line_takes_the_round_trip():
    entry = {"seq": 3, "type": "vote.cast", "payload": {"member": 7, "statement": 2, "value": -1}}
    assert canonical._parse_plain(canonical_json(entry)) == entry


@pytest.mark.parametrize(
    "data",
    [
        b"[" * MAX_DEPTH + b"1" + b"]" * MAX_DEPTH,
        b"[" * (MAX_DEPTH + 1) + b"1" + b"]" * (MAX_DEPTH + 1),
        b'{"a":1,"a":1}',
        b'{"a":1,"a":2}',
        b"9007199254740991",
        b"9007199254740992",
        b"-9007199254740992",
        b"-0",
        b"1.0",
        b'"\\/"',
        b'"\\u001f"',
        b'"\\u001F"',
        b'"\\u0041"',
        b'"\x7f"',
        b'{"b":1,"a":2}',
        b"{}\r",
    ],
)
def test_edge_lines_get_the_verdict_of_the_close_parse(data, monkeypatch):
    assert verdict(parse_canonical, data) == close_parse(data, monkeypatch)
