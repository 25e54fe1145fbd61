"""Canonical JSON for record entries, in the style of RFC 8785 (JCS).

Every entry is hashed as bytes, so the same value must always give the same bytes, in any
implementation. The rules: object keys sorted by their UTF-16 code units, no insignificant
whitespace, UTF-8, every string (keys too) in Unicode NFC, and only the values a record needs —
objects with string keys, arrays, strings, integers within ±(2**53 - 1), booleans and null.
Floats are refused rather than rounded: two languages print the same float differently, so
analysis results enter the record as hashes, never as numbers with fractions.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any, NoReturn, TypeAlias

# JavaScript's Number.MAX_SAFE_INTEGER: beyond it a browser verifier would silently round.
MAX_SAFE_INTEGER = 2**53 - 1
_SAFE_DIGITS = len(str(MAX_SAFE_INTEGER))

# The most digits an integer may have in the other JSON files a bundle holds (checkpoints, analysis):
# far beyond any count or id they carry, far below Python's 4,300-digit conversion limit.
MAX_INTEGER_DIGITS = 64

# The JSON nesting a record payload may use; deeper input is refused with a clear error instead
# of exhausting the interpreter's recursion limit.
MAX_DEPTH = 64

JSONValue: TypeAlias = "bool | int | str | list[JSONValue] | dict[str, JSONValue] | None"


class CanonicalError(ValueError):
    """A value that has no canonical JSON form, or bytes that are not canonical JSON."""


def canonical_json(value: Any) -> bytes:
    """Return the canonical JSON bytes of VALUE, or raise CanonicalError naming the bad part."""
    parts: list[str] = []
    _encode(value, "$", 0, parts)
    text = "".join(parts)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as error:
        # Only a lone surrogate can get here; name where it is.
        bad = text[error.start : error.end]
        raise CanonicalError(f"string contains an unpaired surrogate {bad!r}, which is not valid UTF-8") from None


def parse_canonical(data: bytes) -> JSONValue:
    """Parse DATA and return its value; raise CanonicalError unless DATA is exactly canonical."""
    found = _parse_plain(data)
    if found is not _NOT_PLAIN:
        return found  # type: ignore[return-value]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CanonicalError(f"not valid UTF-8 at byte {error.start}") from None
    try:
        value = json.loads(
            text,
            object_pairs_hook=_refuse_duplicate_keys,
            parse_float=_refuse_float,
            parse_int=_safe_integer,
            parse_constant=_refuse_constant,
        )
    except RecursionError:
        raise CanonicalError(f"nested deeper than {MAX_DEPTH} levels") from None
    except json.JSONDecodeError as error:
        raise CanonicalError(f"not JSON: {error.msg} at character {error.pos}") from None
    if canonical_json(value) != data:
        raise CanonicalError("valid JSON but not in canonical form (key order, spacing, escapes or normalisation)")
    return value


_NOT_PLAIN = object()
# The compact, key-sorted JSON that json's C encoder writes: for ASCII text it is the canonical form.
_COMPACT = json.JSONEncoder(
    ensure_ascii=False, check_circular=False, allow_nan=False, sort_keys=True, separators=(",", ":")
)


def _parse_plain(data: bytes) -> JSONValue | object:
    """Return the value of DATA when it is plainly canonical, else _NOT_PLAIN (then parse it closely).

    A record's lines are ASCII nearly always. For ASCII text the canonical form is what json's
    C encoder writes with sorted keys and no spaces: every string is already NFC, code-point
    order is UTF-16 order, and both escape the same characters the same way. So a line that
    parses, holds no float and no integer beyond ±(2**53 - 1), nests no deeper than MAX_DEPTH
    (it has no more openers than that) and re-encodes to its own bytes is canonical, and its
    value is the one the close parse gives; any other line goes to the close parse, which refuses
    it with its reason. A duplicate key re-encodes shorter, so it never passes here.
    """
    if not data.isascii() or data.count(b"{") + data.count(b"[") > MAX_DEPTH:
        return _NOT_PLAIN
    text = data.decode("ascii")
    try:
        value = json.loads(text, parse_float=_refuse_float, parse_int=_plain_integer, parse_constant=_refuse_constant)
    except (ValueError, RecursionError):  # CanonicalError and JSONDecodeError are ValueErrors
        return _NOT_PLAIN
    if _COMPACT.encode(value) != text:
        return _NOT_PLAIN
    return value


def _plain_integer(text: str) -> int:
    if len(text) > _SAFE_DIGITS + 1:
        raise CanonicalError("too long")
    value = int(text)
    if not -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER:
        raise CanonicalError("out of range")
    return value


def load_json(data: bytes | str) -> Any:
    """Parse JSON from an untrusted file, as json.loads does, but within limits.

    Raise json.JSONDecodeError (a ValueError) for bytes that are not UTF-8, JSON nested too deep
    for the parser, and integers of more than MAX_INTEGER_DIGITS digits, so that callers catching
    malformed JSON catch these too; json.loads itself raises RecursionError for the first and a
    bare ValueError about Python's integer conversion limit for a 5,000-digit number.
    """
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise json.JSONDecodeError(f"not valid UTF-8 at byte {error.start}", "", 0) from None
    else:
        text = data
    try:
        return json.loads(text, parse_int=_bounded_integer)
    except _TooLong as error:
        problem = f"an integer of {error.digits} digits (at most {MAX_INTEGER_DIGITS})"
        raise json.JSONDecodeError(problem, "", 0) from None
    except RecursionError:
        raise json.JSONDecodeError("nested too deeply", "", 0) from None


class _TooLong(Exception):
    def __init__(self, digits: int) -> None:
        super().__init__(digits)
        self.digits = digits


def _bounded_integer(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_INTEGER_DIGITS:
        raise _TooLong(digits)
    return int(text)


def _safe_integer(text: str) -> int:
    # Count digits before converting: int() of a 5,000-digit string raises Python's own ValueError
    # about its conversion limit, and anything beyond 16 digits is outside ±(2**53 - 1) anyway.
    digits = len(text.lstrip("-"))
    if digits > _SAFE_DIGITS:
        shown = text if len(text) <= 20 else f"{text[:20]}…"
        raise CanonicalError(f"integer {shown} of {digits} digits is outside ±(2**53 - 1)")
    return int(text)


def _encode(value: Any, path: str, depth: int, out: list[str]) -> None:
    if depth > MAX_DEPTH:
        raise CanonicalError(f"{path}: nested deeper than {MAX_DEPTH} levels")
    # bool first: in Python it is a subclass of int.
    if value is None or isinstance(value, bool):
        out.append({None: "null", True: "true", False: "false"}[value])
    elif isinstance(value, int):
        if not -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER:
            raise CanonicalError(
                f"{path}: integer {value} is outside ±(2**53 - 1); "
                "JavaScript cannot represent it exactly, encode it as a string"
            )
        out.append(str(int(value)))
    elif isinstance(value, float):
        raise CanonicalError(f"{path}: floats are not allowed ({value!r}); use an integer, a string or a hash")
    elif isinstance(value, str):
        out.append(_string(value))
    elif isinstance(value, Mapping):
        _encode_object(value, path, depth, out)
    elif isinstance(value, Sequence) and not isinstance(value, bytes | bytearray):
        out.append("[")
        for index, item in enumerate(value):
            if index:
                out.append(",")
            _encode(item, f"{path}[{index}]", depth + 1, out)
        out.append("]")
    else:
        raise CanonicalError(f"{path}: values of type {type(value).__name__} have no canonical JSON form")


def _encode_object(value: Mapping[Any, Any], path: str, depth: int, out: list[str]) -> None:
    members: dict[str, Any] = {}
    for key, item in value.items():
        if not isinstance(key, str):
            raise CanonicalError(f"{path}: object keys must be strings, not {type(key).__name__} ({key!r})")
        normal = unicodedata.normalize("NFC", key)
        if normal in members:
            raise CanonicalError(f"{path}: two keys are the same after NFC normalisation ({normal!r})")
        members[normal] = item
    out.append("{")
    # RFC 8785 section 3.2.3: compare keys as arrays of UTF-16 code units. Big-endian UTF-16
    # bytes compare in exactly that order; Python's own str order (code points) differs for
    # characters above U+FFFF.
    for index, key in enumerate(sorted(members, key=_utf16_units)):
        if index:
            out.append(",")
        out.append(_string(key))
        out.append(":")
        _encode(members[key], f"{path}.{key}", depth + 1, out)
    out.append("}")


def _utf16_units(key: str) -> bytes:
    return key.encode("utf-16-be", "surrogatepass")


def _string(value: str) -> str:
    # json.dumps with ensure_ascii off escapes exactly what RFC 8785 escapes: quote, backslash,
    # and control characters below U+0020 (\b \t \n \f \r short forms, else \u00xx lowercase).
    return json.dumps(unicodedata.normalize("NFC", value), ensure_ascii=False)


def _refuse_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, item in pairs:
        if key in result:
            raise CanonicalError(f"duplicate object key {key!r}")
        result[key] = item
    return result


def _refuse_float(text: str) -> NoReturn:
    raise CanonicalError(f"number {text} is not an integer; floats are not allowed")


def _refuse_constant(text: str) -> NoReturn:
    raise CanonicalError(f"{text} is not JSON")
