"""The public record's pages and JSON API: anyone may read an open dialogue's record and check it."""

from __future__ import annotations

import base64
from datetime import date

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from parley.dialogues import queries as dialogue_queries
from parley.dialogues.access import ActionError, access_dialogue, check_cochair
from parley.publicrecord import actions, queries, signing
from parley.publicrecord.models import Checkpoint, RecordEntry
from parley.publicrecord.tree import record_size
from parley.ratelimit.limits import check_rate
from parley.record import MerkleError, keys

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


@require_GET
def checkpoints(request: HttpRequest, slug: str) -> HttpResponse:
    dialogue, member = access_dialogue(request, slug)
    return render(
        request,
        "publicrecord/checkpoints.html",
        {
            "dialogue": dialogue_queries.dialogue_dict(dialogue),
            "member": member,
            "checkpoints": queries.checkpoints(dialogue),
            "server_fingerprint": keys.fingerprint(signing.server_public_key()),
        },
    )


@require_GET
def checkpoint_body(request: HttpRequest, slug: str, checkpoint_id: int) -> HttpResponse:
    """The exact bytes a co-chair signs, for `parley sign` on their own computer."""
    dialogue, _member = access_dialogue(request, slug)
    checkpoint = Checkpoint.objects.filter(pk=checkpoint_id, dialogue=dialogue).first()
    if checkpoint is None:
        raise Http404(_("There is no such checkpoint in this dialogue."))
    response = HttpResponse(bytes(checkpoint.body), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slug}-checkpoint-{checkpoint.tree_size}.txt"'
    return response


@require_http_methods(["GET", "POST"])
def signing_page(request: HttpRequest, slug: str) -> HttpResponse:
    """A co-chair registers their public key and co-signs checkpoints with their own private key."""
    dialogue, member = access_dialogue(request, slug)
    member = check_cochair(member)
    if request.method == "POST":
        check_rate(request, "signing", limit=20)
        try:
            if request.POST.get("action") == "register":
                actions.do_register_key(member, request.POST.get("public_key"))
                messages.success(request, _("Your public key is registered. Your private key stays with you."))
            elif request.POST.get("action") == "checkpoint":
                actions.do_make_checkpoint(dialogue.pk, by=member)
                messages.success(request, _("A new checkpoint is made and signed by the server. Co-sign it below."))
            else:
                actions.do_cosign_checkpoint(member, request.POST.get("checkpoint"), request.POST.get("signature"))
                messages.success(request, _("Your signature is checked and added to the checkpoint."))
        except ActionError as error:
            messages.error(request, error.message)
        return redirect("publicrecord:signing", slug=slug)
    key = actions.active_key(member)
    role = signing.cochair_role(member.side)
    waiting = [c for c in queries.checkpoints(dialogue) if all(s["role"] != role for s in c["signatures"])]
    return render(
        request,
        "publicrecord/signing.html",
        {
            "dialogue": dialogue_queries.dialogue_dict(dialogue),
            "member": member,
            "key": {"fingerprint": key.fingerprint, "public_key": keys.public_key_to_b64url(bytes(key.public_key))}
            if key
            else None,
            "waiting": waiting,
            "signing": queries.signing_status(dialogue, member),
            "on_signing_page": True,
        },
    )


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
def api_checkpoints(request: HttpRequest, slug: str) -> JsonResponse:
    dialogue, _member = access_dialogue(request, slug)
    rows = Checkpoint.objects.filter(dialogue=dialogue).prefetch_related("signatures").order_by("tree_size")
    return JsonResponse({"checkpoints": [queries.signed_checkpoint_dict(c) for c in rows]})


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
