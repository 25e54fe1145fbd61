"""Writes that make a dialogue: a dialogue with its sides, the site administrator's empty shell and
its first co-chairs' invitations."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parley.dialogues import access, tallies
from parley.dialogues.access import ActionError
from parley.dialogues.models import (
    LANGUAGE_CODES,
    Dialogue,
    Invite,
    Membership,
    Side,
)
from parley.dialogues.validation import (
    clean_handle,
    handle_key,
    new_token,
    texts_per_language,
    unique_slug,
)
from parley.lang import normalise_text
from parley.ledger import log
from parley.record.entries import DIALOGUE_CREATED, INVITE_CREATED, INVITE_REVOKED, MEMBERSHIP_JOINED
from parley.record.replay import cochair_role_for

MAX_INVITE_USES = 10_000
MAX_INVITE_DAYS = 365
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


# --- dialogues -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SideSpec:
    label: str
    name: dict[str, str]
    colour: str


@transaction.atomic
def do_create_dialogue(
    user: Any,
    *,
    title: dict[str, str],
    description: dict[str, str],
    languages: Sequence[str],
    sides: Sequence[SideSpec],
    my_side: int,
    handle: str,
    slug: str = "",
    status: str = Dialogue.Status.DRAFT,
    vote_visibility: str = Dialogue.VoteVisibility.AGGREGATE,
) -> tuple[Dialogue, Membership]:
    """Create a dialogue with two sides; its creator becomes the co-chair of MY_SIDE.

    Only vote totals are public unless VOTE_VISIBILITY says individual votes are.
    """
    if user is None or not user.is_authenticated:
        raise ActionError(_("Log in to create a dialogue."))
    # The creator becomes a co-chair: the site administrator only makes empty shells (do_create_shell).
    access.check_not_site_administrator(user)
    if my_side not in (0, 1):
        raise ActionError(_("Choose your side."), field="my_side")
    handle = clean_handle(handle)
    if vote_visibility not in Dialogue.VoteVisibility.values:
        raise ActionError(_("Choose what is public about votes."), field="vote_visibility")
    dialogue, created, entry = _new_dialogue(title, description, languages, sides, slug, status, vote_visibility)
    member = Membership.objects.create(
        dialogue=dialogue,
        side=created[my_side],
        handle=handle,
        handle_key=handle_key(handle),
        role=Membership.Role.COCHAIR,
        user=user,
        language=dialogue.languages[0],
    )
    log.append(dialogue.pk, DIALOGUE_CREATED, entry, actor=member)
    _record_joined(member)
    return dialogue, member


@transaction.atomic
def do_create_shell(
    user: Any,
    *,
    title: dict[str, str],
    description: dict[str, str],
    languages: Sequence[str],
    sides: Sequence[SideSpec],
    slug: str = "",
) -> tuple[Dialogue, list[str]]:
    """The site administrator's one power: an empty draft dialogue and an invitation for each
    side's first co-chair. Return the dialogue and the two invitation tokens (side order)."""
    if user is None or not user.is_authenticated or not user.is_superuser:
        raise PermissionDenied(_("Only the site administrator creates an empty dialogue for two co-chairs."))
    dialogue, created, entry = _new_dialogue(title, description, languages, sides, slug, Dialogue.Status.DRAFT)
    log.append(dialogue.pk, DIALOGUE_CREATED, {**entry, "shell": True})
    return dialogue, [_first_cochair_invite(dialogue, side) for side in created]


def _first_cochair_invite(dialogue: Dialogue, side: Side) -> str:
    """Invite SIDE's first co-chair for the site administrator (no actor); return the link's token."""
    token, token_hash = new_token()
    invite = Invite.objects.create(
        dialogue=dialogue,
        side=side,
        role=Membership.Role.COCHAIR,
        token_hash=token_hash,
        note=_("First co-chair"),
        created_by=None,
        expires_at=timezone.now() + timedelta(days=30),
        max_uses=1,
    )
    log.append(dialogue.pk, INVITE_CREATED, _invite_entry(invite, token_hash))
    return token


@transaction.atomic
def do_reissue_first_cochair_invite(user: Any, dialogue_id: int, side_id: object) -> str:
    """A new link for a side's first co-chair, made by the site administrator while that side has
    none (the earlier link lost or expired): the earlier links stop working. Return the new token."""
    dialogue = Dialogue.objects.select_for_update().filter(pk=dialogue_id).first()
    if dialogue is None:
        raise ActionError(_("There is no dialogue at this address."))
    side = access.check_can_reissue_first_cochair(user, dialogue, side_id)
    for earlier in Invite.objects.filter(
        dialogue=dialogue, side=side, role=Membership.Role.COCHAIR, created_by__isnull=True, revoked_at__isnull=True
    ):
        earlier.revoked_at = timezone.now()
        earlier.save(update_fields=["revoked_at"])
        log.append(dialogue.pk, INVITE_REVOKED, {"invite": earlier.pk, "reissued": True})
    return _first_cochair_invite(dialogue, side)


def _new_dialogue(
    title: dict[str, str],
    description: dict[str, str],
    languages: Sequence[str],
    sides: Sequence[SideSpec],
    slug: str,
    status: str,
    vote_visibility: str = Dialogue.VoteVisibility.AGGREGATE,
) -> tuple[Dialogue, list[Side], dict[str, Any]]:
    """Validate and create the dialogue and its two sides; return them with the record payload."""
    clean_title = texts_per_language(title, "title", 200, required=True)
    clean_description = texts_per_language(description, "description", 2000, required=False)
    clean_languages = [code for code in LANGUAGE_CODES if code in set(languages)]
    if not clean_languages:
        raise ActionError(_("Choose at least one language."), field="languages")
    if len(sides) != 2:
        raise ActionError(_("A dialogue has exactly two sides."), field="sides")
    labels = []
    for spec in sides:
        label = normalise_text(spec.label)
        if not 1 <= len(label) <= 12:
            raise ActionError(_("A side's short label has 1 to 12 characters."), field="sides")
        if not _COLOUR.match(spec.colour):
            raise ActionError(_("A colour looks like #1f77b4."), field="sides")
        labels.append(label)
    if labels[0].casefold() == labels[1].casefold():
        raise ActionError(_("The two sides need different labels."), field="sides")
    if cochair_role_for(labels[0], 0) == cochair_role_for(labels[1], 1):
        # Each side's co-chair signs under a role made of the label's letters and digits: they must differ.
        raise ActionError(_("The two sides' labels must differ in their letters or digits."), field="sides")
    dialogue = Dialogue.objects.create(
        slug=unique_slug(slug or clean_title.get("en") or next(iter(clean_title.values())), "dialogue"),
        title=clean_title,
        description=clean_description,
        languages=clean_languages,
        status=status,
        vote_visibility=vote_visibility,
    )
    created = []
    for position, (spec, label) in enumerate(zip(sides, labels, strict=True)):
        name = texts_per_language(spec.name, "sides", 100, required=False)
        created.append(
            Side.objects.create(dialogue=dialogue, position=position, label=label, name=name, colour=spec.colour)
        )
    entry = {
        "title": clean_title,
        "description": clean_description,
        "languages": clean_languages,
        "sides": [{"position": s.position, "label": s.label, "name": s.name, "colour": s.colour} for s in created],
        "status": dialogue.status,
        "vote_visibility": dialogue.vote_visibility,
    }
    return dialogue, created, entry


def _record_joined(member: Membership) -> None:
    if member.role == Membership.Role.PARTICIPANT and tallies.is_totals_only(member.dialogue):
        # Where only totals are public a participant's join is no entry of its own: its time would
        # anchor what they do next (a statement, and the agree it implies). The next batch counts it.
        member.join_waiting = True
        member.save(update_fields=["join_waiting"])
        return
    payload: dict[str, Any] = {"side": member.side.label, "role": member.role}
    payload.update(member=member.pk, handle=log.Private(member.handle))
    log.append(member.dialogue_id, MEMBERSHIP_JOINED, payload, actor=member)


def _invite_entry(invite: Invite, token_hash: str) -> dict[str, Any]:
    return {
        "invite": invite.pk,
        "side": invite.side.label,
        "role": invite.role,
        "max_uses": invite.max_uses,
        "expires_at": log.record_time(invite.expires_at),
        # The link itself stays private; this lets its holder show it was this invitation.
        "token_commitment": log.commitment("invite", token_hash),
        "awaiting_approval": invite.awaiting_approval,
    }
