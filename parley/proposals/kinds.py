"""The kinds of proposal: what a kind is, and the registry the proposals look them up in.

A kind is registered once with `register`; `parley.proposals.actions` looks it up by name, so the
life of every proposal (made, approved, rejected, withdrawn, expired) is the same code for all.
Each kind lives with what it changes and registers itself when its module is imported (see `apps.py`,
which imports this app's modules in the order the proposals page offers their kinds):
- `kinds_dialogue`: the dialogue itself (open, close or reopen it; vote visibility; its settings);
- `kinds_members`: who takes part (roles; invitations to privileged roles and observers);
- `glossary`: a term of the glossary;
- other apps' kinds: `parley.joint.actions` (finalise a joint statement), `parley.moderation.kinds`
  (remove or merge statements, the moderation policy, the blocklist), `parley.reports.kinds` (publish an
  analysis as the dialogue's report, frozen, at an agreed time).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from parley.dialogues.access import ActionError
from parley.dialogues.models import Dialogue, Membership
from parley.proposals.models import Proposal

Role = Membership.Role
LEADS = frozenset({Role.COCHAIR.value, Role.DEPUTY.value})
MODERATES = LEADS | {Role.MODERATOR.value}
CONTRIBUTES = MODERATES | {Role.ORGANIZER.value}
# Roles a proposal can give a member of the proposing side (`kinds_members`); "participant" removes a role.
APPOINTABLE = [Role.COCHAIR.value, Role.DEPUTY.value, Role.ORGANIZER.value, Role.MODERATOR.value]


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
