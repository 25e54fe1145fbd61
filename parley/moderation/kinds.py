"""The proposal kinds of moderation: remove or merge statements, the policy, the blocklist.

Each is proposed by one side and takes effect when the other side's co-chair or deputy approves
it (`parley.proposals.actions`); each apply re-checks what may have changed in the meantime.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parley.dialogues.access import ActionError
from parley.dialogues.models import Dialogue, Membership, Statement
from parley.dialogues.queries import language_label
from parley.dialogues.signals import free_text_written
from parley.dialogues.validation import texts_per_language
from parley.lang import normalise_text
from parley.ledger import log
from parley.moderation import access as moderation_access
from parley.moderation import actions as moderation
from parley.moderation.models import BlocklistTerm, ModerationPolicy
from parley.moderation.withdrawal import withdraw_text
from parley.proposals.kinds import LEADS, MODERATES, Kind, pk_of, register
from parley.proposals.models import Proposal
from parley.record.entries import BLOCKLIST_CHANGED, MODERATION_POLICY_ADOPTED

MAX_POLICY = 4000
MAX_TERM = 100
MAX_TERMS = 50


def _statement_of(dialogue_id: int, statement_id: int, *, lock: bool = False) -> Statement | None:
    rows = Statement.objects.select_for_update() if lock else Statement.objects.all()
    return rows.filter(pk=statement_id, dialogue_id=dialogue_id).first()


def _excerpt(dialogue: Dialogue, statement_id: int) -> str:
    """The statement's number, and the start of its text while everyone sees it. The proposals page is
    public: a held or removed statement's text (say, the personal data it was held for) stays hidden."""
    statement = _statement_of(dialogue.pk, statement_id)
    if statement is None or statement.status != Statement.Status.VISIBLE:
        return f"#{statement_id}"
    text = statement.text
    return f"#{statement_id} “{text[:60]}{'…' if len(text) > 60 else ''}”"


# --- removing a statement ----------------------------------------------------------------------------


def _clean_remove(member: Membership, data: Mapping[str, Any]) -> dict[str, Any]:
    statement_id = pk_of(data, "statement", _("Choose a statement of this dialogue."))
    statement = _statement_of(member.dialogue_id, statement_id)
    if statement is None:
        raise ActionError(_("Choose a statement of this dialogue."), field="statement")
    rule = moderation.clean_rule(data.get("rule"))
    withdraw = _clean_withdraw(data, rule)
    # A statement removed already (say, by the other side's decision on a hold) can still have its text
    # withdrawn from the public record: that is all such a proposal does.
    if statement.status == Statement.Status.REMOVED and (not withdraw or statement.withdrawn_rule):
        raise ActionError(_("This statement is already removed."), field="statement")
    reason = moderation.clean_text(
        data.get("reason"),
        field="reason",
        limit=moderation.MAX_REASON,
        required=True,
        message=_("Give a public reason: everyone reads it in the moderation log."),
    )
    return {"statement": statement.pk, "rule": rule, "reason": reason, "withdraw": withdraw}


def _clean_withdraw(data: Mapping[str, Any], rule: str) -> bool:
    """Whether to also withdraw the text from the public record: by default only for personal data."""
    choice = data.get("withdraw", "")
    if choice in ("", None, "default"):
        return rule == "personal_data"
    if choice in (True, "yes", "on"):
        return True
    if choice in (False, "no", "off"):
        return False
    raise ActionError(_("Choose whether to withdraw the text from the public record."), field="withdraw")


def _apply_remove(proposal: Proposal, approver: Membership) -> None:
    payload = proposal.payload
    statement = _statement_of(proposal.dialogue_id, payload["statement"], lock=True)
    if statement is None:
        raise ActionError(_("This statement is no longer in the dialogue."))
    withdraw = bool(payload.get("withdraw")) and not statement.withdrawn_rule
    if statement.status == Statement.Status.REMOVED and not withdraw:
        raise ActionError(_("This statement was already removed in the meantime."))
    if statement.status != Statement.Status.REMOVED:
        moderation.close_by_agreement(
            statement,
            payload["rule"],
            payload["reason"],
            proposer=proposal.proposed_by,
            approver=approver,
            proposal=proposal.pk,
        )
    if withdraw:
        withdraw_text(statement, payload["rule"], approver=approver, proposal=proposal.pk)


def _describe_remove(payload: Mapping[str, Any], dialogue: Dialogue) -> str:
    text = _("Remove statement %(statement)s for good: %(reason)s") % {
        "statement": _excerpt(dialogue, payload["statement"]),
        "reason": payload["reason"],
    }
    if payload.get("withdraw"):
        text += " " + _("(and withdraw its text from the public record)")
    return text


register(
    Kind(
        "remove_statement",
        gettext_lazy("Remove a statement permanently"),
        MODERATES,
        _clean_remove,
        _apply_remove,
        _describe_remove,
        lock=lambda proposal: moderation_access.lock_cases_and_statements([proposal.payload["statement"]]),
    )
)


# --- merging duplicates --------------------------------------------------------------------------------


def _ids(value: object) -> list[str]:
    items = value if isinstance(value, list | tuple) else [value] if value not in (None, "") else []
    return [part for item in items for part in re.split(r"[\s,]+", str(item)) if part]


def _clean_merge(member: Membership, data: Mapping[str, Any]) -> dict[str, Any]:
    keep_id = pk_of(data, "keep", _("Choose the statement to keep."))
    keep = _statement_of(member.dialogue_id, keep_id)
    if keep is None or keep.status == Statement.Status.REMOVED:
        raise ActionError(_("Choose the statement to keep."), field="keep")
    merged: list[int] = []
    for raw in _ids(data.get("merge")):
        try:
            statement_id = int(raw.lstrip("#"))
        except ValueError:
            raise ActionError(_("Statements are named by their numbers."), field="merge") from None
        statement = _statement_of(member.dialogue_id, statement_id)
        if statement is None or statement.status == Statement.Status.REMOVED:
            raise ActionError(
                _("Statement %(id)s is not in this dialogue, or already removed.") % {"id": statement_id},
                field="merge",
            )
        if statement_id == keep_id:
            raise ActionError(_("The statement to keep cannot also be merged into itself."), field="merge")
        if statement_id not in merged:
            merged.append(statement_id)
    if not merged:
        raise ActionError(_("Choose at least one duplicate to merge."), field="merge")
    return {"keep": keep_id, "merge": sorted(merged)}


def _apply_merge(proposal: Proposal, approver: Membership) -> None:
    payload = proposal.payload
    keep = _statement_of(proposal.dialogue_id, payload["keep"], lock=True)
    if keep is None or keep.status == Statement.Status.REMOVED:
        raise ActionError(_("The statement to keep was removed in the meantime."))
    duplicates = [_statement_of(proposal.dialogue_id, pk, lock=True) for pk in payload["merge"]]
    left = [s for s in duplicates if s is not None and s.status != Statement.Status.REMOVED]
    if not left:
        raise ActionError(_("Every duplicate was already removed in the meantime."))
    for statement in left:
        # Their votes stay in the record; the analysis leaves removed statements out.
        moderation.close_by_agreement(
            statement,
            "duplicate",
            f"#{keep.pk}",
            proposer=proposal.proposed_by,
            approver=approver,
            proposal=proposal.pk,
            merged_into=keep.pk,
        )


def _describe_merge(payload: Mapping[str, Any], dialogue: Dialogue) -> str:
    return _("Merge %(merged)s into %(keep)s") % {
        "merged": ", ".join(f"#{pk}" for pk in payload["merge"]),
        "keep": _excerpt(dialogue, payload["keep"]),
    }


register(
    Kind(
        "merge_statements",
        gettext_lazy("Merge duplicate statements"),
        MODERATES,
        _clean_merge,
        _apply_merge,
        _describe_merge,
        lock=lambda proposal: moderation_access.lock_cases_and_statements(
            [proposal.payload["keep"], *proposal.payload["merge"]]
        ),
    )
)


# --- the moderation policy -----------------------------------------------------------------------------


def _current_policy(dialogue_id: int) -> dict[str, str]:
    policy = ModerationPolicy.objects.filter(dialogue_id=dialogue_id).first()
    return dict(policy.texts) if policy else {}


def _clean_policy(member: Membership, data: Mapping[str, Any]) -> dict[str, Any]:
    texts = data.get("texts")
    clean = texts_per_language(dict(texts) if isinstance(texts, Mapping) else {}, "texts", MAX_POLICY, required=True)
    if clean == _current_policy(member.dialogue_id):
        raise ActionError(_("This is already the policy: change at least one text."), field="texts")
    return {"texts": clean}


def _apply_policy(proposal: Proposal, approver: Membership) -> None:
    texts = proposal.payload["texts"]
    if texts == _current_policy(proposal.dialogue_id):
        raise ActionError(_("This is already the policy."))
    ModerationPolicy.objects.update_or_create(
        dialogue_id=proposal.dialogue_id, defaults={"texts": texts, "proposal": proposal}
    )
    log.append(
        proposal.dialogue_id, MODERATION_POLICY_ADOPTED, {"texts": texts, "proposal": proposal.pk}, actor=approver
    )
    # Languages the policy was not written in are machine-translated once committed (one text per adoption).
    transaction.on_commit(lambda: free_text_written.send(ModerationPolicy, kind="policy.text", object_id=proposal.pk))


def _describe_policy(payload: Mapping[str, Any], dialogue: Dialogue) -> str:
    return _("Adopt a new moderation policy (%(languages)s)") % {"languages": ", ".join(payload["texts"])}


register(
    Kind(
        "moderation_policy",
        gettext_lazy("Publish or change the moderation policy"),
        LEADS,
        _clean_policy,
        _apply_policy,
        _describe_policy,
        adopted=lambda dialogue: ModerationPolicy.objects.filter(dialogue=dialogue).exists(),
    )
)


# --- the blocklist -------------------------------------------------------------------------------------


def _terms(value: object, field: str, language: str) -> list[str]:
    """Terms from a list of fields, each of which may hold one term per line."""
    items = value if isinstance(value, list | tuple) else [value] if isinstance(value, str) else []
    terms: list[str] = []
    for item in items:
        for line in str(item).splitlines():
            term = normalise_text(line)
            if not term:
                continue
            if len(term) > MAX_TERM or not moderation.term_key(term, language):
                raise ActionError(
                    _("A term is a word or phrase of at most %(max)d characters.") % {"max": MAX_TERM}, field=field
                )
            if moderation.term_key(term, language) not in {moderation.term_key(t, language) for t in terms}:
                terms.append(term)
    if len(terms) > MAX_TERMS:
        raise ActionError(_("At most %(max)d terms at a time.") % {"max": MAX_TERMS}, field=field)
    return terms


def _clean_blocklist(member: Membership, data: Mapping[str, Any]) -> dict[str, Any]:
    language = data.get("language")
    if not isinstance(language, str) or language not in member.dialogue.languages:
        raise ActionError(_("Choose one of the dialogue's languages."), field="language")
    add, remove = _terms(data.get("add"), "add", language), _terms(data.get("remove"), "remove", language)
    if not add and not remove:
        raise ActionError(_("Add or remove at least one term."), field="add")
    present = set(
        BlocklistTerm.objects.filter(dialogue_id=member.dialogue_id, language=language).values_list("key", flat=True)
    )
    for term in add:
        if moderation.term_key(term, language) in present:
            raise ActionError(_("“%(term)s” is already on the blocklist.") % {"term": term}, field="add")
    for term in remove:
        if moderation.term_key(term, language) not in present:
            raise ActionError(_("“%(term)s” is not on the blocklist.") % {"term": term}, field="remove")
    return {"language": language, "add": add, "remove": remove}


def _apply_blocklist(proposal: Proposal, approver: Membership) -> None:
    payload = proposal.payload
    language = payload["language"]
    terms = BlocklistTerm.objects.select_for_update().filter(dialogue_id=proposal.dialogue_id, language=language)
    present = {t.key: t for t in terms}
    key = {t: moderation.term_key(t, language) for t in [*payload["add"], *payload["remove"]]}
    added = [t for t in payload["add"] if key[t] not in present]
    removed = [present[key[t]].term for t in payload["remove"] if key[t] in present]
    if not added and not removed:
        raise ActionError(_("The blocklist already reads as proposed."))
    for term in added:
        BlocklistTerm.objects.create(dialogue_id=proposal.dialogue_id, language=language, term=term, key=key[term])
    terms.filter(key__in=[key[t] for t in payload["remove"] if key[t] in present]).delete()
    log.append(
        proposal.dialogue_id,
        BLOCKLIST_CHANGED,
        {"language": language, "added": added, "removed": removed, "proposal": proposal.pk},
        actor=approver,
    )


def _describe_blocklist(payload: Mapping[str, Any], dialogue: Dialogue) -> str:
    parts = []
    if payload["add"]:
        parts.append(_("add %(terms)s") % {"terms": ", ".join(f"“{t}”" for t in payload["add"])})
    if payload["remove"]:
        parts.append(_("remove %(terms)s") % {"terms": ", ".join(f"“{t}”" for t in payload["remove"])})
    # The language by its name in the reader's language, not its code.
    language = language_label(payload["language"])
    return _("Blocklist (%(language)s): %(changes)s") % {"language": language, "changes": "; ".join(parts)}


register(
    Kind(
        "blocklist",
        gettext_lazy("Change the blocklist of a language"),
        MODERATES,
        _clean_blocklist,
        _apply_blocklist,
        _describe_blocklist,
    )
)
