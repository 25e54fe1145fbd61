"""The demo's translators, and one statement's whole translation path, so that a visitor sees every label.

An Armenian participant writes a statement in Armenian only; the configured machine translation (the
demo's labelled stand-in when none is configured) renders it in the other languages; side B's translator
corrects the Azerbaijani and Russian renderings, and side A's translator reviews the Azerbaijani one.
The English stays the machine's, and side A's translator disputes a machine rendering of another
statement. Everything goes through the action layer and the background task queue, as in real use.
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command

from parley.dialogues import actions
from parley.dialogues.models import Membership, Statement
from parley.translations import actions as translations

# One translator per side: a participant their co-chair appoints. They sign in by return link.
TRANSLATORS: list[dict[str, Any]] = [
    {"side": 0, "handle": "Lala", "language": "az", "languages": ["az", "hy", "ru", "en"]},
    {"side": 1, "handle": "Anahit", "language": "hy", "languages": ["az", "hy", "ru", "en"]},
]
# Written in Armenian only, by a participant of side B; the translator of side B corrects the machine.
ARMENIAN = "Սահմանի երկու կողմերի գյուղերում ջրի մասին որոշումները պետք է կայացվեն տեղի բնակիչների հետ միասին։"
CORRECTED = {
    "az": "Sərhədin hər iki tərəfindəki kəndlərdə su ilə bağlı qərarlar yerli sakinlərlə birlikdə qəbul edilməlidir.",
    "ru": "Решения о воде в сёлах по обе стороны границы должны приниматься вместе с местными жителями.",
}
DISPUTE_REASON = "The demo's stand-in does not translate: this is the original text with a label."


def appoint_translators(chairs: list[Membership]) -> list[dict[str, Any]]:
    """Each co-chair invites and appoints their side's translator; returns their return-link tokens."""
    made = []
    for spec in TRANSLATORS:
        chair = chairs[spec["side"]]
        _invite, token = actions.do_create_invite(chair, side_id=chair.side_id, note="translator")
        member, return_token = actions.do_join(token, handle=spec["handle"], language=spec["language"])
        translations.do_grant_translator(chair, member.pk, spec["languages"])
        made.append({"side": chair.side.label, "handle": member.handle, "return_token": return_token})
    return made


def run_queued_tasks() -> None:
    """Run the background tasks that are due now (machine translations), in this process."""
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)


def translation_path(dialogue_id: int, off_topic_id: int) -> int:
    """Walk the path; returns the Armenian statement's id. Needs the statements submitted and committed."""
    translators = {
        t.side.position: t
        for t in Membership.objects.filter(
            dialogue_id=dialogue_id, translator__isnull=False, translator__withdrawn_at__isnull=True
        )
        .select_related("side")
        .order_by("id")
    }
    author = (
        Membership.objects.filter(dialogue_id=dialogue_id, side__position=1, role=Membership.Role.PARTICIPANT)
        .exclude(pk=translators[1].pk)
        .order_by("id")[11]
    )
    statement: Statement = actions.do_submit_statement(author, ARMENIAN, "hy")
    run_queued_tasks()  # the machine renders it (and the other statements waiting) in every language
    for language, text in CORRECTED.items():
        translations.do_propose_translation(translators[1], statement.pk, language, text)
    translations.do_review_translation(translators[0], statement.pk, "az")
    translations.do_dispute_translation(translators[0], off_topic_id, "hy", DISPUTE_REASON)
    return statement.pk
