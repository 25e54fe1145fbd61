"""The checkpoints' pages and API, and the co-chairs' signing page (in the record's URL namespace)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from parley.checkpoints import actions, queries, signing
from parley.checkpoints.models import Checkpoint
from parley.dialogues import queries as dialogue_queries
from parley.dialogues.access import ActionError, access_dialogue, check_cochair
from parley.ratelimit.limits import check_rate
from parley.record import keys


@require_GET
def checkpoints(request: HttpRequest, slug: str) -> HttpResponse:
    dialogue, member = access_dialogue(request, slug)
    return render(
        request,
        "checkpoints/checkpoints.html",
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
        "checkpoints/signing.html",
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


@require_GET
def api_checkpoints(request: HttpRequest, slug: str) -> JsonResponse:
    dialogue, _member = access_dialogue(request, slug)
    rows = Checkpoint.objects.filter(dialogue=dialogue).prefetch_related("signatures").order_by("tree_size")
    return JsonResponse({"checkpoints": [queries.signed_checkpoint_dict(c) for c in rows]})
