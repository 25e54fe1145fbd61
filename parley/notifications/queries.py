"""What awaits a member's side, for their role: one function for the page, the badge, e-mail and webhooks.

The co-chair and deputy answer the other side's proposals and amendments; whoever moderates (moderators,
and the co-chair and deputy, who may moderate too) decides the other side's holds and answers appeals;
the co-chair signs final joint statements. Each kind is one query, whatever the number of items, and
`awaiting_counts` counts them all in one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import IntegerField, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from parley.checkpoints.signing import cochair_role
from parley.dialogues.models import Membership, Statement, pick_language, pick_language_code
from parley.errors import ActionError
from parley.joint.models import Amendment, JointStatement
from parley.moderation.models import Appeal, Hold
from parley.notifications.models import NewStatementsFeed
from parley.proposals.kinds import get_kind
from parley.proposals.models import Proposal

KINDS = ("proposal", "hold", "appeal", "amendment", "signature")


@dataclass(frozen=True)
class Item:
    """One thing awaiting a side: its kind, its row, when it falls due (None: no deadline) and where to act."""

    kind: str
    pk: int
    deadline: datetime | None
    path: str
    # What it is about, for the page: a proposal's kind, a held statement's number, a joint statement's title.
    proposal_kind: str = ""
    statement: int | None = None
    title: Any = None

    @property
    def key(self) -> str:
        """What identifies it in the sent-log (never a person)."""
        return f"{self.kind}:{self.pk}"


def _proposals(member: Membership, now: datetime) -> QuerySet[Proposal]:
    if not member.leads_side:
        return Proposal.objects.none()
    return Proposal.objects.filter(
        dialogue_id=member.dialogue_id, state=Proposal.State.PENDING, expires_at__gt=now
    ).exclude(side_id=member.side_id)


def _holds(member: Membership, now: datetime) -> QuerySet[Hold]:
    if not member.moderates:
        return Hold.objects.none()
    label = member.side.label
    # Another side's hold, or an automatic one (no side) this side has not decided yet.
    theirs = Q(side__isnull=False) & ~Q(side_id=member.side_id)
    automatic = Q(side__isnull=True) & ~Q(decisions__has_key=label)
    return Hold.objects.filter(theirs | automatic, dialogue_id=member.dialogue_id, state=Hold.State.HELD).filter(
        deadline__gt=now
    )


def _appeals(member: Membership, now: datetime) -> QuerySet[Appeal]:
    if not member.moderates:
        return Appeal.objects.none()
    lapsed = Q(hold__state=Hold.State.HELD, hold__deadline__lte=now)
    return (
        Appeal.objects.filter(statement__dialogue_id=member.dialogue_id, state=Appeal.State.OPEN)
        .exclude(answers__has_key=member.side.label)
        .exclude(lapsed)
    )


def _amendments(member: Membership, now: datetime) -> QuerySet[Amendment]:
    if not member.leads_side:
        return Amendment.objects.none()
    return Amendment.objects.filter(
        joint__dialogue_id=member.dialogue_id, joint__state=JointStatement.State.DRAFT, state=Amendment.State.PENDING
    ).exclude(side_id=member.side_id)


def _signatures(member: Membership, now: datetime) -> QuerySet[JointStatement]:
    if not member.is_cochair:
        return JointStatement.objects.none()
    return JointStatement.objects.filter(dialogue_id=member.dialogue_id, state=JointStatement.State.FINAL).exclude(
        signatures__role=cochair_role(member.side)
    )


QUERIES = {
    "proposal": _proposals,
    "hold": _holds,
    "appeal": _appeals,
    "amendment": _amendments,
    "signature": _signatures,
}


class _Count(Subquery):
    template = "(SELECT COUNT(*) FROM (%(subquery)s) AS awaiting_count)"
    output_field = IntegerField()


def awaiting_counts(member: Membership, now: datetime | None = None) -> dict[str, int]:
    """How many items of each kind await MEMBER's side for their role, in one query; "total" sums them."""
    now = now or timezone.now()
    kinds = {kind: query(member, now) for kind, query in QUERIES.items()}
    wanted = {kind: _Count(rows.values("pk")) for kind, rows in kinds.items() if not rows.query.is_empty()}
    counts = dict.fromkeys(KINDS, 0)
    if wanted:
        row = Membership.objects.filter(pk=member.pk).annotate(**wanted).values(*wanted).first()
        counts.update(row or {})
    counts["total"] = sum(counts[kind] for kind in KINDS)
    return counts


def awaiting(member: Membership, now: datetime | None = None) -> list[Item]:
    """Every item awaiting MEMBER's side for their role, soonest deadline first (those without one last)."""
    now = now or timezone.now()
    slug = member.dialogue.slug
    items: list[Item] = []
    proposals_url = reverse("proposals:proposals", args=[slug])
    queue_url = reverse("moderation:queue", args=[slug])
    for pk, expires_at, kind in _proposals(member, now).values_list("pk", "expires_at", "kind"):
        items.append(Item("proposal", pk, expires_at, f"{proposals_url}#proposal-{pk}", proposal_kind=kind))
    for pk, deadline, statement in _holds(member, now).values_list("pk", "deadline", "statement_id"):
        items.append(Item("hold", pk, deadline, f"{queue_url}#hold-{pk}", statement=statement))
    appeals = _appeals(member, now).values_list("pk", "hold__state", "hold__deadline", "statement_id")
    for pk, state, deadline, statement in appeals:
        # An appeal of a statement still on hold is due when the hold lapses; one of a removal, never.
        due = deadline if state == Hold.State.HELD else None
        items.append(Item("appeal", pk, due, f"{queue_url}#appeals", statement=statement))
    for pk, joint_id, title in _amendments(member, now).values_list("pk", "joint_id", "joint__title"):
        items.append(Item("amendment", pk, None, reverse("joint:detail", args=[slug, joint_id]), title=title))
    for pk, title in _signatures(member, now).values_list("pk", "title"):
        items.append(Item("signature", pk, None, reverse("joint:detail", args=[slug, pk]), title=title))
    far = datetime.max.replace(tzinfo=now.tzinfo)
    return sorted(items, key=lambda item: (item.deadline or far, KINDS.index(item.kind), item.pk))


def kind_label(kind: str) -> str:
    return {
        "proposal": _("A proposal awaits your side's approval"),
        "hold": _("A statement on hold awaits your side's decision"),
        "appeal": _("An appeal awaits your side's answer"),
        "amendment": _("An amendment to a joint statement awaits your side's answer"),
        "signature": _("A final joint statement awaits your co-chair's signature"),
    }[kind]


def due_in(deadline: datetime | None, now: datetime | None = None) -> str:
    """ "expires in 2 days", "expires in 5 hours", "expires in less than an hour", or "" without a deadline."""
    if deadline is None:
        return ""
    left = deadline - (now or timezone.now())
    if left >= timedelta(days=2):
        days = left.days
        return ngettext("expires in %(n)d day", "expires in %(n)d days", days) % {"n": days}
    hours = int(left.total_seconds() // 3600)
    if hours >= 1:
        return ngettext("expires in %(n)d hour", "expires in %(n)d hours", hours) % {"n": hours}
    return _("expires in less than an hour")


def _proposal_kind_label(name: str) -> str:
    try:
        return str(get_kind(name).label)
    except ActionError:
        return name


def item_dict(item: Item, now: datetime | None = None) -> dict[str, Any]:
    title = item.title if isinstance(item.title, dict) else {}
    return {
        "kind": item.kind,
        "id": item.pk,
        "label": kind_label(item.kind),
        "proposal_kind": _proposal_kind_label(item.proposal_kind) if item.proposal_kind else "",
        "statement": item.statement,
        "title": pick_language(title) if title else "",
        "title_lang": pick_language_code(title) if title else "",
        "deadline": item.deadline.isoformat() if item.deadline else None,
        "due_in": due_in(item.deadline, now),
        "url": item.path,
    }


def new_statements(member: Membership) -> QuerySet[Statement]:
    """Statements to vote on that are new since MEMBER last marked them seen (or turned this on), if
    they follow new statements (none otherwise): visible, by others, not voted on yet. One query, the
    feed's time read in a subquery."""
    seen = NewStatementsFeed.objects.filter(membership_id=member.pk, enabled=True).values("seen_at")[:1]
    return (
        Statement.objects.filter(
            dialogue_id=member.dialogue_id, status=Statement.Status.VISIBLE, created_at__gt=Subquery(seen)
        )
        .exclude(author_id=member.pk)
        .exclude(votes__membership_id=member.pk)
        .order_by("-created_at", "-id")
    )


def new_statement_count(member: Membership) -> int:
    return new_statements(member).count()


def new_statements_part(member: Membership) -> dict[str, Any]:
    """What the participant's own page shows of "new statements to vote on" (nothing for observers)."""
    if not member.can_take_part:
        return {}
    following = NewStatementsFeed.objects.filter(membership_id=member.pk, enabled=True).exists()
    return {
        "me_parts": ["notifications/_new_statements.html"],
        "new_statements": {"following": following, "count": new_statement_count(member) if following else 0},
    }
