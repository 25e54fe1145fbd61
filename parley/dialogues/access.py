"""Who may see and do what: every permission rule of the dialogues app, in one place per object.

Views and actions call these functions; nothing else decides access.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from parley import sessions
from parley.dialogues.models import Dialogue, Invite, Membership, Side, Statement
from parley.errors import ActionError, NotAllowed, NotFound
from parley.sessions import SESSION_KEY

# Re-exported: `ActionError` and the session key lived here before `parley.errors` and `parley.sessions`.
__all__ = ["SESSION_KEY", "ActionError"]


# --- who is asking ---------------------------------------------------------------------------


def current_membership(request: HttpRequest, dialogue: Dialogue) -> Membership | None:
    """Return the member of DIALOGUE that this browser acts as, if any."""
    user: Any = request.user
    member = None
    # Raw, parameterised statements (every request of a member runs them): no ORM compilation.
    table, qn = connection.ops.quote_name(Membership._meta.db_table), connection.ops.quote_name
    dialogue_col, user_col = _column(Membership, "dialogue"), _column(Membership, "user")
    if user.is_authenticated:
        sql = f"SELECT * FROM {table} WHERE {dialogue_col} = %s AND {user_col} = %s"  # noqa: S608 - names from _meta
        member = next(iter(Membership.objects.raw(sql, [dialogue.pk, user.pk])), None)
    if member is None:
        member_id = sessions.membership_id(request, dialogue.pk)
        if member_id is None:
            return None
        key = qn(Membership._meta.pk.column)
        sql = f"SELECT * FROM {table} WHERE {key} = %s AND {dialogue_col} = %s AND {user_col} IS NULL"  # noqa: S608
        member = next(iter(Membership.objects.raw(sql, [member_id, dialogue.pk])), None)
    if member is not None:
        member.dialogue = dialogue  # loaded already: no second query for it, nor for its side
        side = next((side for side in dialogue.sides.all() if side.pk == member.side_id), None)
        if side is not None:
            member.side = side
    return member


def participant_by_handle(dialogue: Dialogue, handle: str) -> Membership | None:
    """The pseudonymous participant (no account) of DIALOGUE known by HANDLE, or else by a spelling
    that looks like it (the exact one first: two look-alikes that joined before pseudonyms were
    compared by their look both keep signing in)."""
    from parley.dialogues.validation import handle_key

    participants = Membership.objects.filter(dialogue=dialogue, user__isnull=True)
    return participants.filter(handle=handle).first() or participants.filter(handle_key=handle_key(handle)).first()


def remember_membership(request: HttpRequest, member: Membership) -> None:
    """Let this browser act as MEMBER (a pseudonymous participant without an account)."""
    sessions.remember(request, member.dialogue_id, member.pk)


def session_memberships(request: HttpRequest) -> list[Membership]:
    """Every membership this browser holds, by account or by session."""
    user: Any = request.user
    ids = sessions.membership_ids(request)
    found = list(Membership.objects.filter(pk__in=ids, user__isnull=True).select_related("dialogue", "side"))
    if user.is_authenticated:
        found += list(Membership.objects.filter(user=user).select_related("dialogue", "side"))
    return found


def check_not_site_administrator(user: Any) -> None:
    """The site administrator creates empty dialogues and nothing else: they never join one, in any
    role, not even as a pseudonymous participant (GUIDE: no power from outside the two sides)."""
    if user is not None and user.is_authenticated and user.is_superuser:
        raise ActionError(_("The site administrator's account takes no part in dialogues, not even as a participant."))


# --- dialogues -------------------------------------------------------------------------------


def _column(model: Any, name: str) -> str:
    """The quoted column of MODEL's field NAME, for the few raw statements of the hot path."""
    return connection.ops.quote_name(model._meta.get_field(name).column)


def dialogue_with_sides(slug: str) -> Dialogue | None:
    """The dialogue at SLUG with its sides (as `prefetch_related("sides")` gives them), in two raw,
    parameterised statements: every page of a dialogue starts with them."""
    qn = connection.ops.quote_name
    meta, side_meta = Dialogue._meta, Side._meta
    sql = f"SELECT * FROM {qn(meta.db_table)} WHERE {_column(Dialogue, 'slug')} = %s"  # noqa: S608 - _meta names
    dialogue = next(iter(Dialogue.objects.raw(sql, [str(slug)])), None)
    if dialogue is None:
        return None
    dialogue_col, position_col = _column(Side, "dialogue"), _column(Side, "position")
    sql = f"SELECT * FROM {qn(side_meta.db_table)} WHERE {dialogue_col} = %s ORDER BY {position_col}"  # noqa: S608
    sides = list(Side.objects.raw(sql, [dialogue.pk]))
    for side in sides:
        side.dialogue = dialogue
    prefetched = dialogue.sides.all()
    prefetched._result_cache = sides  # as prefetch_related stores them
    prefetched._prefetch_done = True  # type: ignore[attr-defined]
    dialogue._prefetched_objects_cache = {"sides": prefetched}  # type: ignore[attr-defined]
    return dialogue


def find_dialogue(slug: str) -> Dialogue:
    """The dialogue at SLUG, draft or not: only for pages where a secret proves membership
    (return links, passphrase sign-in)."""
    dialogue = dialogue_with_sides(slug)
    if dialogue is None:
        raise NotFound(_("There is no dialogue at this address."))
    return dialogue


def forget_membership(request: HttpRequest, dialogue: Dialogue) -> None:
    """Let this browser stop acting as its participant in DIALOGUE (a shared phone, a café PC)."""
    sessions.forget(request, dialogue.pk)


def access_dialogue(
    request: HttpRequest, slug: str, *, administrator_sees_shell: bool = False
) -> tuple[Dialogue, Membership | None]:
    """Return the dialogue and the asker's membership; a draft is visible to its members only, and,
    where ADMINISTRATOR_SEES_SHELL (its front page), to the site administrator who created it."""
    dialogue = find_dialogue(slug)
    member = current_membership(request, dialogue)
    shown_to_administrator = administrator_sees_shell and is_site_administrator(request.user) and is_shell(dialogue)
    if dialogue.status == Dialogue.Status.DRAFT and member is None and not shown_to_administrator:
        raise NotFound(_("There is no dialogue at this address."))
    # The page's templates (the glossary tag) use this one rather than loading it again.
    request._parley_dialogue = dialogue  # type: ignore[attr-defined]
    return dialogue, member


def require_member(member: Membership | None) -> Membership:
    if member is None:
        raise NotAllowed(_("Only members of this dialogue can do this. Join with an invitation."))
    return member


def check_can_take_part(member: Membership | None) -> Membership:
    """Voting and writing: a member, not an observer, in an open dialogue."""
    member = require_member(member)
    if not member.can_take_part:
        raise NotAllowed(_("Observers can read this dialogue but not vote or write."))
    if member.dialogue.status != Dialogue.Status.OPEN:
        raise ActionError(_("This dialogue is not open, so votes and statements cannot be added now."))
    return member


def check_can_manage(member: Membership | None) -> Membership:
    """The invitation pages: co-chairs and organizers, each for their own side."""
    member = require_member(member)
    if not member.can_invite:
        raise NotAllowed(_("Only co-chairs and organizers can manage invitations."))
    return member


def check_cochair(member: Membership | None) -> Membership:
    member = require_member(member)
    if not member.is_cochair:
        raise NotAllowed(_("Only a co-chair can do this."))
    return member


# --- invitations -----------------------------------------------------------------------------

# What each role may invite on its own side alone.
INVITABLE_ROLES: dict[str, list[str]] = {
    Membership.Role.COCHAIR.value: [Membership.Role.PARTICIPANT.value],
    Membership.Role.DEPUTY.value: [Membership.Role.PARTICIPANT.value],
    Membership.Role.ORGANIZER.value: [Membership.Role.PARTICIPANT.value],
}
# Invitations to these roles are proposals: they work once the other side's co-chair or deputy approves.
APPROVED_INVITE_ROLES = [
    Membership.Role.ORGANIZER.value,
    Membership.Role.MODERATOR.value,
    Membership.Role.DEPUTY.value,
    Membership.Role.OBSERVER.value,
]


def side_without_cochair(dialogue: Dialogue) -> Side | None:
    """The side that has no co-chair yet, if any."""
    for side in dialogue.ordered_sides():
        if not side.memberships.filter(role=Membership.Role.COCHAIR).exists():
            return side
    return None


def first_cochair_side(member: Membership) -> Side | None:
    """The other side whose first co-chair this co-chair may invite: only in a dialogue they created,
    while that side has none. In a dialogue the site administrator set up, each side's first
    co-chair comes with the administrator's link for that side, never by the other side's choice."""
    if not member.is_cochair:
        return None
    other = side_without_cochair(member.dialogue)
    if other is None or other.pk == member.side_id:
        return None
    if Invite.objects.filter(dialogue_id=member.dialogue_id, created_by__isnull=True).exists():
        return None
    return other


def check_can_invite(member: Membership, side: Side, role: str, *, approved_later: bool = False) -> None:
    """Invitations are for one's own side, with one exception: a co-chair invites the first
    co-chair of the other side, while that side has none. Invitations to privileged roles and
    observers are made by a co-chair or deputy as proposals (APPROVED_LATER)."""
    member = check_can_manage(member)
    if side.dialogue_id != member.dialogue_id:
        raise ActionError(_("That side is not part of this dialogue."), field="side")
    if side.pk != member.side_id:
        if role == Membership.Role.COCHAIR and first_cochair_side(member) == side:
            return
        raise NotAllowed(_("You can only invite people to your own side."))
    if role in APPROVED_INVITE_ROLES:
        if not approved_later:
            raise ActionError(
                _("Invitations for this role need the other side's approval: propose one under Proposals."),
                field="role",
            )
        if not member.leads_side:
            raise NotAllowed(_("Only a co-chair or deputy can propose this invitation."))
        return
    if role not in INVITABLE_ROLES.get(member.role, []):
        raise NotAllowed(_("Your role cannot invite people with this role."))


def access_invite(member: Membership, invite_id: int) -> Invite:
    """An invitation its side's co-chairs and organizers may see and revoke."""
    member = check_can_manage(member)
    invite = Invite.objects.filter(pk=invite_id, dialogue=member.dialogue).first()
    if invite is None:
        raise NotFound(_("There is no such invitation."))
    if invite.side_id != member.side_id and invite.created_by_id != member.pk:
        raise NotAllowed(_("That invitation belongs to the other side."))
    return invite


# --- statements ------------------------------------------------------------------------------


def access_statement(member: Membership, statement_id: object) -> Statement:
    """A statement of the member's dialogue that they may vote on."""
    try:
        pk = int(str(statement_id))
    except ValueError:
        raise ActionError(_("That statement does not exist."), field="statement") from None
    # One parameterised statement (the hot path of every vote): no ORM compilation.
    table, key = (
        connection.ops.quote_name(Statement._meta.db_table),
        connection.ops.quote_name(Statement._meta.pk.column),
    )
    sql = f"SELECT * FROM {table} s WHERE s.{key} = %s AND {open_for_votes_sql('s')}"  # noqa: S608 - names from _meta
    statement = next(iter(Statement.objects.raw(sql, [pk, *open_for_votes_params(member.dialogue_id)])), None)
    if statement is None:
        raise ActionError(_("That statement does not exist or is not open for votes."), field="statement")
    return statement


def open_for_votes_sql(alias: str) -> str:
    """`open_for_votes` as SQL on the statement table named ALIAS, for hot raw statements; its values
    are `open_for_votes_params(dialogue_id)`. Table and column names come from the models' _meta."""
    hold = Statement._meta.get_field("holds").related_model._meta  # type: ignore[union-attr]
    qn = connection.ops.quote_name

    def col(meta: Any, name: str) -> str:
        return qn(meta.get_field(name).column)

    st = Statement._meta
    s_id, s_status = f"{alias}.{col(st, 'id')}", f"{alias}.{col(st, 'status')}"
    return (
        f"{alias}.{col(st, 'dialogue')} = %s AND ({s_status} = %s OR ({s_status} = %s AND {s_id} IN "  # noqa: S608
        f"(SELECT h.{col(hold, 'statement')} FROM {qn(hold.db_table)} h WHERE h.{col(hold, 'dialogue')} = %s "
        f"AND h.{col(hold, 'state')} = %s AND h.{col(hold, 'deadline')} <= %s)))"
    )


def open_for_votes_params(dialogue_id: int) -> list[Any]:
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    return [dialogue_id, Statement.Status.VISIBLE.value, Statement.Status.ON_HOLD.value, dialogue_id, "held", now]


def open_for_votes(dialogue_id: int) -> Q:
    """The statements of a dialogue open for votes as of now: the visible ones, and those whose hold
    has lapsed (48 hours passed without the other side's answer) though no write has settled it yet."""
    hold_model = Statement._meta.get_field("holds").related_model
    lapsed = hold_model.objects.filter(  # type: ignore[union-attr]
        dialogue_id=dialogue_id, state="held", deadline__lte=timezone.now()
    ).values("statement_id")
    return Q(dialogue_id=dialogue_id) & (
        Q(status=Statement.Status.VISIBLE) | Q(status=Statement.Status.ON_HOLD, pk__in=lapsed)
    )


# --- the site administrator's empty dialogues --------------------------------------------------


def is_site_administrator(user: Any) -> bool:
    return user is not None and user.is_authenticated and user.is_superuser


def is_shell(dialogue: Dialogue) -> bool:
    """Whether the site administrator created DIALOGUE (its first co-chairs' invitations have no author)."""
    return Invite.objects.filter(dialogue=dialogue, role=Membership.Role.COCHAIR, created_by__isnull=True).exists()


def access_shell(request: HttpRequest, slug: str) -> Dialogue:
    """A dialogue the site administrator created, for the site administrator: its first co-chairs'
    invitations. Anyone else finds no such page."""
    dialogue = find_dialogue(slug)
    if not is_site_administrator(request.user) or not is_shell(dialogue):
        raise NotFound(_("There is no dialogue at this address."))
    return dialogue


def check_can_reissue_first_cochair(user: Any, dialogue: Dialogue, side_id: object) -> Side:
    """The site administrator makes a new first co-chair's link for a side of a draft they created,
    while that side has no co-chair: nothing more, so they gain no say inside the dialogue."""
    if not is_site_administrator(user) or not is_shell(dialogue):
        raise NotAllowed(_("Only the site administrator makes the first co-chairs' links."))
    try:
        side = Side.objects.get(pk=int(str(side_id)), dialogue=dialogue)
    except (ValueError, Side.DoesNotExist):
        raise ActionError(_("That side is not part of this dialogue."), field="side") from None
    if dialogue.status != Dialogue.Status.DRAFT:
        raise ActionError(_("The dialogue is no longer a draft: its co-chairs invite people now."))
    if side.memberships.filter(role=Membership.Role.COCHAIR).exists():
        raise ActionError(_("This side's co-chair has joined: they invite people now."))
    return side
