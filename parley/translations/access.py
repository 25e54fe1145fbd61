"""Who may translate, review, dispute, see a side's queue and appoint translators: every rule, one place per object.

A translator is a member of a side (any role but observer) whom their side's co-chair, deputy or
organizer made one, for some languages. A rendering proposed by one side is reviewed by a
translator or moderator of the other side; either side can dispute it.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from parley.dialogues.access import check_can_take_part, require_member
from parley.dialogues.models import Membership, Statement, StatementTranslation
from parley.errors import ActionError, NotAllowed, NotFound
from parley.translations.models import TextTranslation, Translator

# Statuses a new human text may replace, and those the other side may accept or anyone dispute.
REVIEWABLE = (StatementTranslation.Status.PROPOSED,)
DISPUTABLE = (
    StatementTranslation.Status.MACHINE,
    StatementTranslation.Status.PROPOSED,
    StatementTranslation.Status.REVIEWED,
)


def active_translator(member: Membership | None) -> Translator | None:
    """MEMBER's translator capability, if they hold one now."""
    if member is None or member.role == Membership.Role.OBSERVER:
        return None
    return Translator.objects.filter(membership=member, withdrawn_at__isnull=True).first()


def translates(member: Membership | None, *languages: str) -> bool:
    translator = active_translator(member)
    return translator is not None and all(code in translator.languages for code in languages)


# --- translators -------------------------------------------------------------------------------


def check_can_appoint(member: Membership | None) -> Membership:
    """Granting and withdrawing the translator capability: a side's co-chair, deputy or organizer."""
    member = require_member(member)
    if not member.can_invite:
        raise NotAllowed(_("Only your side's co-chair or organizer can appoint translators."))
    return member


def access_member_to_appoint(member: Membership, membership_id: object) -> Membership:
    """A member of the appointer's own side who may translate (not an observer)."""
    try:
        pk = int(str(membership_id))
    except ValueError:
        raise ActionError(_("Choose a member of your side."), field="member") from None
    target = Membership.objects.filter(pk=pk, dialogue_id=member.dialogue_id).select_related("side").first()
    if target is None:
        raise ActionError(_("Choose a member of your side."), field="member")
    if target.side_id != member.side_id:
        raise NotAllowed(_("Each side appoints its own translators."))
    if target.role == Membership.Role.OBSERVER:
        raise ActionError(_("Observers cannot be translators."), field="member")
    if target.join_waiting:
        # In a totals-only dialogue the join is counted only in the next batch: until then the
        # record knows no such member, so a grant naming them would not replay.
        raise ActionError(
            _(
                "This participant's joining is not published yet: appoint them after the next batch of votes"
                " is published."
            ),
            field="member",
        )
    return target


# --- the queue ---------------------------------------------------------------------------------


def check_can_see_queue(member: Membership | None) -> Membership:
    """A side's translation queue: its translators, its moderators, and who appoints its translators."""
    member = require_member(member)
    if active_translator(member) is None and not member.moderates and not member.can_invite:
        raise NotAllowed(_("Only your side's translators and moderators see its translation queue."))
    return member


# --- statements and their translations -----------------------------------------------------------


def access_statement_for_translation(member: Membership, statement_id: object, language: object) -> Statement:
    """A visible statement of the member's dialogue, and a language of the dialogue other than its own."""
    try:
        pk = int(str(statement_id))
    except ValueError:
        raise ActionError(_("That statement does not exist."), field="statement") from None
    statement = (
        Statement.objects.select_for_update(of=("self",))
        .filter(pk=pk, dialogue_id=member.dialogue_id, status=Statement.Status.VISIBLE)
        .first()
    )
    if statement is None:
        raise ActionError(_("That statement does not exist or is not visible."), field="statement")
    if not isinstance(language, str) or language not in member.dialogue.languages:
        raise ActionError(_("Choose one of the dialogue's languages."), field="language")
    if language == statement.language:
        raise ActionError(_("The statement is already written in that language."), field="language")
    return statement


def check_can_propose(member: Membership | None, statement: Statement, language: str) -> Membership:
    """Proposing a rendering: a translator who reads the statement's language and writes LANGUAGE."""
    member = check_can_take_part(member)
    if active_translator(member) is None:
        raise NotAllowed(_("Only translators can propose translations."))
    if not translates(member, statement.language, language):
        raise NotAllowed(_("You are not a translator for these languages."))
    return member


def access_translation(statement: Statement, language: str) -> StatementTranslation:
    translation = (
        StatementTranslation.objects.select_for_update(of=("self",))
        .filter(statement=statement, language=language)
        .select_related("translator__side")
        .first()
    )
    if translation is None or not translation.text:
        raise NotFound(_("This statement has no translation in that language yet."))
    return translation


def translation_side_id(translation: StatementTranslation) -> int | None:
    """The side a human or author translation comes from; None for a machine's.

    An author's translation with no translator (typed before the workflow) is the author's, so it
    comes from the statement's side, as the record's replay has it."""
    if translation.source == StatementTranslation.Source.MACHINE:
        return None
    if translation.translator is not None:
        return translation.translator.side_id
    if translation.source == StatementTranslation.Source.AUTHOR and isinstance(translation, StatementTranslation):
        return translation.statement.side_id
    return None


def clean_version(value: object) -> int | None:
    """The version a reviewer or disputer read: the seq of the entry that made it, or "" for an
    author's translation that has none (carried by its statement's entry). Anything else is refused."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip() == "":
        return None
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    raise ActionError(_("The translation changed since you opened the page; read it again."), field="version")


# For in-process callers that read the translation in the same breath (the demo): no version to
# compare. Pages and API callers always send theirs: a missing one is refused.
CURRENT: object = object()


def check_version(translation: StatementTranslation | TextTranslation, version: object) -> None:
    """Refuse a review or dispute of a text other than the one the member read (VERSION, as the
    queue gave it): the proposing side may have changed it since."""
    if version is CURRENT:
        return
    if clean_version(version) != translation.seq:
        raise ActionError(_("The translation changed since you opened the page; read it again."), field="version")


def check_can_review(member: Membership | None, translation: StatementTranslation) -> Membership:
    """Accepting a rendering: a translator (for its language) or moderator of the side that did not make it."""
    member = check_can_take_part(member)
    if translation.status not in REVIEWABLE:
        raise ActionError(_("Only a proposed translation can be reviewed."))
    if translation_side_id(translation) == member.side_id:
        raise NotAllowed(_("A translation is reviewed by the other side, never by the side that made it."))
    if not member.moderates and not translates(member, translation.language):
        raise NotAllowed(_("Only the other side's translators and moderators can review a translation."))
    return member


def check_can_dispute(member: Membership | None, translation: StatementTranslation) -> Membership:
    """Disputing a rendering: a translator (for its language) or moderator of either side."""
    member = check_can_take_part(member)
    if translation.status not in DISPUTABLE:
        raise ActionError(_("This translation is already disputed or has no text."))
    if not member.moderates and not translates(member, translation.language):
        raise NotAllowed(_("Only translators and moderators can dispute a translation."))
    return member
