"""Who may flag, hold, decide, appeal and answer: every permission rule of moderation, in one place."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from parley.dialogues.access import check_can_take_part, require_member
from parley.dialogues.models import Membership, Statement
from parley.errors import ActionError, NotAllowed
from parley.moderation.models import Appeal, Hold

DECISIONS = ("remove", "keep", "return")
ANSWERS = ("restore", "uphold")


def check_moderates(member: Membership | None) -> Membership:
    """The queue and every moderation decision: a moderator, co-chair or deputy of either side."""
    member = require_member(member)
    if not member.moderates:
        raise NotAllowed(_("Only moderators, co-chairs and deputies can moderate."))
    return member


def _statement_pk(statement_id: object) -> int:
    try:
        return int(str(statement_id))
    except ValueError:
        raise ActionError(_("That statement does not exist."), field="statement") from None


def access_visible_statement(member: Membership, statement_id: object, *, lock: bool = False) -> Statement:
    """A statement of the member's dialogue that everyone sees now (what can be flagged or held)."""
    rows = Statement.objects.select_for_update() if lock else Statement.objects.all()
    statement = rows.filter(
        pk=_statement_pk(statement_id), dialogue_id=member.dialogue_id, status=Statement.Status.VISIBLE
    ).first()
    if statement is None:
        raise ActionError(_("That statement does not exist or is not visible."), field="statement")
    return statement


def access_flaggable_statement(member: Membership | None, statement_id: object) -> tuple[Membership, Statement]:
    """Flagging: any member who takes part, on a visible statement of their own dialogue."""
    member = check_can_take_part(member)
    return member, access_visible_statement(member, statement_id)


def access_statement_for_moderation(member: Membership | None, statement_id: object) -> tuple[Membership, Statement]:
    """Dismissing flags (and, with `access_statement_to_hold`'s check, holding): a moderator, on a visible
    statement of their dialogue, locked."""
    member = check_moderates(member)
    return member, access_visible_statement(member, statement_id, lock=True)


def access_statement_to_hold(member: Membership | None, statement_id: object) -> tuple[Membership, Statement]:
    """Holding: a moderator, on a visible statement of their dialogue, locked, that their side has not held
    before and seen return. A side holds a statement once; after that only a removal proposal, which the
    other side must approve, hides it again, so one side cannot keep it hidden by holding it over and over."""
    member, statement = access_statement_for_moderation(member, statement_id)
    if statement.pk in held_once(member, [statement.pk]):
        raise ActionError(
            _(
                "Your side already put this statement on hold once, and it returned. "
                "To hide it again, propose its removal: the other side decides."
            ),
            field="statement",
        )
    return member, statement


def held_once(member: Membership, statement_ids: Iterable[int]) -> set[int]:
    """Those of the statements that the member's side may no longer hold: a hold of its side ended with them back."""
    return set(
        Hold.objects.filter(
            statement_id__in=list(statement_ids), side_id=member.side_id, state=Hold.State.RETURNED
        ).values_list("statement_id", flat=True)
    )


_Row = TypeVar("_Row", bound=Model)


def _pk(row_id: object, missing: ActionError) -> int:
    try:
        return int(str(row_id))
    except ValueError:
        raise missing from None


def _locked(rows: QuerySet[_Row], row_id: object, missing: ActionError) -> _Row:
    """The row of ROWS with id ROW_ID, locked (only itself: a joined side may be null), or MISSING raised."""
    found = rows.select_for_update(of=("self",)).filter(pk=_pk(row_id, missing)).first()
    if found is None:
        raise missing
    return found


def lock_cases_and_statements(statement_ids: list[int]) -> None:
    """Lock these statements' open cases, then the statements, in the order every moderation path takes.

    The order is: case, statement, appeal, and only then the dialogue row (which appending to the
    record locks). Deciding a hold, returning one at 48 hours, answering an appeal and removing by
    proposal all follow it, so two requests on one statement never wait for each other in a circle
    (a deadlock, which PostgreSQL ends by failing one of them).
    """
    open_cases = Hold.objects.select_for_update().filter(
        statement_id__in=statement_ids, state__in=[Hold.State.HELD, Hold.State.KEPT]
    )
    list(open_cases.order_by("id").values_list("id", flat=True))
    statements = Statement.objects.select_for_update().filter(pk__in=statement_ids)
    list(statements.order_by("id").values_list("id", flat=True))


def access_hold(member: Membership | None, hold_id: object) -> tuple[Membership, Hold]:
    """An open moderation case of the member's dialogue, locked, for a moderator to decide."""
    member = check_moderates(member)
    hold = _locked(
        Hold.objects.filter(dialogue_id=member.dialogue_id).select_related("statement", "side"),
        hold_id,
        ActionError(_("There is no such moderation case."), field="hold"),
    )
    if not hold.is_open:
        raise ActionError(_("This case is already closed: %(state)s.") % {"state": hold.get_state_display().lower()})
    return member, hold


def check_can_decide_hold(member: Membership, hold: Hold, decision: str) -> None:
    """Returning a held statement: either side. Removing or keeping: the other side's agreement;
    for an automatic hold, both sides in turn. A kept hold returns only by its own side's choice;
    a kept automatic hold, only when both sides have chosen to return it."""
    if decision not in DECISIONS:
        raise ActionError(_("Choose remove, keep on hold or return."), field="decision")
    own = hold.side_id is not None and hold.side_id == member.side_id
    if hold.state == Hold.State.KEPT:
        if decision != "return":
            raise ActionError(_("Both sides already agreed to keep it on hold; it can only be returned now."))
        if hold.side_id is not None and not own:
            raise NotAllowed(_("Only the side that held it can return a statement both sides kept on hold."))
        if hold.side_id is None and hold.decisions.get(member.side.label) == "return":
            raise ActionError(
                _("Your side has already chosen to return it; it returns when the other side chooses so too.")
            )
        return
    if decision == "return":
        return
    if own:
        raise NotAllowed(_("Removing a statement or keeping it on hold needs a moderator of the other side to agree."))
    if hold.side_id is None and member.side.label in hold.decisions:
        raise ActionError(_("Your side has already decided; the other side decides next."))


def access_appealable_hold(member: Membership | None, statement_id: object) -> tuple[Membership, Hold]:
    """The latest case of the member's own statement that hides it, which they may appeal once."""
    member = require_member(member)
    statement = Statement.objects.filter(pk=_statement_pk(statement_id), dialogue_id=member.dialogue_id).first()
    if statement is None:
        raise ActionError(_("That statement does not exist."), field="statement")
    if statement.author_id != member.pk:
        raise NotAllowed(_("Only the author of a statement can appeal its moderation."))
    hold = (
        Hold.objects.select_for_update(of=("self",))
        .filter(statement=statement, state__in=[Hold.State.HELD, Hold.State.KEPT, Hold.State.REMOVED])
        .order_by("-created_at", "-id")
        .first()
    )
    if hold is None or statement.status == Statement.Status.VISIBLE:
        raise ActionError(_("This statement is not on hold or removed, so there is nothing to appeal."))
    if Appeal.objects.filter(hold=hold).exists():
        raise ActionError(_("You have already appealed this decision; an appeal is made once."))
    return member, hold


def access_appeal(member: Membership | None, appeal_id: object) -> tuple[Membership, Appeal]:
    """An open appeal of the member's dialogue, locked, for a moderator of a side that has not answered."""
    member = check_moderates(member)
    appeals = Appeal.objects.filter(statement__dialogue_id=member.dialogue_id)
    missing = ActionError(_("There is no such appeal."), field="appeal")
    # Its case and statement first, then the appeal: the order every moderation path locks in.
    statement_id = appeals.filter(pk=_pk(appeal_id, missing)).values_list("statement_id", flat=True).first()
    if statement_id is None:
        raise missing
    lock_cases_and_statements([statement_id])
    appeal = _locked(appeals.select_related("hold", "statement"), appeal_id, missing)
    if appeal.state != Appeal.State.OPEN:
        raise ActionError(_("This appeal is already answered."))
    if member.side.label in appeal.answers:
        raise ActionError(_("Your side has already answered this appeal; the other side answers next."))
    return member, appeal
