"""Joint statements: every write, one transaction with its record entry each.

Drafting from common ground and amending are here. Finalising (a proposal the other side approves,
kind `finalise_joint_statement`), the co-chairs' signatures and ratification are in `ratification`;
the participants' votes on the final text in `votes`. Both are re-exported below, so that every
joint write is called as `parley.joint.actions.do_...`.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parley.dialogues.access import ActionError, require_member
from parley.dialogues.models import LANGUAGE_CODES, Membership, Statement, StatementTranslation
from parley.dialogues.provenance import translations_prefetch
from parley.dialogues.signals import free_text_written
from parley.dialogues.validation import clean_language, clean_reason, texts_per_language
from parley.joint import access as joint_access
from parley.joint import queries as joint_queries
from parley.joint import ratification
from parley.joint import votes as joint_votes
from parley.joint.models import Amendment, JointStatement, JointVersion
from parley.lang import normalise_text
from parley.ledger import log
from parley.record.entries import (
    JOINT_AMENDMENT_ACCEPTED,
    JOINT_AMENDMENT_PROPOSED,
    JOINT_AMENDMENT_REJECTED,
    JOINT_AMENDMENT_WITHDRAWN,
    JOINT_DRAFTED,
)

MAX_CLAUSE = 1000
MAX_TITLE = 200
MAX_CLAUSES = 50


def clean_clause_text(text: object, field: str = "text") -> str:
    value = normalise_text(text) if isinstance(text, str) else ""
    if not value:
        raise ActionError(_("Write the clause's text: it is empty."), field=field)
    if len(value) > MAX_CLAUSE:
        raise ActionError(_("A clause has at most %(max)d characters.") % {"max": MAX_CLAUSE}, field=field)
    return value


def _statement_ids(value: object) -> list[int]:
    items = value if isinstance(value, list | tuple) else [value] if value else []
    ids: list[int] = []
    for item in items:
        try:
            pk = int(str(item))
        except ValueError:
            raise ActionError(_("Choose statements from the list."), field="statements") from None
        if pk not in ids:
            ids.append(pk)
    return ids


# --- drafting --------------------------------------------------------------------------------------


@transaction.atomic
def do_start_joint(member: Membership | None, title: object, statements: object) -> JointStatement:
    """Start a draft whose clauses are common-ground statements of the latest analysis, in every language."""
    member = joint_access.check_can_draft(member)
    clean_title = texts_per_language(dict(title) if isinstance(title, Mapping) else {}, "title", MAX_TITLE, True)
    found = joint_queries.common_ground_ids(member.dialogue)
    if found is None:
        raise ActionError(
            _("There is no finished analysis yet, so no common ground to draft from. Run the analysis first.")
        )
    run, candidates = found
    ids = _statement_ids(statements)
    if not ids:
        raise ActionError(_("Choose at least one common-ground statement."), field="statements")
    if len(ids) > MAX_CLAUSES or any(pk not in candidates for pk in ids):
        raise ActionError(_("Choose statements from the latest analysis's common ground."), field="statements")
    rows = Statement.objects.filter(pk__in=ids, dialogue_id=member.dialogue_id).prefetch_related(
        translations_prefetch()
    )
    by_id = {s.pk: s for s in rows}
    clauses = []
    for number, pk in enumerate(ids, start=1):
        statement = by_id[pk]
        # A disputed rendering, or a failed machine attempt (no text), is no clause text: the drafters
        # add that language by amendment.
        texts = {
            t.language: t.text
            for t in statement.translations.all()
            if t.language in LANGUAGE_CODES and t.text and t.status != StatementTranslation.Status.DISPUTED
        }
        texts[statement.language] = statement.text
        ordered = {code: texts[code] for code in LANGUAGE_CODES if code in texts}
        clauses.append({"key": str(number), "texts": ordered, "original": statement.language, "sources": [pk]})
    joint = JointStatement.objects.create(dialogue_id=member.dialogue_id, title=clean_title, started_by=member)
    JointVersion.objects.create(joint=joint, number=1, clauses=clauses, made_by=member, reason="draft")
    log.append(
        member.dialogue_id,
        JOINT_DRAFTED,
        {"joint": joint.pk, "version": 1, "clauses": clauses, "title": clean_title, "run": run},
        actor=member,
    )
    transaction.on_commit(lambda: free_text_written.send(JointStatement, kind="joint.title", object_id=joint.pk))
    return joint


# --- amendments ------------------------------------------------------------------------------------


@transaction.atomic
def do_propose_amendment(member: Membership | None, joint_id: object, data: Mapping[str, Any]) -> Amendment:
    """Propose a change to the draft: one language of a clause, a new clause, or a clause removed."""
    member = joint_access.check_can_amend(member)
    joint = joint_access.access_draft(member, joint_id)
    current = joint_queries.latest_version(joint)
    languages = member.dialogue.languages or LANGUAGE_CODES
    action = data.get("action")
    key, language, position = "", "", None
    texts: dict[str, str] = {}
    if action in (Amendment.Action.EDIT, Amendment.Action.REMOVE):
        clause = current.clause(str(data.get("clause", "")))
        if clause is None:
            raise ActionError(_("Choose a clause of the current version."), field="clause")
        key = clause["key"]
        if action == Amendment.Action.EDIT:
            language = clean_language(data.get("language"), languages)
            text = clean_clause_text(data.get("text"))
            if clause["texts"].get(language) == text:
                raise ActionError(_("Nothing would change: the clause already reads so."), field="text")
            texts = {language: text}
        elif len(current.clauses) == 1:
            raise ActionError(_("A joint statement keeps at least one clause."), field="clause")
    elif action == Amendment.Action.ADD:
        asked = data.get("texts")
        texts = texts_per_language(dict(asked) if isinstance(asked, Mapping) else {}, "texts", MAX_CLAUSE, True)
        texts = {code: texts[code] for code in languages if code in texts}
        if not texts:
            raise ActionError(_("Write the new clause in at least one of the dialogue's languages."), field="texts")
        asked_language = data.get("language")
        language = asked_language if isinstance(asked_language, str) and asked_language in texts else next(iter(texts))
        position = _position(data.get("position"), len(current.clauses))
        if len(current.clauses) >= MAX_CLAUSES:
            raise ActionError(_("A joint statement has at most %(max)d clauses.") % {"max": MAX_CLAUSES})
    else:
        raise ActionError(_("Choose what the amendment does."), field="action")
    amendment = Amendment.objects.create(
        joint=joint,
        proposed_by=member,
        side_id=member.side_id,
        action=action,
        clause=key,
        language=language,
        texts=texts,
        position=position,
        base_version=current.number,
    )
    log.append(
        member.dialogue_id,
        JOINT_AMENDMENT_PROPOSED,
        {
            "joint": joint.pk,
            "amendment": amendment.pk,
            "action": action,
            "clause": key,
            "language": language,
            "texts": texts,
            "position": position,
            "base_version": current.number,
            "side": member.side.label,
        },
        actor=member,
    )
    return amendment


def _position(value: object, count: int) -> int:
    if value in (None, ""):
        return count + 1
    try:
        position = int(str(value))
    except ValueError:
        raise ActionError(_("The position is a whole number."), field="position") from None
    if not 1 <= position <= count + 1:
        raise ActionError(_("The position is between 1 and %(max)d.") % {"max": count + 1}, field="position")
    return position


def _open_amendment(member: Membership | None, joint_id: object, amendment_id: object) -> tuple[Amendment, Membership]:
    member = require_member(member)
    joint = joint_access.access_draft(member, joint_id)
    return joint_access.access_amendment(member, joint, amendment_id), member


def _answer(amendment: Amendment, state: str, member: Membership, reason: str = "") -> None:
    amendment.state = state
    amendment.answered_by = member
    amendment.answered_at = timezone.now()
    amendment.reason = reason
    amendment.save(update_fields=["state", "answered_by", "answered_at", "reason"])


@transaction.atomic
def do_accept_amendment(member: Membership | None, joint_id: object, amendment_id: object) -> JointVersion:
    """Accept the other side's amendment: it makes the next version of the text."""
    amendment, member = _open_amendment(member, joint_id, amendment_id)
    joint_access.check_can_answer(member, amendment)
    joint = amendment.joint
    current = joint_queries.latest_version(joint)
    if amendment.action != Amendment.Action.ADD and current.number != amendment.base_version:
        base = joint.versions.get(number=amendment.base_version)
        if base.clause(amendment.clause) != current.clause(amendment.clause):
            raise ActionError(
                _(
                    "This amendment was proposed on version %(base)d, and clause %(clause)s has changed since "
                    "(the text is now version %(now)d): it must be proposed again on the current text."
                )
                % {"base": amendment.base_version, "clause": amendment.clause, "now": current.number}
            )
    clauses = copy.deepcopy(current.clauses)
    if amendment.action == Amendment.Action.EDIT:
        clause = next(c for c in clauses if c["key"] == amendment.clause)
        merged = {**clause["texts"], **amendment.texts}
        clause["texts"] = {code: merged[code] for code in LANGUAGE_CODES if code in merged}
    elif amendment.action == Amendment.Action.REMOVE:
        if len(clauses) == 1:
            raise ActionError(_("A joint statement keeps at least one clause."))
        clauses = [c for c in clauses if c["key"] != amendment.clause]
    else:
        used = [int(c["key"]) for v in joint.versions.all() for c in v.clauses]
        new = {"key": str(max(used, default=0) + 1), "texts": amendment.texts, "original": amendment.language}
        clauses.insert(min((amendment.position or len(clauses) + 1) - 1, len(clauses)), {**new, "sources": []})
    version = JointVersion.objects.create(
        joint=joint,
        number=current.number + 1,
        clauses=clauses,
        made_by=member,
        reason=f"amendment {amendment.pk} accepted",
    )
    _answer(amendment, Amendment.State.ACCEPTED, member)
    log.append(
        joint.dialogue_id,
        JOINT_AMENDMENT_ACCEPTED,
        {"joint": joint.pk, "amendment": amendment.pk, "version": version.number, "clauses": clauses},
        actor=member,
    )
    return version


@transaction.atomic
def do_reject_amendment(member: Membership | None, joint_id: object, amendment_id: object, reason: object) -> Amendment:
    """Reject the other side's amendment, saying why."""
    amendment, member = _open_amendment(member, joint_id, amendment_id)
    joint_access.check_can_answer(member, amendment)
    text = clean_reason(reason)
    _answer(amendment, Amendment.State.REJECTED, member, text)
    log.append(
        amendment.joint.dialogue_id,
        JOINT_AMENDMENT_REJECTED,
        {"joint": amendment.joint_id, "amendment": amendment.pk, "reason": log.Private(text)},
        actor=member,
    )
    return amendment


@transaction.atomic
def do_withdraw_amendment(member: Membership | None, joint_id: object, amendment_id: object) -> Amendment:
    """Withdraw one's own side's amendment before the other side answers."""
    amendment, member = _open_amendment(member, joint_id, amendment_id)
    joint_access.check_can_withdraw(member, amendment)
    _answer(amendment, Amendment.State.WITHDRAWN, member)
    log.append(
        amendment.joint.dialogue_id,
        JOINT_AMENDMENT_WITHDRAWN,
        {"joint": amendment.joint_id, "amendment": amendment.pk},
        actor=member,
    )
    return amendment


# --- finalising, signing and ratification: parley.joint.ratification ----------------------------

FINALISE = ratification.FINALISE
do_sign_joint = ratification.do_sign_joint


# --- participants' votes on the final text: parley.joint.votes ---------------------------

do_vote_joint = joint_votes.do_vote_joint
