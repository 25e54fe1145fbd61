"""The entries of a record as readers see them: each sealed value opened, or "withdrawn: <rule>".

The apps above (moderation, joint, translations, the record's pages) read entries through these.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.utils.translation import gettext as _

from parley.ledger.models import Opening, RecordEntry
from parley.record.sealing import WITHDRAWN_TYPE, replace_at, sealed_paths

_rule_labellers: list[Callable[[str], str]] = []


def register_rule_labeller(labeller: Callable[[str], str]) -> None:
    """The moderation app names its rules here (the ledger imports no app above it)."""
    _rule_labellers[:] = [labeller]


def withdrawn_text(rule: str) -> str:
    """What readers see in place of a withdrawn value: "withdrawn: <rule>"."""
    label = _rule_labellers[0](rule) if _rule_labellers else rule
    return _("withdrawn: %(rule)s") % {"rule": label}


def openings_of(dialogue_id: int, seqs: Iterable[int]) -> dict[int, dict[str, Opening]]:
    """The Opening rows of the entries SEQS, by seq and path."""
    found: dict[int, dict[str, Opening]] = {}
    for row in Opening.objects.filter(dialogue_id=dialogue_id, seq__in=list(seqs)):
        found.setdefault(row.seq, {})[row.path] = row
    return found


def withdrawal_rules(dialogue_id: int) -> dict[int, str]:
    """The rule of each `text.withdrawn` entry of the dialogue, by seq."""
    rows = RecordEntry.objects.filter(dialogue_id=dialogue_id, type=WITHDRAWN_TYPE).values_list("seq", "data")
    return {seq: str(json.loads(bytes(data))["payload"].get("rule", "")) for seq, data in rows}


def opened(entry: dict[str, Any], openings: Mapping[str, Opening], rules: Mapping[int, str]) -> dict[str, Any]:
    """ENTRY as readers see it: each sealed value replaced by its value, or "withdrawn: <rule>"."""
    for path, _digest in sealed_paths(entry):
        row = openings.get(path)
        if row is None:
            value: Any = None
        elif row.withdrawn_by_seq is not None:
            value = withdrawn_text(rules.get(row.withdrawn_by_seq, ""))
        else:
            value = row.value
        entry = replace_at(entry, path, value)
    return entry


def opened_entries(dialogue_id: int, rows: Iterable[RecordEntry]) -> list[dict[str, Any]]:
    """The entries of ROWS, parsed, with their sealed values opened (see `opened`)."""
    parsed = [json.loads(bytes(row.data)) for row in rows]
    openings = openings_of(dialogue_id, [e["seq"] for e in parsed])
    rules = (
        withdrawal_rules(dialogue_id) if any(r.withdrawn_by_seq for o in openings.values() for r in o.values()) else {}
    )
    return [opened(e, openings.get(e["seq"], {}), rules) for e in parsed]
