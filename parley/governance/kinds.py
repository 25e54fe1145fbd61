"""What each kind of proposal checks when it is made, and does when the other side approves it.

A kind is registered once with `register`; `parley.governance.actions` looks it up by name, so the
life of every proposal (made, approved, rejected, withdrawn, expired) is the same code for all.
Kinds of other concepts live with them (moderation in `moderation.py`, joint statements in
`joint.py`) and register themselves when their module is imported (see `apps.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parley.checkpoints.models import SigningKey
from parley.dialogues.access import ActionError
from parley.dialogues.models import LANGUAGE_CODES, Dialogue, Invite, Membership, Side
from parley.dialogues.validation import texts_per_language
from parley.governance.models import Proposal, Report
from parley.governance.signals import final_votes_due
from parley.ledger import log
from parley.record.entries import (
    DIALOGUE_CHANGED,
    INVITE_APPROVED,
    INVITE_REVOKED,
    MEMBERSHIP_ROLE_CHANGED,
    REPORT_PUBLISHED,
)

Role = Membership.Role
LEADS = frozenset({Role.COCHAIR.value, Role.DEPUTY.value})
MODERATES = LEADS | {Role.MODERATOR.value}
CONTRIBUTES = MODERATES | {Role.ORGANIZER.value}


@dataclass(frozen=True)
class Kind:
    """One kind of proposal.

    clean(member, data) -> payload: validate what was asked (raise ActionError), return it clean.
    apply(proposal, approver): make the change and append its record entries; called in the
        approval's transaction, so it re-checks what may have changed since the proposal was made.
    describe(payload, dialogue) -> str: one line in the active language.
    prepare(member, payload) -> (payload, extra): optional, runs when the proposal is made (an
        invitation is created then, so its link can be shown once to the person proposing it).
    dropped(proposal): optional, runs when it is rejected, withdrawn or expires.
    lock(proposal): optional, runs first when it is approved, before anything is written: it locks
        the rows `apply` will change that other actions lock before they write to the record
        (moderation cases, then statements), so every path takes its locks in one order.
    warnings(payload, dialogue) -> [str]: optional, what both sides should know before approving
        (shown with the pending proposal and when it is made; it does not stop anything).
    adopted(dialogue) -> bool: optional, whether what this kind sets up is in place (the setup checklist).
    unavailable(member) -> str: optional, why a proposal of this kind by MEMBER cannot succeed now
        ("" when it can), for kinds registered by other apps (`joint`); see `queries.proposable_kinds`.
    """

    name: str
    label: Promise
    proposers: frozenset[str]
    clean: Callable[[Membership, Mapping[str, Any]], dict[str, Any]]
    apply: Callable[[Proposal, Membership], None]
    describe: Callable[[Mapping[str, Any], Dialogue], str]
    prepare: Callable[[Membership, dict[str, Any]], tuple[dict[str, Any], Any]] | None = None
    dropped: Callable[[Proposal], None] | None = None
    lock: Callable[[Proposal], None] | None = None
    warnings: Callable[[Mapping[str, Any], Dialogue], list[str]] | None = None
    unavailable: Callable[[Membership], str] | None = None
    adopted: Callable[[Dialogue], bool] | None = None


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    if kind.name in KINDS:
        raise RuntimeError(f"proposal kind {kind.name!r} is registered twice")
    KINDS[kind.name] = kind
    return kind


def get_kind(name: object) -> Kind:
    kind = KINDS.get(name) if isinstance(name, str) else None
    if kind is None:
        raise ActionError(_("There is no such kind of proposal."), field="kind")
    return kind


def pk_of(data: Mapping[str, Any], name: str, message: str) -> int:
    try:
        return int(str(data.get(name, "")))
    except ValueError:
        raise ActionError(message, field=name) from None


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


# --- roles ---------------------------------------------------------------------------------------

# Roles a proposal can give a member of the proposing side; "participant" removes a role.
APPOINTABLE = [Role.COCHAIR.value, Role.DEPUTY.value, Role.ORGANIZER.value, Role.MODERATOR.value]
NEEDS_ACCOUNT = set(APPOINTABLE)


def _clean_role(member: Membership, data: Mapping[str, Any]) -> dict[str, Any]:
    target_id = pk_of(data, "member", _("Choose a member of your side."))
    target = Membership.objects.filter(pk=target_id, dialogue_id=member.dialogue_id).first()
    if target is None or target.side_id != member.side_id:
        raise ActionError(_("Choose a member of your side."), field="member")
    role = data.get("role")
    if role not in [*APPOINTABLE, Role.PARTICIPANT.value]:
        raise ActionError(_("Choose a role."), field="role")
    if role == target.role:
        raise ActionError(_("This member already has this role."), field="role")
    if target.role == Role.OBSERVER:
        raise ActionError(_("Observers keep their role; invite them anew for another one."), field="member")
    if target.role == Role.COCHAIR:
        raise ActionError(
            _("A side always has a co-chair: appoint a new one, and the present one becomes an organizer."),
            field="member",
        )
    if role in NEEDS_ACCOUNT and target.user_id is None:
        raise ActionError(
            _("This member has no account. Invite them for this role instead (invitation proposal)."), field="member"
        )
    return {"member": target.pk, "handle": target.handle, "role": role, "from": target.role}


def _apply_role(proposal: Proposal, approver: Membership) -> None:
    payload = proposal.payload
    # Role changes of one side wait for each other, so two appointments approved at once cannot
    # both find the seat free.
    Side.objects.select_for_update().get(pk=proposal.side_id)
    target = Membership.objects.select_for_update(of=("self",)).select_related("side").get(pk=payload["member"])
    if target.role != payload["from"]:
        raise ActionError(_("This member's role changed since this was proposed."))
    role = payload["role"]
    if role in (Role.COCHAIR, Role.DEPUTY):
        # One co-chair and one deputy per side: the present holder steps down to organizer.
        for holder in Membership.objects.select_for_update().filter(side_id=target.side_id, role=role):
            _set_role(holder, Role.ORGANIZER.value, proposal, approver)
    _set_role(target, role, proposal, approver)


def _set_role(member: Membership, role: str, proposal: Proposal, approver: Membership) -> None:
    previous = member.role
    member.role = role
    member.save(update_fields=["role"])
    if previous == Role.COCHAIR and role != Role.COCHAIR:
        # The record retires their key here (parley.record.replay), so it must not sign again, even
        # if they are appointed co-chair once more: then they register a new one.
        SigningKey.objects.filter(membership=member, revoked_at__isnull=True).update(revoked_at=timezone.now())
    log.append(
        member.dialogue_id,
        MEMBERSHIP_ROLE_CHANGED,
        {
            "member": member.pk,
            "handle": log.Private(member.handle),
            "side": member.side.label,
            "role": role,
            "from": previous,
            "proposal": proposal.pk,
        },
        actor=approver,
    )


def _describe_role(payload: Mapping[str, Any], dialogue: Dialogue) -> str:
    role = Role(payload["role"]).label
    if payload["role"] == Role.PARTICIPANT:
        return _("Remove %(handle)s's role (%(old)s)") % {
            "handle": payload["handle"],
            "old": Role(payload["from"]).label,
        }
    return _("Appoint %(handle)s as %(role)s") % {"handle": payload["handle"], "role": role}


register(
    Kind(
        "role",
        gettext_lazy("Appoint or remove a co-chair, deputy, organizer or moderator"),
        LEADS,
        _clean_role,
        _apply_role,
        _describe_role,
    )
)


# --- invitations to privileged roles and observers -----------------------------------------------------


def _clean_invite(member: Membership, data: Mapping[str, Any]) -> dict[str, Any]:
    from parley.dialogues.access import APPROVED_INVITE_ROLES

    role = data.get("role")
    if role not in APPROVED_INVITE_ROLES:
        raise ActionError(_("Choose a role."), field="role")
    note = data.get("note", "")
    return {"role": role, "note": note if isinstance(note, str) else "", "days": data.get("expires_in_days", 14)}


def _prepare_invite(member: Membership, payload: dict[str, Any]) -> tuple[dict[str, Any], Any]:
    from parley.dialogues.actions import do_create_invite

    invite, token = do_create_invite(
        member,
        side_id=member.side_id,
        role=payload["role"],
        expires_in_days=payload.pop("days"),
        note=payload["note"],
        awaiting_approval=True,
    )
    payload.update(invite=invite.pk, side=member.side.label, note=invite.note)
    return payload, token


def _apply_invite(proposal: Proposal, approver: Membership) -> None:
    invite = Invite.objects.select_for_update().get(pk=proposal.payload["invite"])
    if invite.revoked_at is not None:
        raise ActionError(_("This invitation was withdrawn in the meantime."))
    if invite.is_expired:
        raise ActionError(_("This invitation has expired in the meantime: propose a new one."))
    invite.awaiting_approval = False
    invite.save(update_fields=["awaiting_approval"])
    log.append(invite.dialogue_id, INVITE_APPROVED, {"invite": invite.pk, "proposal": proposal.pk}, actor=approver)


def _drop_invite(proposal: Proposal) -> None:
    if Invite.objects.filter(pk=proposal.payload["invite"], revoked_at__isnull=True).update(revoked_at=timezone.now()):
        log.append(
            proposal.dialogue_id, INVITE_REVOKED, {"invite": proposal.payload["invite"], "proposal": proposal.pk}
        )


def _describe_invite(payload: Mapping[str, Any], dialogue: Dialogue) -> str:
    text = _("Invite a new %(role)s") % {"role": Role(payload["role"]).label}
    return f"{text} ({payload['note']})" if payload.get("note") else text


register(
    Kind(
        "invite",
        gettext_lazy("Invite an organizer, moderator, deputy or observer"),
        LEADS,
        _clean_invite,
        _apply_invite,
        _describe_invite,
        prepare=_prepare_invite,
        dropped=_drop_invite,
    )
)


# --- reports ------------------------------------------------------------------------------------------


def _clean_report(member: Membership, data: Mapping[str, Any]) -> dict[str, Any]:
    from parley.analysis.models import AnalysisRun

    run_id = pk_of(data, "run", _("Choose a finished analysis."))
    run = AnalysisRun.objects.filter(pk=run_id, dialogue_id=member.dialogue_id, status=AnalysisRun.Status.DONE).first()
    if run is None:
        raise ActionError(_("Choose a finished analysis."), field="run")
    if Report.objects.filter(run=run).exists():
        raise ActionError(_("This analysis is already published as a report."), field="run")
    return {"run": run.pk, "votes": run.n_votes, "computed_at": log.record_time(run.finished_at or run.created_at)}


def _apply_report(proposal: Proposal, approver: Membership) -> None:
    from parley.analysis.models import AnalysisRun

    run = AnalysisRun.objects.get(pk=proposal.payload["run"])
    if Report.objects.filter(run=run).exists():
        raise ActionError(_("This analysis is already published as a report."))
    Report.objects.create(dialogue_id=proposal.dialogue_id, run=run, proposal=proposal)
    log.append(
        proposal.dialogue_id,
        REPORT_PUBLISHED,
        {"run": run.pk, "record_size": run.record_size, "proposal": proposal.pk},
        actor=approver,
    )


def _describe_report(payload: Mapping[str, Any], dialogue: Dialogue) -> str:
    return _("Publish the analysis of %(votes)d votes (%(when)s) as a report") % {
        "votes": payload["votes"],
        "when": payload["computed_at"][:16].replace("T", " "),
    }


register(
    Kind(
        "report",
        gettext_lazy("Publish an analysis as the dialogue's report"),
        LEADS,
        _clean_report,
        _apply_report,
        _describe_report,
    )
)


# The glossary kind is registered by `parley.governance.glossary`.
