"""Two-sided moderation: every write of flags, holds, appeals and automatic blocklist holds.

A moderator of either side hides a statement at once (a hold, with a public reason). Removing it
for good, or keeping it hidden past 48 hours, takes a moderator of the other side; otherwise it
returns by itself (`settle_holds`, run by `do_settle`). A side holds a statement once: after it
came back, only a removal proposal hides it again. Each side sets flags aside for itself alone.
Each step is one transaction with its record entry. Flags are recorded without their flagger.
The proposal kinds of moderation (remove, merge, policy, blocklist) are in `moderation_kinds`.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from parley.dialogues.access import ActionError
from parley.dialogues.models import Membership, Side, Statement
from parley.dialogues.signals import free_text_written, statement_visible
from parley.lang import fold_case, normalise_text
from parley.ledger import log
from parley.moderation import access
from parley.moderation.models import HOLD_HOURS, Appeal, BlocklistTerm, Flag, Hold
from parley.proposals.actions import DUE, SETTLERS
from parley.record.entries import (
    APPEAL_ANSWERED,
    MODERATION_DECIDED,
    STATEMENT_APPEALED,
    STATEMENT_FLAGGED,
    STATEMENT_FLAGS_DISMISSED,
    STATEMENT_MODERATED,
)

MAX_NOTE = 300
MAX_REASON = 500
MAX_APPEAL = 1000
_WORD = re.compile(r"\w+")


# --- text helpers --------------------------------------------------------------------------------


def clean_rule(rule: object, *, field: str = "rule") -> str:
    """One of the flag reasons, which are also the rules a moderator holds a statement under."""
    if rule not in Flag.Reason.values:
        raise ActionError(_("Choose a reason from the list."), field=field)
    return str(rule)


def clean_text(value: object, *, field: str, limit: int, required: bool, message: str) -> str:
    text = normalise_text(value) if isinstance(value, str) else ""
    if required and not text:
        raise ActionError(message, field=field)
    if len(text) > limit:
        raise ActionError(_("At most %(max)d characters, please.") % {"max": limit}, field=field)
    return text


def folded_words(text: str, language: str) -> list[str]:
    """The words of TEXT in LANGUAGE, case- and form-folded by that language's rules (in Azerbaijani
    "SATQIN" is "satqın", "İblis" is "iblis"): what the blocklist compares."""
    return _WORD.findall(fold_case(text, language))


def term_key(term: str, language: str) -> str:
    return " ".join(folded_words(term, language))


def blocked_term(dialogue_id: int, language: str, text: str) -> BlocklistTerm | None:
    """The first blocklist term of LANGUAGE that TEXT contains as whole words, if any."""
    haystack = f" {' '.join(folded_words(text, language))} "
    for term in BlocklistTerm.objects.filter(dialogue_id=dialogue_id, language=language):
        if term.key and f" {term.key} " in haystack:
            return term
    return None


# --- flags ----------------------------------------------------------------------------------------


@transaction.atomic
def do_flag(member: Membership | None, statement_id: object, reason: object, note: object = "") -> Flag:
    """Flag a visible statement for the moderators of both sides; the record never names the flagger."""
    member, statement = access.access_flaggable_statement(member, statement_id)
    clean_reason = clean_rule(reason, field="reason")
    clean_note = clean_text(note, field="note", limit=MAX_NOTE, required=False, message="")
    already = _("You have already flagged this statement; the moderators have your flag.")
    if Flag.objects.filter(statement=statement, flagger=member).exists():
        raise ActionError(already)
    try:
        # A second request of the same member may pass the check above at the same moment.
        with transaction.atomic():
            flag = Flag.objects.create(statement=statement, flagger=member, reason=clean_reason, note=clean_note)
    except IntegrityError:
        raise ActionError(already) from None
    log.append(statement.dialogue_id, STATEMENT_FLAGGED, {"statement": statement.pk, "reason": clean_reason})
    return flag


@transaction.atomic
def do_dismiss_flags(member: Membership | None, statement_id: object) -> int:
    """Set aside, for the moderator's own side only, the flags on a visible statement: they found nothing
    to hold. The other side's moderators still see the flags and judge for themselves."""
    member, statement = access.access_statement_for_moderation(member, statement_id)
    waiting = list(
        Flag.objects.filter(statement=statement, handled=False).exclude(dismissed_by=member.side_id).order_by("id")
    )
    if not waiting:
        raise ActionError(_("This statement has no flags waiting for your side."), field="statement")
    Flag.dismissed_by.through.objects.bulk_create(
        [Flag.dismissed_by.through(flag_id=flag.pk, side_id=member.side_id) for flag in waiting]
    )
    log.append(
        statement.dialogue_id,
        STATEMENT_FLAGS_DISMISSED,
        {"statement": statement.pk, "flags": len(waiting), "side": member.side.label},
        actor=member,
    )
    return len(waiting)


# --- holds ----------------------------------------------------------------------------------------


@transaction.atomic
def do_hold(member: Membership | None, statement_id: object, rule: object, reason: object) -> Hold:
    """Hide a visible statement at once, with a public reason, until the other side decides."""
    member, statement = access.access_statement_to_hold(member, statement_id)
    clean = clean_rule(rule)
    text = clean_text(
        reason,
        field="reason",
        limit=MAX_REASON,
        required=True,
        message=_("Give a public reason: everyone reads it in the moderation log."),
    )
    hold = _open_hold(statement, clean, text, opened_by=member)
    # A hold takes up the flags for both sides.
    Flag.objects.filter(statement=statement, handled=False).update(handled=True)
    set_status(statement, Statement.Status.ON_HOLD, hold, actor=member)
    # The reason is read by both sides: translated into the dialogue's other languages once committed.
    transaction.on_commit(lambda: free_text_written.send(Hold, kind="hold.reason", object_id=hold.pk))
    return hold


# Scripts that name their language among Parley's: Armenian letters, Cyrillic.
_SCRIPTS = (("hy", "\u0531", "\u058f"), ("ru", "\u0400", "\u04ff"))


def reason_language(statement: Statement, opened_by: Membership | None, reason: str) -> str:
    """The language a hold's reason is written in: told by its script when that is Armenian or
    Cyrillic; else the moderator's language if it is written in Latin letters (az, en); else the
    dialogue's first language in Latin letters. A blocklist hold's reason: the dialogue's first language."""
    languages = list(statement.dialogue.languages)
    if opened_by is None:
        return languages[0] if languages else ""
    for code, low, high in _SCRIPTS:
        if code in languages and any(low <= char <= high for char in reason):
            return code
    latin = [code for code in languages if code not in ("hy", "ru")]
    active = (get_language() or "").split("-")[0]
    return active if active in latin else (latin or languages or [""])[0]


def _open_hold(statement: Statement, rule: str, reason: str, *, opened_by: Membership | None) -> Hold:
    now = timezone.now()
    return Hold.objects.create(
        dialogue_id=statement.dialogue_id,
        statement=statement,
        opened_by=opened_by,
        side_id=opened_by.side_id if opened_by else None,
        rule=rule,
        reason=reason,
        language=reason_language(statement, opened_by, reason),
        created_at=now,
        deadline=now + timedelta(hours=HOLD_HOURS),
    )


def set_status(
    statement: Statement,
    status: str,
    hold: Hold,
    *,
    actor: Membership | None,
    rule: str | None = None,
    **extra: Any,
) -> None:
    """Give STATEMENT its new status and append the `statement.moderated` entry the log shows.

    A statement that becomes visible again sends `statement_visible` once this transaction commits."""
    was_visible = statement.status == Statement.Status.VISIBLE
    statement.status = status
    statement.save(update_fields=["status"])
    if status == Statement.Status.VISIBLE:
        # An appeal still waiting has nothing left to ask for.
        Appeal.objects.filter(statement=statement, state=Appeal.State.OPEN).update(
            state=Appeal.State.SETTLED, closed_at=timezone.now()
        )
        if not was_visible:
            statement_id = statement.pk
            transaction.on_commit(lambda: statement_visible.send(sender=Statement, statement_id=statement_id))
    payload = {
        "statement": statement.pk,
        "status": status,
        "rule": rule or hold.rule,
        "reason": hold.reason,
        "case": hold.pk,
        **extra,
    }
    # The reason is free text, sealed so that it can be withdrawn (`log.Private`).
    payload["reason"] = log.Private(payload["reason"])
    log.append(statement.dialogue_id, STATEMENT_MODERATED, payload, actor=actor)


def _close(hold: Hold, state: str) -> None:
    hold.state = state
    hold.closed_at = timezone.now() if state != Hold.State.KEPT else None
    hold.save(update_fields=["state", "decisions", "closed_at"])


@transaction.atomic
def do_decide_hold(member: Membership | None, hold_id: object, decision: object) -> Hold:
    """Remove, keep on hold or return a held statement (see `check_can_decide_hold` for who may)."""
    member, hold = access.access_hold(member, hold_id)
    choice = str(decision)
    access.check_can_decide_hold(member, hold, choice)
    statement = Statement.objects.select_for_update().get(pk=hold.statement_id)
    label = member.side.label
    if choice == "return" and hold.side_id is None and hold.state == Hold.State.KEPT:
        # Both sides kept the blocklist's hold: it ends only when both choose to return it.
        hold.decisions = {**hold.decisions, label: "return"}
        labels = set(Side.objects.filter(dialogue_id=hold.dialogue_id).values_list("label", flat=True))
        if not all(hold.decisions.get(side) == "return" for side in labels):
            hold.save(update_fields=["decisions"])
            _log_decided(hold, member, "return")
            return hold
    if choice == "return":
        _close(hold, Hold.State.RETURNED)
        set_status(statement, Statement.Status.VISIBLE, hold, actor=member, decision="return")
        return hold
    if hold.side_id is None:
        others = {side: d for side, d in hold.decisions.items() if side != label}
        hold.decisions = {**hold.decisions, label: choice}
        if not others:
            # An automatic hold: the first side's decision waits for the other side's.
            hold.save(update_fields=["decisions"])
            _log_decided(hold, member, choice)
            return hold
        # Should the sides differ, the milder outcome stands: kept on hold rather than removed.
        choice = "keep" if "keep" in (choice, *others.values()) else "remove"
    else:
        hold.decisions = {**hold.decisions, label: choice}
    if choice == "remove":
        _close(hold, Hold.State.REMOVED)
        set_status(statement, Statement.Status.REMOVED, hold, actor=member, decision="remove")
    else:
        _close(hold, Hold.State.KEPT)
        set_status(statement, Statement.Status.ON_HOLD, hold, actor=member, decision="keep")
    return hold


def _log_decided(hold: Hold, member: Membership, decision: str) -> None:
    """One side's decision on an automatic hold, which waits for the other side's."""
    log.append(
        hold.dialogue_id,
        MODERATION_DECIDED,
        {"case": hold.pk, "statement": hold.statement_id, "decision": decision},
        actor=member,
    )


def settle_holds(dialogue_id: int) -> None:
    """Return every statement held past its 48 hours without the other side agreeing."""
    due = Hold.objects.select_for_update().filter(
        dialogue_id=dialogue_id, state=Hold.State.HELD, deadline__lte=timezone.now()
    )
    for hold in due.order_by("deadline", "id"):
        statement = Statement.objects.select_for_update().get(pk=hold.statement_id)
        _close(hold, Hold.State.RETURNED)
        set_status(statement, Statement.Status.VISIBLE, hold, actor=None, rule="48h")


def dialogues_with_holds_due() -> set[int]:
    """The dialogues with a hold past its limit (`settle_everything` settles them)."""
    due = Hold.objects.filter(state=Hold.State.HELD, deadline__lte=timezone.now())
    return set(due.values_list("dialogue_id", flat=True))


SETTLERS.append(settle_holds)
DUE.append(dialogues_with_holds_due)


def hold_if_blocked(statement: Statement) -> Hold | None:
    """Put a new statement on hold if its text holds a blocklist term of its language.

    Called by `do_submit_statement` inside its transaction, after the author's own vote.
    """
    term = blocked_term(statement.dialogue_id, statement.language, statement.text)
    if term is None:
        return None
    hold = _open_hold(statement, Hold.Rule.BLOCKLIST, f"{term.language}: {term.term}", opened_by=None)
    set_status(statement, Statement.Status.ON_HOLD, hold, actor=None, language=term.language, term=term.term)
    return hold


def close_by_agreement(
    statement: Statement, rule: str, reason: str, *, proposer: Membership, approver: Membership, **extra: Any
) -> Hold:
    """Remove STATEMENT as an approved proposal says: its open case closes, or a closed case is opened."""
    hold = Hold.objects.select_for_update().filter(statement=statement, state__in=[Hold.State.HELD, Hold.State.KEPT])
    case = hold.first() or _open_hold(statement, rule, reason, opened_by=proposer)
    case.decisions = {**case.decisions, proposer.side.label: "remove", approver.side.label: "remove"}
    _close(case, Hold.State.REMOVED)
    set_status(statement, Statement.Status.REMOVED, case, actor=approver, rule=rule, reason=reason, **extra)
    return case


# --- appeals --------------------------------------------------------------------------------------


@transaction.atomic
def do_appeal(member: Membership | None, statement_id: object, text: object) -> Appeal:
    """The author appeals, once, against the hold or removal of their statement; both sides answer."""
    member, hold = access.access_appealable_hold(member, statement_id)
    clean = clean_text(
        text,
        field="text",
        limit=MAX_APPEAL,
        required=True,
        message=_("Say why your statement should return: the moderators of both sides read it."),
    )
    appeal = Appeal.objects.create(hold=hold, statement_id=hold.statement_id, text=clean)
    log.append(
        member.dialogue_id,
        STATEMENT_APPEALED,
        {"statement": hold.statement_id, "case": hold.pk, "appeal": appeal.pk},
        actor=member,
    )
    return appeal


@transaction.atomic
def do_answer_appeal(member: Membership | None, appeal_id: object, answer: object) -> Appeal:
    """Answer an appeal for one's side: restored only when both sides say restore; one uphold ends it."""
    member, appeal = access.access_appeal(member, appeal_id)
    if answer not in access.ANSWERS:
        raise ActionError(_("Answer restore or uphold."), field="answer")
    appeal.answers = {**appeal.answers, member.side.label: str(answer)}
    labels = set(Side.objects.filter(dialogue_id=member.dialogue_id).values_list("label", flat=True))
    if answer == "uphold":
        appeal.state = Appeal.State.UPHELD
    elif set(appeal.answers) >= labels and all(a == "restore" for a in appeal.answers.values()):
        appeal.state = Appeal.State.RESTORED
    if appeal.state != Appeal.State.OPEN:
        appeal.closed_at = timezone.now()
    appeal.save(update_fields=["answers", "state", "closed_at"])
    log.append(
        member.dialogue_id,
        APPEAL_ANSWERED,
        {
            "appeal": appeal.pk,
            "statement": appeal.statement_id,
            "case": appeal.hold_id,
            "answer": str(answer),
            "outcome": appeal.state,
        },
        actor=member,
    )
    if appeal.state == Appeal.State.RESTORED:
        hold = Hold.objects.select_for_update().get(pk=appeal.hold_id)
        statement = Statement.objects.select_for_update().get(pk=appeal.statement_id)
        _close(hold, Hold.State.RETURNED)
        set_status(statement, Statement.Status.VISIBLE, hold, actor=member, rule="appeal", appeal=appeal.pk)
    return appeal
