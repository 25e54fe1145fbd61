"""Salted commitments to the private values of record entries, and the openings that reveal them.

An entry never holds a private value (a statement's text, a pseudonym, a free-text reason) in the
clear: it holds `{"commitment": "<64 hex>"}`, the SHA-256 of a fixed prefix, 16 random bytes of
salt and the value's canonical JSON. The value and its salt travel beside the entry as an
*opening* (`openings.jsonl` in a bundle). The salt makes short values (a pseudonym, "yes") as
unguessable from the hash as long ones. An opening can be withdrawn, by a later `text.withdrawn`
entry both sides approved: value and salt are deleted, the commitment stays, and nothing in the
record changes.

A sealed value's place in its entry is a path of keys joined by "/" (JSON-pointer style, with
"~0" for "~" and "~1" for "/"): `payload/text`, `payload/translations/hy`, `actor/handle`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import secrets
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from parley.record.canonical import CanonicalError, canonical_json, parse_canonical
from parley.record.entries import TEXT_WITHDRAWN

PREFIX = b"parley-commitment-v1\x00"
SALT_BYTES = 16
OPENINGS = "openings.jsonl"
WITHDRAWN_TYPE = TEXT_WITHDRAWN
_HEX64 = re.compile(r"[0-9a-f]{64}")


class SealingError(ValueError):
    """An opening that does not fit its commitment, or an openings file that cannot be read."""


class MissingOpening(SealingError):
    """A sealed value with no opening at all."""


def commitment(value: Any, salt: bytes) -> str:
    """Return the lowercase hex SHA-256 commitment to VALUE under SALT."""
    if len(salt) != SALT_BYTES:
        raise SealingError(f"a salt is {SALT_BYTES} bytes, not {len(salt)}")
    return hashlib.sha256(PREFIX + salt + canonical_json(value)).hexdigest()


def seal(value: Any, salt: bytes | None = None) -> tuple[dict[str, str], bytes]:
    """Return the sealed object that stands for VALUE in an entry, and the fresh salt that opens it."""
    salt = secrets.token_bytes(SALT_BYTES) if salt is None else salt
    return {"commitment": commitment(value, salt)}, salt


def is_sealed(obj: object) -> bool:
    """Tell whether OBJ is a sealed value: an object with only a well-formed `commitment`."""
    return (
        isinstance(obj, Mapping)
        and set(obj) == {"commitment"}
        and isinstance(obj["commitment"], str)
        and _HEX64.fullmatch(obj["commitment"]) is not None
    )


def open_value(sealed: Mapping[str, Any], value: Any, salt: bytes) -> bool:
    """Tell whether VALUE under SALT is what SEALED commits to."""
    try:
        return is_sealed(sealed) and commitment(value, salt) == sealed["commitment"]
    except (CanonicalError, SealingError):
        return False


def sealed_paths(entry: Any) -> Iterator[tuple[str, str]]:
    """Yield (path, commitment) for every sealed value in ENTRY, in path order."""
    found: list[tuple[str, str]] = []
    _walk(entry, "", found)
    yield from sorted(found)


def _walk(node: Any, path: str, found: list[tuple[str, str]]) -> None:
    # Only containers can be or hold a sealed value: scalars are skipped without building their path,
    # which keeps this cheap on the many small entries (votes) of a large record.
    if isinstance(node, Mapping):
        if len(node) == 1 and is_sealed(node):
            found.append((path, node["commitment"]))
            return
        for key, child in node.items():
            if isinstance(child, Mapping | list):
                _walk(child, join(path, str(key)), found)
    elif isinstance(node, list):
        for index, child in enumerate(node):
            if isinstance(child, Mapping | list):
                _walk(child, join(path, str(index)), found)


def join(path: str, key: str) -> str:
    step = key.replace("~", "~0").replace("/", "~1")
    return f"{path}/{step}" if path else step


def split(path: str) -> list[str]:
    return [part.replace("~1", "/").replace("~0", "~") for part in path.split("/")]


def replace_at(entry: Any, path: str, value: Any) -> Any:
    """Return a copy of ENTRY with the value at PATH replaced by VALUE (containers on the way copied)."""
    parts = split(path)

    def step(node: Any, depth: int) -> Any:
        if depth == len(parts):
            return value
        key = parts[depth]
        if isinstance(node, Mapping):
            return {**node, key: step(node[key], depth + 1)}
        index = int(key)
        return [*node[:index], step(node[index], depth + 1), *node[index + 1 :]]

    return step(entry, 0)


@dataclass(frozen=True)
class Opening:
    """What opens one sealed value: its value and salt, or the entry that withdrew them."""

    seq: int
    path: str
    value: Any = None
    salt: bytes | None = None
    withdrawn: int | None = None

    def to_dict(self) -> dict[str, Any]:
        if self.withdrawn is not None:
            return {"path": self.path, "seq": self.seq, "withdrawn": self.withdrawn}
        assert self.salt is not None, "an opening that is not withdrawn has a salt"
        return {
            "path": self.path,
            "salt": base64.b64encode(self.salt).decode("ascii"),
            "seq": self.seq,
            "value": self.value,
        }


def openings_jsonl(openings: Sequence[Opening]) -> bytes:
    """Return the one byte form of openings.jsonl: a canonical JSON line per opening, by (seq, path)."""
    ordered = sorted(openings, key=lambda o: (o.seq, o.path))
    return b"".join(canonical_json(o.to_dict()) + b"\n" for o in ordered)


def read_openings(data: bytes) -> list[Opening]:
    """Parse openings.jsonl; raise SealingError naming the line that is not an opening."""
    if data and not data.endswith(b"\n"):
        raise SealingError(f"{OPENINGS}: the last line does not end in a newline")
    openings = []
    for number, line in enumerate(data.split(b"\n")[:-1], start=1):
        where = f"{OPENINGS} line {number}"
        try:
            item: Any = parse_canonical(line)
        except CanonicalError as error:
            raise SealingError(f"{where}: {error}") from None
        if not isinstance(item, dict) or not isinstance(item.get("seq"), int) or not isinstance(item.get("path"), str):
            raise SealingError(f"{where}: an opening names its entry's seq and the path of its value")
        if set(item) == {"path", "seq", "withdrawn"} and isinstance(item["withdrawn"], int):
            openings.append(Opening(item["seq"], item["path"], withdrawn=item["withdrawn"]))
            continue
        if set(item) != {"path", "salt", "seq", "value"} or not isinstance(item["salt"], str):
            raise SealingError(f"{where}: an opening has path, salt, seq and value, or path, seq and withdrawn")
        try:
            salt = base64.b64decode(item["salt"], validate=True)
        except (binascii.Error, ValueError):
            raise SealingError(f"{where}: the salt is not base64") from None
        if len(salt) != SALT_BYTES:
            raise SealingError(f"{where}: the salt is {len(salt)} bytes, not {SALT_BYTES}")
        openings.append(Opening(item["seq"], item["path"], item["value"], salt))
    return openings


def opened(entry: Any, openings: Mapping[str, Opening]) -> Any:
    """Return ENTRY with each sealed value replaced by its opened value, or by None where withdrawn or
    unopened. The caller checks the openings first (`check_openings`); this only substitutes."""
    return open_entry(entry, openings)[0]


def open_entry(entry: Any, openings: Mapping[str, Opening]) -> tuple[Any, int]:
    """Return ENTRY opened as `opened` does, and how many sealed values it holds, in one pass that
    copies only the containers on the way to a sealed value (ENTRY itself is left as it is)."""
    count = 0

    def visit(node: Any, path: str) -> Any:
        nonlocal count
        if isinstance(node, Mapping):
            if len(node) == 1 and is_sealed(node):
                count += 1
                opening = openings.get(path)
                return opening.value if opening is not None and opening.withdrawn is None else None
            items: Any = node.items()
        elif isinstance(node, list):
            items = enumerate(node)
        else:
            return node
        changed: dict[Any, Any] = {}
        for key, child in items:
            if isinstance(child, Mapping | list):
                new = visit(child, join(path, str(key)))
                if new is not child:
                    changed[key] = new
        if not changed:
            return node
        if isinstance(node, list):
            return [changed.get(i, child) for i, child in enumerate(node)]
        return {**node, **changed}

    result = visit(entry, "")
    return result, count


@dataclass(frozen=True)
class OpeningsCheck:
    """What `check_openings` established: the openings by entry, and which values were withdrawn."""

    by_seq: Mapping[int, Mapping[str, Opening]]
    sealed: int
    withdrawn: int
    withdrawn_by: tuple[int, ...]

    @property
    def summary(self) -> str:
        """One line for a person: how many sealed values, opened, and withdrawn by which entries."""
        if not self.sealed:
            return ""
        line = f"{self.sealed} sealed values: {self.sealed - self.withdrawn} opened and matching their commitments"
        if self.withdrawn:
            by = ", ".join(map(str, self.withdrawn_by))
            word = "entry" if len(self.withdrawn_by) == 1 else "entries"
            line += f"; {self.withdrawn} withdrawn by {word} {by}"
        return line


def check_openings(entries: Sequence[Mapping[str, Any]], openings: Sequence[Opening]) -> OpeningsCheck:
    """Check OPENINGS against the sealed values of ENTRIES (parsed, in seq order).

    Every sealed value needs exactly one opening: one whose value and salt give its commitment,
    or one withdrawn by a later `text.withdrawn` entry that names it. Openings of nothing fail,
    and so do withdrawals of values that are not sealed. Raise SealingError naming the entry.
    """
    by_key: dict[tuple[int, str], Opening] = {}
    for opening in openings:
        key = (opening.seq, opening.path)
        if key in by_key:
            raise SealingError(f"{OPENINGS}: entry {opening.seq}'s {opening.path} is opened twice")
        by_key[key] = opening
    withdrawals = _withdrawals(entries)
    by_seq: dict[int, dict[str, Opening]] = {}
    sealed = withdrawn = 0
    withdrawn_by: set[int] = set()
    for entry in entries:
        seq = entry["seq"]
        for path, digest in sealed_paths(entry):
            sealed += 1
            found = by_key.pop((seq, path), None)
            if found is None:
                raise MissingOpening(f"entry {seq}: {path} has no opening in {OPENINGS}, and no entry withdrew it")
            opening = found
            if opening.withdrawn is not None:
                if withdrawals.get((seq, path)) != opening.withdrawn:
                    raise SealingError(
                        f"entry {seq}: {path} is withdrawn in {OPENINGS}, but no later {WITHDRAWN_TYPE} entry "
                        f"{opening.withdrawn} names it"
                    )
                withdrawn += 1
                withdrawn_by.add(opening.withdrawn)
            else:
                if (seq, path) in withdrawals:
                    raise SealingError(
                        f"entry {seq}: {path} was withdrawn by entry {withdrawals[seq, path]}, "
                        f"yet {OPENINGS} still opens it"
                    )
                if opening.salt is None or not open_value({"commitment": digest}, opening.value, opening.salt):
                    raise SealingError(f"entry {seq}: {path} does not match its commitment")
            by_seq.setdefault(seq, {})[path] = opening
    for seq, path in sorted(by_key):
        raise SealingError(f"{OPENINGS}: opens entry {seq}'s {path}, which is not a sealed value of the record")
    sealed_keys = {(e["seq"], p) for e in entries for p, _ in sealed_paths(e)} if withdrawals else set()
    for (seq, path), by in sorted(withdrawals.items()):
        if (seq, path) not in sealed_keys:
            raise SealingError(f"entry {by}: withdraws entry {seq}'s {path}, which is not a sealed value")
    return OpeningsCheck(by_seq, sealed, withdrawn, tuple(sorted(withdrawn_by)))


def _withdrawals(entries: Sequence[Mapping[str, Any]]) -> dict[tuple[int, str], int]:
    """(seq, path) -> the `text.withdrawn` entry that withdrew it; only earlier entries can be named."""
    found: dict[tuple[int, str], int] = {}
    for entry in entries:
        if entry.get("type") != WITHDRAWN_TYPE:
            continue
        seq = entry["seq"]
        payload = entry.get("payload")
        items = payload.get("openings") if isinstance(payload, Mapping) else None
        if not isinstance(items, list):
            raise SealingError(f"entry {seq}: a {WITHDRAWN_TYPE} entry lists the openings it withdraws")
        for item in items:
            if (
                not isinstance(item, list)
                or len(item) != 2
                or not isinstance(item[0], int)
                or isinstance(item[0], bool)
                or not isinstance(item[1], str)
            ):
                raise SealingError(f"entry {seq}: every withdrawn opening is a [seq, path] pair")
            if not 0 <= item[0] < seq:
                raise SealingError(f"entry {seq}: withdraws entry {item[0]}, which is not an earlier entry")
            found.setdefault((item[0], item[1]), seq)
    return found
