"""The free texts (hold reasons, glossary notes) in a side's translation queue, shaped like its
statement items (`queries.queue`) so the page shows both with the same forms."""

from __future__ import annotations

from typing import Any

from parley.dialogues import queries as dialogue_queries
from parley.dialogues.models import Dialogue, Membership
from parley.dialogues.provenance import provenance
from parley.translations import access
from parley.translations.models import TextTranslation
from parley.translations.queries import DISPUTED, TO_REVIEW, TO_TRANSLATE, _task, _task_labels
from parley.translations.texts import KINDS, originals_of, reading


def text_items(dialogue: Dialogue, member: Membership, language: str) -> list[dict[str, Any]]:
    """The free texts MEMBER's side has translation work on, oldest first."""
    labels = _task_labels()
    translator = access.active_translator(member)
    mine = list(translator.languages) if translator else []
    rows = TextTranslation.objects.filter(dialogue=dialogue).select_related(
        "translator__side", "reviewer__side", "disputed_by__side"
    )
    current = {(t.kind, t.object_id, t.language): t for t in rows}
    items = []
    for found in originals_of(dialogue):
        tasks = []
        for code in dialogue.languages:
            if code in found.written:
                continue
            translation = current.get((found.kind, found.object_id, code))
            task = _task(translation, member)  # type: ignore[arg-type]
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
                    "translation": provenance(shown, language, dialogue_queries.language_name) if shown else None,  # type: ignore[arg-type]
                    "dispute_reason": shown.dispute_reason if shown and task == DISPUTED else "",
                    "can_propose": found.language in mine and code in mine,
                    "can_review": task == TO_REVIEW and (member.moderates or code in mine),
                    "can_dispute": task not in (TO_TRANSLATE, DISPUTED)
                    and shown is not None
                    and (member.moderates or code in mine),
                }
            )
        if tasks:
            items.append(
                {
                    "kind": found.kind,
                    "kind_label": str(KINDS[found.kind]),
                    "anchor": f"{found.kind.replace('.', '-')}-{found.object_id}",
                    "statement": reading(found.kind, found.object_id, found.text, found.language, found.language),
                    "tasks": tasks,
                }
            )
    return items
