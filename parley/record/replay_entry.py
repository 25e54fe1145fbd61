"""One record entry as replay's handlers read it: its fields, each checked for its type (pure, no Django)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from parley.record.state import ReplayError


@dataclass(frozen=True)
class _Entry:
    seq: int
    time: str
    actor: Any
    payload: Mapping[str, Any]

    def get(self, name: str, kind: type | tuple[type, ...]) -> Any:
        return _get(self.payload, name, kind, self.seq, "payload ")


def _get(data: Mapping[str, Any], name: str, kind: type | tuple[type, ...], seq: int, where: str = "") -> Any:
    value = data.get(name) if isinstance(data, Mapping) else None
    # bool is an int in Python, never in the record.
    if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _as_tuple(kind)):
        raise ReplayError(seq, f"{where}field {name!r} is missing or not a {_kind_name(kind)}")
    return value


def _as_tuple(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {int: "integer", str: "string", dict: "object", list: "list", bool: "boolean"}
    return " or ".join(names.get(k, k.__name__) for k in _as_tuple(kind))
