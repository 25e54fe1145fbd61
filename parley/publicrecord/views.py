"""The public record's pages and JSON API: anyone may read an open dialogue's record and check it."""

from __future__ import annotations

import base64
from datetime import date

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from parley.checkpoints import actions
from parley.dialogues import queries as dialogue_queries
from parley.dialogues.access import ActionError, access_dialogue
from parley.ledger.models import RecordEntry
from parley.ledger.tree import record_size
from parley.publicrecord import queries
from parley.record import MerkleError

MAX_API_ENTRIES = 1000


def _int(request: HttpRequest, name: str, default: int) -> int:
    try:
        return int(request.GET.get(name, default))
    except ValueError:
        raise ActionError(_("%(name)s must be a whole number.") % {"name": name}) from None


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


@require_GET
def record(request: HttpRequest, slug: str) -> HttpResponse:
    """The record, newest first: a page by number, by date (?date=YYYY-MM-DD) or by entry (?seq=N),
    narrowed to kinds of entry (?kind=votes&kind=moderation) or to one type (?type=vote.cast)."""
    dialogue, member = access_dialogue(request, slug)
    day, date_error = None, ""
    if request.GET.get("date"):
        try:
            day = date.fromisoformat(request.GET["date"].strip())
        except ValueError:
            date_error = _("Give the date as year-month-day, for example 2026-03-01.")
    seq = _int(request, "seq", -1) if request.GET.get("seq") else None
    context = queries.record_page(
        dialogue,
        page=_int(request, "page", 1) if request.GET.get("page") else 1,
        kinds=request.GET.getlist("kind"),
        entry_type=request.GET.get("type", ""),
        day=day,
        seq=seq,
    )
    context.update(dialogue=dialogue_queries.dialogue_dict(dialogue), member=member, date_error=date_error)
    return render(request, "publicrecord/record.html", context)


# --- JSON API ---------------------------------------------------------------------------------


@require_GET
def api_entries(request: HttpRequest, slug: str) -> JsonResponse:
    dialogue, _member = access_dialogue(request, slug)
    after = _int(request, "after", -1)
    limit = min(max(_int(request, "limit", 100), 1), MAX_API_ENTRIES)
    rows = RecordEntry.objects.filter(dialogue=dialogue, seq__gt=after)
    if request.GET.get("type"):
        rows = rows.filter(type=request.GET["type"])
    size = record_size(dialogue.pk)
    page = list(rows.order_by("seq")[:limit])
    openings = queries.openings_of(dialogue.pk, [r.seq for r in page])
    rules = queries.withdrawal_rules(dialogue.pk) if openings else {}
    entries = [
        {
            "seq": r.seq,
            "entry": bytes(r.data).decode("utf-8"),
            "leaf_hash": _b64(bytes(r.leaf_hash)),
            "openings": [queries.opening_dict(o, rules) for _path, o in sorted(openings.get(r.seq, {}).items())],
        }
        for r in page
    ]
    return JsonResponse({"size": size, "entries": entries}, json_dumps_params={"ensure_ascii": False})


@require_GET
def api_proof(request: HttpRequest, slug: str, seq: int) -> JsonResponse:
    dialogue, _member = access_dialogue(request, slug)
    tree = actions.record_tree(dialogue.pk)
    size = _int(request, "size", tree.size)
    try:
        path = tree.inclusion_proof(seq, size)
        root = tree.root(size)
    except MerkleError as error:
        raise ActionError(str(error)) from None
    return JsonResponse(
        {
            "seq": seq,
            "tree_size": size,
            "root_hash": _b64(root),
            "leaf_hash": _b64(tree.leaf_hash(seq)),
            "path": [_b64(h) for h in path],
        }
    )


@require_GET
def api_consistency(request: HttpRequest, slug: str) -> JsonResponse:
    dialogue, _member = access_dialogue(request, slug)
    tree = actions.record_tree(dialogue.pk)
    old, new = _int(request, "from", 0), _int(request, "to", tree.size)
    try:
        proof = tree.consistency_proof(old, new)
        roots = (tree.root(old), tree.root(new))
    except MerkleError as error:
        raise ActionError(str(error)) from None
    return JsonResponse(
        {
            "from": old,
            "to": new,
            "from_root": _b64(roots[0]),
            "to_root": _b64(roots[1]),
            "proof": [_b64(h) for h in proof],
        }
    )
