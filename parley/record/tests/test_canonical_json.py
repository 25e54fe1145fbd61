import json
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parley.record.canonical import MAX_SAFE_INTEGER, CanonicalError, canonical_json, parse_canonical

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-MAX_SAFE_INTEGER, MAX_SAFE_INTEGER)
    | st.text(st.characters(codec="utf-8")),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4),
    max_leaves=12,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"b": 2, "a": 1}, b'{"a":1,"b":2}'),
        (
            {"statement": "Çay", "votes": [1, -1, 0], "open": True, "closed": None},
            '{"closed":null,"open":true,"statement":"Çay","votes":[1,-1,0]}'.encode(),
        ),
        ([], b"[]"),
        ({}, b"{}"),
        ("", b'""'),
        (MAX_SAFE_INTEGER, b"9007199254740991"),
        ('tab\there "quoted" back\\slash \x01 \x7f', b'"tab\\there \\"quoted\\" back\\\\slash \\u0001 \x7f"'),
        ("Հայերեն və Azərbaycan", '"Հայերեն və Azərbaycan"'.encode()),
        ("\u2028", '"\u2028"'.encode()),
    ],
)
def test_values_encode_to_fixed_bytes(value, expected):
    assert canonical_json(value) == expected


def test_nested_objects_have_sorted_keys_and_no_whitespace():
    value = {"z": {"y": [1, {"b": None, "a": False}], "x": "v"}, "a": []}
    assert canonical_json(value) == b'{"a":[],"z":{"x":"v","y":[1,{"a":false,"b":null}]}}'


def test_keys_sort_by_utf16_code_units_not_code_points():
    # U+1F600 is the surrogate pair D83D DE00 in UTF-16, so it sorts before U+FB01 (code-point
    # order would put it last); this is the case where RFC 8785 and naive sorting disagree.
    value = {"\ufb01": 1, "\U0001f600": 2, "z": 3, "é": 4, "ա": 5, "ə": 6}
    keys = list(json.loads(canonical_json(value)))
    assert keys == ["z", "é", "ə", "ա", "\U0001f600", "\ufb01"]


def test_rfc_8785_sorting_example_orders_as_published_except_where_nfc_changes_a_key():
    # The property-sorting example of RFC 8785 section 3.2.3. RFC 8785 does not normalise, we
    # do: U+FB33 is a composition exclusion, so NFC rewrites it as U+05D3 U+05BC, which sorts
    # before the Euro sign instead of last.
    value = {
        "\u20ac": "Euro Sign",
        "\r": "Carriage Return",
        "\ufb33": "Hebrew Letter Dalet With Dagesh",
        "1": "One",
        "\U0001f600": "Emoji: Grinning Face",
        "\x80": "Control",
        "\u00f6": "Latin Small Letter O With Diaeresis",
    }
    assert list(json.loads(canonical_json(value)).values()) == [
        "Carriage Return",
        "One",
        "Control",
        "Latin Small Letter O With Diaeresis",
        "Hebrew Letter Dalet With Dagesh",
        "Euro Sign",
        "Emoji: Grinning Face",
    ]
    assert "\u05d3\u05bc" in json.loads(canonical_json(value))


def test_strings_and_keys_are_normalised_to_nfc():
    decomposed = unicodedata.normalize("NFD", "Şuşa Գյումրի ə é")
    assert decomposed != unicodedata.normalize("NFC", decomposed)
    encoded = canonical_json({decomposed: decomposed})
    nfc = unicodedata.normalize("NFC", decomposed)
    assert encoded == json.dumps({nfc: nfc}, ensure_ascii=False, separators=(",", ":")).encode()


def test_keys_that_become_equal_under_nfc_are_refused():
    with pytest.raises(CanonicalError, match="same after NFC"):
        canonical_json({"e\u0301": 1, "\u00e9": 2})


def test_tuples_encode_as_arrays():
    assert canonical_json((1, "a")) == b'[1,"a"]'


@pytest.mark.parametrize("number", [1.0, 0.5, float("nan"), float("inf")])
def test_floats_are_refused_with_a_clear_error(number):
    with pytest.raises(CanonicalError, match=r"\$\.score: floats are not allowed"):
        canonical_json({"score": number})


@pytest.mark.parametrize("number", [MAX_SAFE_INTEGER + 1, -MAX_SAFE_INTEGER - 1, 10**30])
def test_integers_beyond_what_javascript_holds_exactly_are_refused(number):
    with pytest.raises(CanonicalError, match=r"\$\.n\[1\]: integer .* outside"):
        canonical_json({"n": [0, number]})


@pytest.mark.parametrize("key", [1, None, b"k", ("a",)])
def test_non_string_keys_are_refused(key):
    with pytest.raises(CanonicalError, match="keys must be strings"):
        canonical_json({key: 1})


@pytest.mark.parametrize("value", [b"bytes", {1, 2}, object(), 1j])
def test_other_types_are_refused(value):
    with pytest.raises(CanonicalError, match="no canonical JSON form"):
        canonical_json([value])


def test_unpaired_surrogates_are_refused():
    with pytest.raises(CanonicalError, match="unpaired surrogate"):
        canonical_json({"k": "\ud800"})


def test_nesting_beyond_the_limit_is_refused():
    value: list = []
    for _ in range(100):
        value = [value]
    with pytest.raises(CanonicalError, match="nested deeper"):
        canonical_json(value)


@given(json_values)
def test_canonical_bytes_parse_back_to_the_same_bytes(value):
    encoded = canonical_json(value)
    assert canonical_json(parse_canonical(encoded)) == encoded


def test_parsing_returns_the_value():
    assert parse_canonical(b'{"a":[1,"\xc3\xa7",null,true]}') == {"a": [1, "ç", None, True]}


@pytest.mark.parametrize(
    "data",
    [
        b'{"b":1,"a":2}',  # keys out of order
        b'{"a": 1}',  # insignificant whitespace
        b'{"a":1}\n',  # trailing newline
        b'\xef\xbb\xbf{"a":1}',  # byte order mark
        b'"\\u00e9"',  # escaped where a raw character belongs
        b'"\\/"',  # needless escape
        b'"\\u001F"',  # upper-case hex escape
        '"e\u0301"'.encode(),  # not NFC
        b"-0",  # negative zero
        b"1.0",  # a float, even a whole one
        b"1e3",  # exponent
        b"NaN",
        b'{"a":1,"a":1}',  # duplicate key
        b"9007199254740992",  # beyond 2**53 - 1
        b'"\\ud800"',  # unpaired surrogate
        b"\xff",  # not UTF-8
        b"",
        b"[" * 100 + b"]" * 100,
        b"[" * 5000 + b"]" * 5000,
    ],
)
def test_bytes_that_are_not_exactly_canonical_are_refused(data):
    with pytest.raises(CanonicalError):
        parse_canonical(data)
