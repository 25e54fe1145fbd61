"""The kinds of proposal that change the dialogue itself: open, close or reopen it; what is public
about votes; its title, description, languages and side names (registered in this order)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parley.dialogues.access import ActionError
from parley.dialogues.models import LANGUAGE_CODES, Dialogue, Membership, Side
from parley.dialogues.validation import texts_per_language
from parley.ledger import log
from parley.proposals.kinds import LEADS, Kind, Role, register
from parley.proposals.models import Proposal
from parley.proposals.signals import final_votes_due
from parley.record.entries import DIALOGUE_CHANGED

# --- status and vote visibility ------------------------------------------------------------------

# Draft -> open -> closed, and a closed dialogue may reopen.
STATUS_CHANGES: dict[str, set[str]] = {"draft": {"open"}, "open": {"closed"}, "closed": {"open"}}


def _clean_status(member: Membership, data: Mapping[str, Any]) -> dict[str, Any]:
    dialogue = member.dialogue
    status = data.get("status")
    if status not in STATUS_CHANGES.get(dialogue.status, set()):
        raise ActionError(_("That change is not possible from the dialogue's current status."), field="status")
    return {"status": status, "from": dialogue.status}


def _apply_status(proposal: Proposal, approver: Membership) -> None:
    dialogue = Dialogue.objects.select_for_update().get(pk=proposal.dialogue_id)
    if dialogue.status != proposal.payload["from"]:
        raise ActionError(_("The dialogue's status changed since this was proposed."))
    dialogue.status = proposal.payload["status"]
    dialogue.save(update_fields=["status"])
    if dialogue.status == Dialogue.Status.CLOSED:
        # Closing publishes every vote still waiting for a batch, however few (see docs/record-format.md).
        from parley.dialogues.tallies import do_seal_batch

        do_seal_batch(dialogue.pk, final=True)
        final_votes_due.send(sender=Kind, dialogue_id=dialogue.pk)
    log.append(dialogue.pk, DIALOGUE_CHANGED, {"status": dialogue.status, "proposal": proposal.pk}, actor=approver)
    if dialogue.status == Dialogue.Status.CLOSED:
        # A closed dialogue's record is sealed with a checkpoint, for both sides to co-sign.
        from parley.checkpoints.actions import do_make_checkpoint

        do_make_checkpoint(dialogue.pk)


def _describe_status(payload: Mapping[str, Any], dialogue: Dialogue) -> str:
    if payload["status"] == Dialogue.Status.CLOSED:
        return _("Close the dialogue")
    if payload["from"] == Dialogue.Status.CLOSED:
        return _("Reopen the dialogue")
    return _("Open the dialogue")


register(
    Kind(
        "status",
        gettext_lazy("Open, close or reopen the dialogue"),
        LEADS,
        _clean_status,
        _apply_status,
        _describe_status,
    )
)


def _clean_visibility(member: Membership, data: Mapping[str, Any]) -> dict[str, Any]:
    value = data.get("vote_visibility")
    if value not in Dialogue.VoteVisibility.values or value == member.dialogue.vote_visibility:
        raise ActionError(_("Choose the other vote visibility."), field="vote_visibility")
    _check_not_loosening(member.dialogue, value)
    return {"vote_visibility": value}


def _check_not_loosening(dialogue: Dialogue, value: str) -> None:
    """Participants joined under the promise that only totals are public: it holds for good."""
    if (
        dialogue.vote_visibility == Dialogue.VoteVisibility.AGGREGATE
        and value == Dialogue.VoteVisibility.INDIVIDUAL
        and dialogue.memberships.filter(role=Role.PARTICIPANT).exists()
    ):
        raise ActionError(
            _(
                "Participants joined this dialogue under the promise that only vote totals are public, "
                "so its individual votes can no longer be made public."
            ),
            field="vote_visibility",
        )


def _apply_visibility(proposal: Proposal, approver: Membership) -> None:
    dialogue = Dialogue.objects.select_for_update().get(pk=proposal.dialogue_id)
    _check_not_loosening(dialogue, proposal.payload["vote_visibility"])
    if proposal.payload["vote_visibility"] == Dialogue.VoteVisibility.INDIVIDUAL:
        # Before anyone joined: the officials' waiting votes are published before votes go public one by one.
        from parley.dialogues.tallies import do_seal_batch

        do_seal_batch(dialogue.pk, final=True)
        final_votes_due.send(sender=Kind, dialogue_id=dialogue.pk)
    dialogue.vote_visibility = proposal.payload["vote_visibility"]
    dialogue.save(update_fields=["vote_visibility"])
    log.append(
        dialogue.pk,
        DIALOGUE_CHANGED,
        {"vote_visibility": dialogue.vote_visibility, "proposal": proposal.pk},
        actor=approver,
    )


def _describe_visibility(payload: Mapping[str, Any], dialogue: Dialogue) -> str:
    if payload["vote_visibility"] == Dialogue.VoteVisibility.AGGREGATE:
        return _("Make only vote totals public")
    return _("Make individual pseudonymous votes public")


register(
    Kind(
        "vote_visibility",
        gettext_lazy("Change what is public about votes"),
        LEADS,
        _clean_visibility,
        _apply_visibility,
        _describe_visibility,
    )
)


# --- settings: title, description, languages, side names ------------------------------------------


def _clean_settings(member: Membership, data: Mapping[str, Any]) -> dict[str, Any]:
    dialogue = member.dialogue
    payload: dict[str, Any] = {}
    if isinstance(data.get("title"), Mapping):
        title = texts_per_language(dict(data["title"]), "title", 200, required=True)
        if title != dialogue.title:
            payload["title"] = title
    if isinstance(data.get("description"), Mapping):
        description = texts_per_language(dict(data["description"]), "description", 2000, required=False)
        if description != dialogue.description:
            payload["description"] = description
    if data.get("languages") is not None:
        asked = data["languages"]
        if not isinstance(asked, list | tuple) or not all(isinstance(c, str) for c in asked):
            raise ActionError(_("Choose at least one language."), field="languages")
        languages = [code for code in LANGUAGE_CODES if code in set(asked)]
        if not languages:
            raise ActionError(_("Choose at least one language."), field="languages")
        if languages != dialogue.languages:
            payload["languages"] = languages
    if isinstance(data.get("side_names"), Mapping):
        names = {}
        for side in dialogue.ordered_sides():
            # Forms name a side by its position (a label may hold a dot); the API may use the label.
            asked_name = data["side_names"].get(side.label, data["side_names"].get(str(side.position)))
            if isinstance(asked_name, Mapping):
                name = texts_per_language(dict(asked_name), "side_names", 100, required=False)
                if name != side.name:
                    names[side.label] = name
        if names:
            payload["side_names"] = names
    if not payload:
        raise ActionError(_("Nothing would change: edit at least one setting."))
    return payload


def _apply_settings(proposal: Proposal, approver: Membership) -> None:
    dialogue = Dialogue.objects.select_for_update().get(pk=proposal.dialogue_id)
    payload = proposal.payload
    fields = [f for f in ("title", "description", "languages") if f in payload]
    for name in fields:
        setattr(dialogue, name, payload[name])
    if fields:
        dialogue.save(update_fields=fields)
    for label, name in payload.get("side_names", {}).items():
        Side.objects.filter(dialogue=dialogue, label=label).update(name=name)
    log.append(dialogue.pk, DIALOGUE_CHANGED, {**payload, "proposal": proposal.pk}, actor=approver)


def _describe_settings(payload: Mapping[str, Any], dialogue: Dialogue) -> str:
    names = {
        "title": _("title"),
        "description": _("description"),
        "languages": _("languages"),
        "side_names": _("side names"),
    }
    return _("Change the dialogue's %(what)s") % {"what": ", ".join(str(names[k]) for k in names if k in payload)}


register(
    Kind(
        "settings",
        gettext_lazy("Change the title, description, languages or side names"),
        LEADS,
        _clean_settings,
        _apply_settings,
        _describe_settings,
    )
)
