"""A side's translation queue and its translators, as plain dicts for the page and the JSON API."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from parley.dialogues import queries as dialogue_queries
from parley.dialogues.models import Dialogue, Membership, Statement, StatementTranslation
from parley.dialogues.provenance import provenance, translations_prefetch
from parley.translations import access
from parley.translations.models import Translator

Status = StatementTranslation.Status

# What a side's translators have to do about one language of a statement.
TO_TRANSLATE, DISPUTED, TO_REVIEW = "translate", "disputed", "review"


def _task(translation: StatementTranslation | None, member: Membership) -> str | None:
    """What MEMBER's side has to do about this translation, if anything."""
    if translation is None or not translation.text or translation.status in (Status.MACHINE, Status.FAILED):
        return TO_TRANSLATE
    if translation.status == Status.DISPUTED:
        return DISPUTED
    if translation.status == Status.PROPOSED and access.translation_side_id(translation) != member.side_id:
        return TO_REVIEW
    return None  # reviewed, or proposed by this side and waiting for the other


def _task_labels() -> dict[str, str]:
    return {
        TO_TRANSLATE: _("Needs a translation"),
        DISPUTED: _("Disputed: needs a better translation"),
        TO_REVIEW: _("Proposed by the other side: needs your side's review"),
    }


def queue(dialogue: Dialogue, member: Membership, language: str) -> dict[str, Any]:
    """The statements MEMBER's side has translation work on: untranslated (or only machine-translated),
    disputed, and proposed by the other side; most-voted first, then oldest first."""
    labels = _task_labels()
    counts = dialogue_queries.per_side_counts(dialogue)
    translator = access.active_translator(member)
    mine = list(translator.languages) if translator else []
    statements = (
        Statement.objects.filter(dialogue=dialogue, status=Statement.Status.VISIBLE)
        .select_related("side")
        .prefetch_related(translations_prefetch())
    )
    items = []
    for statement in statements:
        current = {t.language: t for t in statement.translations.all()}
        tasks = []
        for code in dialogue.languages:
            if code == statement.language:
                continue
            translation = current.get(code)
            task = _task(translation, member)
            if task is None:
                continue
            shown = translation if translation is not None and translation.text else None
            tasks.append(
                {
                    "language": code,
                    "language_name": dialogue_queries.language_name(code),
                    "task": task,
                    "task_label": labels[task],
                    "text": shown.text if shown else "",
                    # What a review or dispute sends back as `version`: the entry that made this text.
                    "version": shown.seq if shown else None,
                    "translation": provenance(shown, language, dialogue_queries.language_name) if shown else None,
                    "dispute_reason": shown.dispute_reason if shown and task == DISPUTED else "",
                    "can_propose": statement.language in mine and code in mine,
                    "can_review": task == TO_REVIEW and (member.moderates or code in mine),
                    "can_dispute": task != TO_TRANSLATE
                    and shown is not None
                    and task != DISPUTED
                    and (member.moderates or code in mine),
                }
            )
        if not tasks:
            continue
        n_votes = sum(sum(c.values()) for c in counts[statement.pk].values())
        items.append(
            {
                "statement": dialogue_queries.statement_dict(statement, statement.language),
                "side": statement.side.name_text(language),
                "created_at": statement.created_at,
                "n_votes": n_votes,
                "tasks": tasks,
            }
        )
    items.sort(key=_order)
    return {
        "side": dialogue_queries.side_dict(member.side, language),
        "my_languages": [{"code": c, "name": dialogue_queries.language_name(c)} for c in mine],
        "items": items,
    }


def _order(item: dict[str, Any]) -> tuple[int, Any, int]:
    return (-item["n_votes"], item["created_at"], item["statement"]["id"])


def translators(dialogue: Dialogue, side_id: int) -> list[dict[str, Any]]:
    """The side's members who may be translators, each with their languages if they are one."""
    held = {
        t.membership_id: t for t in Translator.objects.filter(membership__side_id=side_id, withdrawn_at__isnull=True)
    }
    members = (
        Membership.objects.filter(dialogue=dialogue, side_id=side_id)
        .exclude(role=Membership.Role.OBSERVER)
        .order_by("handle")
    )
    return [
        {
            "member": m.pk,
            "handle": m.handle,
            "role": str(Membership.Role(m.role).label),
            "is_translator": m.pk in held,
            "languages": list(held[m.pk].languages) if m.pk in held else [],
        }
        for m in members
    ]
