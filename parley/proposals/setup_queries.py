"""The setup checklist of a dialogue: what the two co-chairs do between joining and opening it, and
what each step waits on. Computed here only; the dialogue page renders it for co-chairs and deputies."""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.urls import reverse
from django.utils.translation import gettext as _

from parley.dialogues.access import side_without_cochair
from parley.dialogues.models import Dialogue, Invite, Membership, Side
from parley.proposals.kinds import KINDS
from parley.proposals.models import Proposal

Role = Membership.Role


@dataclass(frozen=True)
class Step:
    """One step of the setup: KEY names it for tests and anchors; WAITING says on whom it waits."""

    key: str
    label: str
    done: bool
    waiting: str
    link: str
    link_text: str


def _proposals_waiting(dialogue: Dialogue, kinds: set[str], role: str | None = None) -> list[Proposal]:
    found = Proposal.objects.filter(dialogue=dialogue, kind__in=kinds, state=Proposal.State.PENDING)
    return [p for p in found.select_related("side") if role is None or p.payload.get("role") == role]


def _waiting_on(sides: list[Side], member: Membership, language: str) -> str:
    """Whose turn it is, from the reader's point of view (whole sentences: they inflect differently)."""
    if len(sides) > 1:
        return _("Waiting on both sides.")
    if sides[0].pk == member.side_id:
        return _("Waiting on your side.")
    return _("Waiting on the other side (%(side)s).") % {"side": sides[0].name_text(language)}


def _pending_text(proposal: Proposal, member: Membership) -> str:
    if proposal.side_id == member.side_id:
        return _("Your side's proposal waits for the other side's approval.")
    return _("The other side's proposal waits for your approval.")


def _waiting_text(done: bool, pending: list[Proposal], member: Membership, idle: str) -> str:
    """What a proposal-made step waits on: nothing once DONE, else the first PENDING proposal, else IDLE."""
    if done:
        return ""
    return _pending_text(pending[0], member) if pending else idle


def _offer(proposals: str, kind: str) -> str:
    """The Proposals page with the form of KIND open."""
    return f"{proposals}?propose={kind}#propose-{kind}"


def _sides_missing(dialogue: Dialogue, present: set[int]) -> list[Side]:
    return [side for side in dialogue.ordered_sides() if side.pk not in present]


def setup_checklist(dialogue: Dialogue, member: Membership, language: str) -> list[Step]:
    """The six setup steps of DIALOGUE as MEMBER (a co-chair or deputy) sees them."""
    slug = dialogue.slug
    proposals = reverse("proposals:proposals", args=[slug])
    manage = reverse("dialogues:manage", args=[slug])
    opened = dialogue.status != Dialogue.Status.DRAFT
    missing = side_without_cochair(dialogue)
    steps: list[Step] = []

    # 1. The other side's co-chair.
    if missing is None:
        waiting = ""
    elif Invite.objects.filter(dialogue=dialogue, side=missing, created_by__isnull=True).exists():
        waiting = _(
            "Waiting on the other side (%(side)s): its co-chair joins with the link the site administrator gave them."
        ) % {"side": missing.name_text(language)}
    else:
        waiting = _("Waiting on your side: invite the first co-chair of %(side)s on the Manage page.") % {
            "side": missing.name_text(language)
        }
    steps.append(
        Step(
            "cochairs",
            _("The other side's co-chair has joined"),
            missing is None,
            waiting,
            manage + "#invite",
            _("Manage"),
        )
    )

    # 2. Title and languages: changed by proposal, or agreed as they are by opening the dialogue.
    settings_done = (
        opened or Proposal.objects.filter(dialogue=dialogue, kind="settings", state=Proposal.State.APPROVED).exists()
    )
    waiting = _waiting_text(
        settings_done,
        _proposals_waiting(dialogue, {"settings"}),
        member,
        _("Either side may propose a change; approving the opening agrees to them as they are."),
    )
    steps.append(
        Step(
            "settings",
            _("Title and languages agreed"),
            settings_done,
            waiting,
            _offer(proposals, "settings"),
            _("Proposals"),
        )
    )

    # 3. A moderator on each side, 4. participants invited on each side: each side does its own.
    for key, label, role, present in (
        (
            "moderators",
            _("Moderators appointed on each side"),
            Role.MODERATOR.value,
            set(Membership.objects.filter(dialogue=dialogue, role=Role.MODERATOR).values_list("side_id", flat=True)),
        ),
        (
            "participants",
            _("Participants invited on each side"),
            Role.PARTICIPANT.value,
            set(Invite.objects.filter(dialogue=dialogue, role=Role.PARTICIPANT).values_list("side_id", flat=True))
            | set(
                Membership.objects.filter(dialogue=dialogue, role=Role.PARTICIPANT).values_list("side_id", flat=True)
            ),
        ),
    ):
        lacking = _sides_missing(dialogue, present)
        waiting = ""
        if lacking:
            pending = _proposals_waiting(dialogue, {"invite", "role"}, role) if role == Role.MODERATOR else []
            if pending:
                waiting = _pending_text(pending[0], member)
            else:
                waiting = _waiting_on(lacking, member, language)
        if role == Role.MODERATOR:
            link, link_text = _offer(proposals, "invite"), _("Proposals")
        else:
            link, link_text = manage + "#invite", _("Manage")
        steps.append(Step(key, label, not lacking, waiting, link, link_text))

    # 5. The moderation policy, adopted by proposal.
    policy_kind = KINDS.get("moderation_policy")  # registered by the moderation app
    policy_done = bool(policy_kind and policy_kind.adopted and policy_kind.adopted(dialogue))
    waiting = _waiting_text(
        policy_done,
        _proposals_waiting(dialogue, {"moderation_policy"}),
        member,
        _("Either side proposes it; the other side approves."),
    )
    steps.append(
        Step(
            "policy",
            _("Moderation policy adopted"),
            policy_done,
            waiting,
            _offer(proposals, "moderation_policy"),
            _("Proposals"),
        )
    )

    # 6. Opening, which needs both co-chairs.
    pending = [p for p in _proposals_waiting(dialogue, {"status"}) if p.payload.get("status") == "open"]
    if missing is not None and not opened:
        waiting = _("Possible once both sides have a co-chair.")
    else:
        waiting = _waiting_text(opened, pending, member, _("Either side proposes it; the other side approves."))
    steps.append(Step("open", _("The dialogue is open"), opened, waiting, _offer(proposals, "status"), _("Proposals")))
    # A step held by a pending proposal is done where that proposal is answered or withdrawn.
    answering = {
        _("Your side's proposal waits for the other side's approval."),
        _("The other side's proposal waits for your approval."),
    }
    return [replace(step, link=proposals + "#pending") if step.waiting in answering else step for step in steps]
