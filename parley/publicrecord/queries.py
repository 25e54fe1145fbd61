"""The public record as plain dicts: entries with their openings and proofs, a page of the record."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.utils.translation import pgettext

from parley.checkpoints.actions import record_tree
from parley.checkpoints.models import Checkpoint
from parley.checkpoints.queries import checkpoint_dict
from parley.dialogues import codes
from parley.dialogues.models import Dialogue
from parley.dialogues.queries import active_language
from parley.ledger import log
from parley.ledger.models import Opening, RecordEntry
from parley.ledger.openings import opened, openings_of, withdrawal_rules, withdrawn_text
from parley.ledger.tree import record_size
from parley.publicrecord import sentences
from parley.record.entries import STATEMENT_SUBMITTED
from parley.record.sealing import sealed_paths, split

PAGE_SIZE = 50


def opening_dict(row: Opening, rules: Mapping[int, str]) -> dict[str, Any]:
    """One opening as the API gives it: value and base64 salt, or the entry that withdrew it."""
    if row.withdrawn_by_seq is not None:
        return {
            "path": row.path,
            "withdrawn": row.withdrawn_by_seq,
            "text": withdrawn_text(rules.get(row.withdrawn_by_seq, "")),
        }
    return {"path": row.path, "value": row.value, "salt": base64.b64encode(bytes(row.salt or b"")).decode("ascii")}


def entry_dict(
    entry: RecordEntry, openings: Mapping[str, Opening] | None = None, rules: Mapping[int, str] | None = None
) -> dict[str, Any]:
    """The entry with its sealed values opened for readers, and its exact canonical bytes."""
    data = bytes(entry.data)
    parsed = json.loads(data)
    shown = opened(parsed, openings or {}, rules or {})
    return {
        "seq": entry.seq,
        "type": entry.type,
        "time": entry.created_at,
        "entry": shown,
        "sealed": [
            {"path": path, "value": _value_at(shown, path), "lang": _language_at(shown, path)}
            for path, _digest in sealed_paths(parsed)
        ],
        "canonical": data.decode("utf-8"),
        "leaf_hash": bytes(entry.leaf_hash).hex(),
    }


def _value_at(entry: Any, path: str) -> Any:
    for part in split(path):
        entry = entry[part] if isinstance(entry, Mapping) else entry[int(part)]
    return entry


def _language_at(entry: Any, path: str) -> str:
    """The language of the text at PATH, for its `lang`: a key named after a language, or the
    `language` beside it ("" when neither says)."""
    parts = split(path)
    if parts and parts[-1] in dict(settings.LANGUAGES):
        return str(parts[-1])
    parent = entry
    for part in parts[:-1]:
        parent = parent[part] if isinstance(parent, Mapping) else parent[int(part)]
    language = parent.get("language") if isinstance(parent, Mapping) else None
    return language if isinstance(language, str) and language in dict(settings.LANGUAGES) else ""


def record_page(
    dialogue: Dialogue,
    *,
    page: int = 1,
    kinds: Iterable[str] = (),
    entry_type: str = "",
    day: date | None = None,
    seq: int | None = None,
) -> dict[str, Any]:
    """One page of entries, newest first, each told in a sentence and with its inclusion proof in the
    latest checkpoint. KINDS (see `sentences.KINDS`) or ENTRY_TYPE narrow the entries; DAY or SEQ
    choose the page that holds the newest entry of that day (UTC), or entry SEQ."""
    entries = RecordEntry.objects.filter(dialogue=dialogue)
    counts = log.type_counts(dialogue.pk)
    present = set(counts)
    kinds = [k for k in kinds if k in sentences.KINDS]
    filtered = bool(kinds or entry_type)
    if kinds:
        wanted = [t for k in kinds for t in sentences.KINDS[k][1]]
        if "other" in kinds:
            wanted += [t for t in present if t not in sentences.KIND_OF_TYPE]
        entries = entries.filter(type__in=wanted)
    elif entry_type:
        wanted = [entry_type]
        entries = entries.filter(type=entry_type)
    # From the appender's counts, not a count of every entry (2.1M entries: 0.6 s on PostgreSQL).
    total = sum(counts.get(t, 0) for t in set(wanted)) if filtered else record_size(dialogue.pk)

    def newer_than(target: int) -> int:
        # Unfiltered, the entries after TARGET are the seqs above it: no count needed.
        return entries.filter(seq__gt=target).count() if filtered else total - 1 - target

    pages = max(1, -(-total // PAGE_SIZE))
    target = None
    if day is not None:
        before = entries if day == date.max else entries.filter(created_at__lt=_day_after(day))
        target = before.order_by("-seq").values_list("seq", flat=True).first()
        page = pages if target is None else newer_than(target) // PAGE_SIZE + 1
    elif seq is not None and entries.filter(seq=seq).exists():
        target, page = seq, newer_than(seq) // PAGE_SIZE + 1
    page = min(max(page, 1), pages)
    rows = list(entries.order_by("-seq")[(page - 1) * PAGE_SIZE : page * PAGE_SIZE])
    latest = Checkpoint.objects.filter(dialogue=dialogue).order_by("-tree_size").first()
    tree = record_tree(dialogue.pk, latest.tree_size) if latest and rows else None
    if tree is not None:
        # Every proof on the page from one fetch of the O(log n) stored subtrees each needs.
        tree.prefetch(*(lambda t, seq=row.seq: t.inclusion_proof(seq) for row in rows if row.seq < tree.size))
    openings = openings_of(dialogue.pk, [row.seq for row in rows])
    rules = withdrawal_rules(dialogue.pk)
    side_names = codes.side_names(dialogue.ordered_sides(), active_language())
    items = []
    for row in rows:
        item = entry_dict(row, openings.get(row.seq), rules)
        item["sentence"] = sentences.sentence(row.type, item["entry"], side_names)
        item["quote"] = _quote(row.type, item["entry"])
        if tree is not None and latest is not None and row.seq < latest.tree_size:
            item["proof"] = {
                "tree_size": latest.tree_size,
                "path": [h.hex() for h in tree.inclusion_proof(row.seq)],
            }
        else:
            item["proof"] = None
        items.append(item)
    kind_options = [
        {"code": code, "label": label(), "checked": code in kinds}
        for code, (label, types) in sentences.KINDS.items()
        if present.intersection(types)
    ]
    if any(t not in sentences.KIND_OF_TYPE for t in present):
        kind_options.append({"code": "other", "label": pgettext("record kind", "Other"), "checked": "other" in kinds})
    query = [("kind", k) for k in kinds] or ([("type", entry_type)] if entry_type else [])
    return {
        "entries": items,
        "kind_options": kind_options,
        "kinds": kinds,
        "type": entry_type,
        "filter_query": urlencode(query),
        "page": page,
        "pages": pages,
        "page_links": _page_links(page, pages),
        "target": target,
        "day": day,
        "total": total,
        "latest_checkpoint": checkpoint_dict(latest) if latest else None,
    }


def _day_after(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=UTC)


def _quote(entry_type: str, entry: Mapping[str, Any]) -> dict[str, str] | None:
    """A statement's text as the entry holds it (opened, or "withdrawn: <rule>"), with its language."""
    payload = entry.get("payload") or {}
    if entry_type != STATEMENT_SUBMITTED or not isinstance(payload.get("text"), str):
        return None
    return {"text": payload["text"], "lang": str(payload.get("language", ""))}


def _page_links(page: int, pages: int) -> list[int | None]:
    """The page numbers to link: the first, the last, and two either side of PAGE; None for a gap."""
    shown = sorted({1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)})
    links: list[int | None] = []
    for number in shown:
        if links and links[-1] is not None and number - links[-1] > 1:
            links.append(None)
        links.append(number)
    return links
