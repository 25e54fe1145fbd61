"""What the moderation pages show, as plain dicts: a side's queue, the public page, an author's cases.

The public log is read from the record's `statement.moderated` entries, so it shows exactly what
the record says, and never who flagged a statement (the record does not know).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from parley.dialogues import queries as dialogue_queries
from parley.dialogues.language_check import written_language
from parley.dialogues.models import LANGUAGE_CODES, Dialogue, Membership, Statement
from parley.dialogues.provenance import translations_prefetch
from parley.lang.names import collation_key
from parley.ledger.models import RecordEntry
from parley.ledger.openings import opened_entries
from parley.moderation import access as moderation_access
from parley.moderation.models import Appeal, BlocklistTerm, Flag, Hold, ModerationPolicy
from parley.proposals.queries import FORM_CHOICES
from parley.record.entries import STATEMENT_MODERATED

LOG_LIMIT = 200


def rule_label(rule: str) -> str:
    extra = {
        "48h": _("48 hours passed without the other side's agreement"),
        "appeal": _("Appeal granted by both sides"),
    }
    if rule in extra:
        return extra[rule]
    return str(Hold.Rule(rule).label) if rule in Hold.Rule.values else rule


def _statement_brief(statement: Statement, language: str) -> dict[str, Any]:
    return {**dialogue_queries.statement_dict(statement, language), "status": statement.status}


def _hold_dict(hold: Hold, language: str, side_names: dict[int, str]) -> dict[str, Any]:
    return {
        "id": hold.pk,
        "statement": _statement_brief(hold.statement, language),
        "rule": hold.rule,
        "rule_label": rule_label(hold.rule),
        "reason": hold.reason,
        # Kept since holds record their language; older ones are identified from their text.
        "reason_lang": hold.language
        or written_language(hold.reason, hold.opened_by.language if hold.opened_by else ""),
        "state": hold.state,
        "state_label": str(Hold.State(hold.state).label),
        "side": side_names.get(hold.side_id) if hold.side_id else None,
        "automatic": hold.side_id is None,
        "created_at": hold.created_at.isoformat(),
        "deadline": hold.deadline.isoformat(),
        "decisions": dict(hold.decisions),
    }


def lapsed(prefix: str = "") -> Q:
    """Holds past their 48 hours without the other side's answer: returned as of now, though no
    write has settled them yet (`moderation.settle_holds`). The pages show them as returned."""
    return Q(**{f"{prefix}state": Hold.State.HELD, f"{prefix}deadline__lte": timezone.now()})


def queue(dialogue: Dialogue, member: Membership, language: str) -> dict[str, Any]:
    """One side's work: flags to look at, holds awaiting it or the other side, appeals to answer."""
    side_names = {s.pk: s.name_text(language) for s in dialogue.ordered_sides()}
    label = member.side.label
    flags: dict[int, dict[str, Any]] = {}
    pending = (
        Flag.objects.filter(statement__dialogue=dialogue, statement__status=Statement.Status.VISIBLE, handled=False)
        .exclude(dismissed_by=member.side_id)
        .select_related("statement")
        .prefetch_related(translations_prefetch("statement__"))
    )
    reasons: dict[int, Counter[str]] = defaultdict(Counter)
    for flag in pending:
        # Never who flagged: moderators judge the statement, not the people who pointed at it.
        row = flags.setdefault(
            flag.statement_id,
            {"statement": _statement_brief(flag.statement, language), "notes": [], "first_at": flag.created_at},
        )
        reasons[flag.statement_id][flag.reason] += 1
        if flag.note:
            row["notes"].append({"text": flag.note, "lang": written_language(flag.note, flag.flagger.language)})
    held_before = moderation_access.held_once(member, flags)
    for statement_id, row in flags.items():
        # A side holds a statement once; after it returned, only a removal proposal hides it again.
        row["can_hold"] = statement_id not in held_before
        counted = reasons[statement_id].most_common()
        row["reasons"] = [{"code": code, "label": str(Flag.Reason(code).label), "count": n} for code, n in counted]
        row["top_reason"] = counted[0][0]
        row["first_at"] = row["first_at"].isoformat()
    holds = (
        Hold.objects.filter(dialogue=dialogue, state__in=[Hold.State.HELD, Hold.State.KEPT])
        .exclude(lapsed())
        .select_related("statement")
        .prefetch_related(translations_prefetch("statement__"))
        .order_by("deadline", "id")
    )
    awaiting_us, awaiting_them, kept = [], [], []
    for hold in holds:
        row = _hold_dict(hold, language, side_names)
        own = hold.side_id == member.side_id
        if hold.state == Hold.State.KEPT:
            # A kept automatic hold returns when both sides have chosen to return it.
            row["awaiting_other_return"] = hold.side_id is None and hold.decisions.get(label) == "return"
            row["can_return"] = (hold.side_id is None and not row["awaiting_other_return"]) or own
            kept.append(row)
        elif own or (hold.side_id is None and label in hold.decisions):
            awaiting_them.append(row)
        else:
            awaiting_us.append(row)
    appeals = [
        {
            "id": appeal.pk,
            "text": appeal.text,
            "created_at": appeal.created_at.isoformat(),
            "case": _hold_dict(appeal.hold, language, side_names),
            "answers": dict(appeal.answers),
        }
        for appeal in Appeal.objects.filter(statement__dialogue=dialogue, state=Appeal.State.OPEN)
        .exclude(lapsed("hold__"))
        .select_related("hold", "hold__statement")
        .order_by("created_at", "id")
        if label not in appeal.answers
    ]
    return {
        "flags": sorted(flags.values(), key=lambda r: r["first_at"]),
        "awaiting_us": awaiting_us,
        "awaiting_them": awaiting_them,
        "kept": kept,
        "appeals": appeals,
    }


def policy(dialogue: Dialogue, language: str) -> dict[str, Any]:
    found = ModerationPolicy.objects.filter(dialogue=dialogue).first()
    if found is None:
        return {"text": "", "language": None, "others": [], "adopted_at": None}
    # The language of the text shown (`ModerationPolicy.text` picks it in this order).
    shown = next((c for c in (language, *LANGUAGE_CODES) if found.texts.get(c)), None)
    return {
        "text": found.text(language),
        "language": shown,
        # The policy in force is translated as one text per adoption (`translations.texts`).
        "proposal": found.proposal_id,
        "written_in_reader_language": bool(found.texts.get(language)),
        "others": [
            {"code": code, "name": dialogue_queries.language_label(code), "text": text}
            for code, text in found.texts.items()
            if code != shown and text
        ],
        "adopted_at": found.adopted_at.isoformat(),
    }


def blocklist(dialogue: Dialogue) -> list[dict[str, Any]]:
    per_language: dict[str, list[str]] = defaultdict(list)
    for term in BlocklistTerm.objects.filter(dialogue=dialogue):
        per_language[term.language].append(term.term)
    return [
        {
            "code": code,
            "name": dialogue_queries.language_label(code),
            "terms": sorted(per_language[code], key=collation_key(code)),
        }
        for code in dialogue.languages
        if per_language.get(code)
    ]


def _action_label(status: str, payload: dict[str, Any]) -> str:
    if payload.get("decision") == "keep":
        return _("Kept on hold by both sides")
    if status == Statement.Status.ON_HOLD:
        return pgettext("moderation log", "Put on hold")
    if status == Statement.Status.REMOVED:
        return _("Merged as a duplicate") if "merged_into" in payload else _("Removed")
    if payload.get("rule") == "appeal":
        return _("Restored after an appeal")
    return _("Returned to the dialogue")


def _moderated_statement(found: tuple[str, str, str, str] | None) -> dict[str, Any]:
    """What the log says of the statement: its text and language while the record shows it, or the public
    reason its text was withdrawn; and whether it is visible in the dialogue (then the log links to it)."""
    if found is None:
        return {"statement_visible": False, "statement_text": "", "statement_lang": "", "statement_withdrawn": ""}
    status, text, language, withdrawn = found
    return {
        "statement_visible": status == Statement.Status.VISIBLE,
        "statement_text": "" if withdrawn else text,
        "statement_lang": language,
        "statement_withdrawn": pgettext("moderation log", "removed: %(rule)s") % {"rule": rule_label(withdrawn)}
        if withdrawn
        else "",
    }


def log(dialogue: Dialogue, language: str) -> list[dict[str, Any]]:
    """Every hold, removal, return and restoration, newest first, as the record has them."""
    side_names = {s.label: s.name_text(language) for s in dialogue.ordered_sides()}
    rows = list(RecordEntry.objects.filter(dialogue=dialogue, type=STATEMENT_MODERATED).order_by("-seq")[:LOG_LIMIT])
    languages = dict(Membership.objects.filter(dialogue=dialogue).values_list("pk", "language"))
    statements = {
        pk: (status, text, lang, withdrawn)
        for pk, status, text, lang, withdrawn in Statement.objects.filter(
            dialogue=dialogue, pk__in={json.loads(bytes(r.data))["payload"].get("statement") for r in rows}
        ).values_list("pk", "status", "text", "language", "withdrawn_rule")
    }
    entries = []
    # Each reason's language, for its translation and its `lang` (holds from before it: the first language).
    reason_languages = dict(Hold.objects.filter(dialogue=dialogue).values_list("pk", "language"))
    # Reasons are sealed in the record: readers see their opened values, or "withdrawn: <rule>".
    for entry in opened_entries(dialogue.pk, rows):
        payload, actor = entry["payload"], entry.get("actor")
        status = payload.get("status", "")
        entries.append(
            {
                "seq": entry["seq"],
                "time": entry["time"],
                "statement": payload.get("statement"),
                **_moderated_statement(statements.get(payload.get("statement"))),
                "status": status,
                "action": _action_label(status, payload),
                "rule": payload.get("rule", ""),
                "rule_label": rule_label(str(payload.get("rule", ""))),
                "reason": payload.get("reason", ""),
                "case": payload.get("case"),
                "reason_lang": reason_languages.get(payload.get("case"))
                or written_language(
                    str(payload.get("reason", "")),
                    languages.get(actor.get("member", 0), "") if isinstance(actor, dict) else "",
                ),
                "merged_into": payload.get("merged_into"),
                "proposal": payload.get("proposal"),
                "side": side_names.get(actor["side"], actor["side"]) if isinstance(actor, dict) else None,
            }
        )
    return entries


def author_cases(member: Membership, language: str) -> list[dict[str, Any]]:
    """The member's own statements that are on hold or removed, with whether they may still appeal."""
    side_names = {s.pk: s.name_text(language) for s in member.dialogue.ordered_sides()}
    found = []
    # Each statement's latest hold not returned, with its statement, opener and appeal: one query (and
    # one for the statements' translations) however many cases the member has.
    holds = (
        Hold.objects.filter(statement__author=member)
        .exclude(statement__status=Statement.Status.VISIBLE)
        .exclude(state=Hold.State.RETURNED)
        .select_related("statement", "opened_by", "appeal")
        .prefetch_related(translations_prefetch("statement__"))
        .order_by("statement__dialogue", "statement__created_at", "statement__id", "-id")  # as Statement's Meta
    )
    latest: dict[int, Hold] = {}
    for hold in holds:
        latest.setdefault(hold.statement_id, hold)
    now = timezone.now()
    for hold in latest.values():
        if hold.state == Hold.State.HELD and hold.deadline <= now:
            # A case past its 48 hours: the statement is back (as settling will record).
            continue
        appeal = getattr(hold, "appeal", None)
        found.append(
            {
                **_hold_dict(hold, language, side_names),
                "appeal": {"state": appeal.state, "state_label": str(Appeal.State(appeal.state).label)}
                if appeal
                else None,
            }
        )
    return found


def author_case(member: Membership, statement_id: int, language: str) -> dict[str, Any] | None:
    return next((c for c in author_cases(member, language) if c["statement"]["id"] == statement_id), None)


def proposal_choices(dialogue: Dialogue) -> dict[str, Any]:
    """What the moderation proposal forms offer: statements to remove or merge, present blocklist terms."""
    # Removed statements whose text is still in the record can be proposed for withdrawal; their text is
    # not shown again here.
    statements = Statement.objects.filter(dialogue=dialogue).exclude(
        status=Statement.Status.REMOVED, withdrawn_rule__gt=""
    )
    return {
        "moderation_statements": [
            {
                "id": s.pk,
                "text": "" if s.status == Statement.Status.REMOVED else s.text[:80],
                "language": "" if s.status == Statement.Status.REMOVED else s.language,
                "status": s.status,
            }
            for s in statements.order_by("id")
        ],
        "rule_choices": Flag.Reason.choices,
        "blocklist_now": blocklist(dialogue),
    }


FORM_CHOICES.append(proposal_choices)
