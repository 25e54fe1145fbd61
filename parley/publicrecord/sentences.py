"""One plain sentence per record entry, in the reader's language.

The record keeps its codes (`membership.joined`, `cochair`) for machines; the record page shows
readers these sentences instead. A sentence names who acted only by role and side, as the entry
publicly holds them, never by pseudonym; an entry the server wrote (a batch of votes, a flag, whose
author is never shown) is said without anyone. Every type of entry Parley writes has its sentence
(a test checks every `log.append` call and the replayer); an unknown type still gets a plain line.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import pgettext, pgettext_lazy

from parley.record.entries import (
    ANALYSIS_RUN_RECORDED,
    ANALYSIS_RUN_RECORDED_LEGACY,
    APPEAL_ANSWERED,
    BLOCKLIST_CHANGED,
    CHECKPOINT_SIGNED,
    DIALOGUE_CHANGE_ANSWERED,
    DIALOGUE_CHANGE_REQUESTED,
    DIALOGUE_CHANGED,
    DIALOGUE_CREATED,
    GLOSSARY_ADOPTED,
    INVITE_APPROVED,
    INVITE_CREATED,
    INVITE_REVOKED,
    JOINT_AMENDMENT_ACCEPTED,
    JOINT_AMENDMENT_PROPOSED,
    JOINT_AMENDMENT_REJECTED,
    JOINT_AMENDMENT_WITHDRAWN,
    JOINT_DRAFTED,
    JOINT_FINALISED,
    JOINT_RATIFIED,
    JOINT_SIGNED,
    JOINT_VOTE,
    JOINT_VOTES_TALLIED,
    KEY_REGISTERED,
    MEETING_ADVANCED,
    MEETING_AGENDA_CHANGED,
    MEETING_ATTENDANCE,
    MEETING_CHANGED,
    MEETING_CREATED,
    MEETING_ENDED,
    MEETING_PAPER_VOTES,
    MEETING_ROUND_STARTED,
    MEETING_SPOTLIGHT,
    MEMBERSHIP_JOINED,
    MEMBERSHIP_ROLE_CHANGED,
    MODERATION_DECIDED,
    MODERATION_POLICY_ADOPTED,
    PROPOSAL_APPROVED,
    PROPOSAL_EXPIRED,
    PROPOSAL_MADE,
    PROPOSAL_REJECTED,
    PROPOSAL_WITHDRAWN,
    REPORT_FROZEN,
    REPORT_PUBLISHED,
    STATEMENT_APPEALED,
    STATEMENT_FLAGGED,
    STATEMENT_FLAGS_DISMISSED,
    STATEMENT_MODERATED,
    STATEMENT_SUBMITTED,
    TEXT_WITHDRAWN,
    TRANSLATION_ADDED,
    TRANSLATION_DISPUTED,
    TRANSLATION_MACHINE,
    TRANSLATION_PROPOSED,
    TRANSLATION_REVIEWED,
    TRANSLATOR_GRANTED,
    TRANSLATOR_WITHDRAWN,
    VOTE_CAST,
    VOTES_TALLIED,
)

WHO: dict[str, Callable[[], str]] = {
    "participant": lambda: pgettext("record sentence", "A participant of %(side)s"),
    "organizer": lambda: pgettext("record sentence", "An organizer of %(side)s"),
    "moderator": lambda: pgettext("record sentence", "A moderator of %(side)s"),
    "cochair": lambda: pgettext("record sentence", "The co-chair of %(side)s"),
    "deputy": lambda: pgettext("record sentence", "A deputy co-chair of %(side)s"),
    "observer": lambda: pgettext("record sentence", "An observer of %(side)s"),
}

# Each type's sentence, in English as the catalogs know it; `sentence` fills in the parts (who, statement,
# n, kind) in the reader's language. Types whose sentences differ only in their words share one shape.
SENTENCES: dict[str, Promise] = {
    DIALOGUE_CREATED: pgettext_lazy("record sentence", "%(who)s created the dialogue."),
    DIALOGUE_CHANGED: pgettext_lazy(
        "record sentence", "%(who)s approved a change to the dialogue agreed by both sides."
    ),
    DIALOGUE_CHANGE_REQUESTED: pgettext_lazy("record sentence", "%(who)s asked for a change to the dialogue."),
    DIALOGUE_CHANGE_ANSWERED: pgettext_lazy("record sentence", "%(who)s answered a request to change the dialogue."),
    INVITE_CREATED: pgettext_lazy("record sentence", "%(who)s made an invitation link."),
    INVITE_APPROVED: pgettext_lazy("record sentence", "%(who)s approved an invitation agreed by both sides."),
    INVITE_REVOKED: pgettext_lazy("record sentence", "%(who)s withdrew an invitation link."),
    MEMBERSHIP_JOINED: pgettext_lazy("record sentence", "%(who)s joined."),
    MEMBERSHIP_ROLE_CHANGED: pgettext_lazy("record sentence", "%(who)s approved a change of someone's role."),
    STATEMENT_SUBMITTED: pgettext_lazy("record sentence", "%(who)s wrote statement no. %(statement)s."),
    STATEMENT_FLAGGED: pgettext_lazy(
        "record sentence", "Statement no. %(statement)s was flagged for moderators to look at."
    ),
    STATEMENT_FLAGS_DISMISSED: pgettext_lazy(
        "record sentence", "%(who)s dismissed the flags on statement no. %(statement)s."
    ),
    STATEMENT_MODERATED: pgettext_lazy(
        "record sentence", "%(who)s changed whether statement no. %(statement)s is shown."
    ),
    STATEMENT_APPEALED: pgettext_lazy(
        "record sentence", "The author of statement no. %(statement)s appealed against its moderation."
    ),
    APPEAL_ANSWERED: pgettext_lazy("record sentence", "%(who)s answered an appeal."),
    MODERATION_DECIDED: pgettext_lazy("record sentence", "%(who)s decided a moderation case."),
    MODERATION_POLICY_ADOPTED: pgettext_lazy(
        "record sentence", "%(who)s approved the moderation policy agreed by both sides."
    ),
    BLOCKLIST_CHANGED: pgettext_lazy(
        "record sentence", "%(who)s approved a change to the blocklist agreed by both sides."
    ),
    TEXT_WITHDRAWN: pgettext_lazy("record sentence", "Both sides withdrew a text from the public record."),
    VOTE_CAST: pgettext_lazy("record sentence", "%(who)s voted on statement no. %(statement)s."),
    VOTES_TALLIED: pgettext_lazy("record sentence", "Votes published in a batch: %(n)s."),
    JOINT_VOTES_TALLIED: pgettext_lazy("record sentence", "The votes on a joint statement were published."),
    PROPOSAL_MADE: pgettext_lazy("record sentence", "%(who)s proposed: %(kind)s."),
    PROPOSAL_APPROVED: pgettext_lazy("record sentence", "%(who)s approved the proposal: %(kind)s."),
    PROPOSAL_REJECTED: pgettext_lazy("record sentence", "%(who)s rejected the proposal: %(kind)s."),
    PROPOSAL_WITHDRAWN: pgettext_lazy("record sentence", "%(who)s withdrew the proposal: %(kind)s."),
    PROPOSAL_EXPIRED: pgettext_lazy("record sentence", "A proposal expired unanswered: %(kind)s."),
    ANALYSIS_RUN_RECORDED: pgettext_lazy("record sentence", "A new analysis of the votes was published."),
    ANALYSIS_RUN_RECORDED_LEGACY: pgettext_lazy("record sentence", "A new analysis of the votes was published."),
    REPORT_PUBLISHED: pgettext_lazy("record sentence", "%(who)s approved publishing a report agreed by both sides."),
    REPORT_FROZEN: pgettext_lazy(
        "record sentence", "%(who)s approved a report agreed by both sides; its contents were frozen."
    ),
    GLOSSARY_ADOPTED: pgettext_lazy("record sentence", "%(who)s approved a glossary term agreed by both sides."),
    KEY_REGISTERED: pgettext_lazy("record sentence", "%(who)s registered a key to sign the record."),
    CHECKPOINT_SIGNED: pgettext_lazy("record sentence", "%(who)s signed a checkpoint of the record."),
    JOINT_DRAFTED: pgettext_lazy("record sentence", "%(who)s drafted a joint statement."),
    JOINT_AMENDMENT_PROPOSED: pgettext_lazy("record sentence", "%(who)s proposed an amendment to a joint statement."),
    JOINT_AMENDMENT_ACCEPTED: pgettext_lazy("record sentence", "%(who)s accepted an amendment to a joint statement."),
    JOINT_AMENDMENT_REJECTED: pgettext_lazy("record sentence", "%(who)s rejected an amendment to a joint statement."),
    JOINT_AMENDMENT_WITHDRAWN: pgettext_lazy("record sentence", "%(who)s withdrew an amendment to a joint statement."),
    JOINT_FINALISED: pgettext_lazy("record sentence", "%(who)s finalised a joint statement for voting."),
    JOINT_VOTE: pgettext_lazy("record sentence", "%(who)s voted on a joint statement."),
    JOINT_SIGNED: pgettext_lazy("record sentence", "%(who)s signed a joint statement."),
    JOINT_RATIFIED: pgettext_lazy("record sentence", "A joint statement was ratified by both sides."),
    TRANSLATION_ADDED: pgettext_lazy("record sentence", "%(who)s added a translation."),
    TRANSLATION_MACHINE: pgettext_lazy(
        "record sentence", "A machine translation of statement no. %(statement)s was made."
    ),
    TRANSLATION_PROPOSED: pgettext_lazy(
        "record sentence", "%(who)s proposed a translation of statement no. %(statement)s."
    ),
    TRANSLATION_REVIEWED: pgettext_lazy(
        "record sentence", "%(who)s reviewed a translation of statement no. %(statement)s."
    ),
    TRANSLATION_DISPUTED: pgettext_lazy(
        "record sentence", "%(who)s disputed a translation of statement no. %(statement)s."
    ),
    TRANSLATOR_GRANTED: pgettext_lazy("record sentence", "%(who)s appointed a translator."),
    TRANSLATOR_WITHDRAWN: pgettext_lazy("record sentence", "%(who)s withdrew a translator."),
    MEETING_CREATED: pgettext_lazy("record sentence", "%(who)s scheduled a meeting in person."),
    MEETING_CHANGED: pgettext_lazy("record sentence", "%(who)s changed a meeting's title, place or time."),
    MEETING_AGENDA_CHANGED: pgettext_lazy("record sentence", "%(who)s changed a meeting's agenda."),
    MEETING_ATTENDANCE: pgettext_lazy("record sentence", "%(who)s counted their side's attendance at a meeting."),
    MEETING_ADVANCED: pgettext_lazy("record sentence", "%(who)s moved a meeting to its next agenda item."),
    MEETING_SPOTLIGHT: pgettext_lazy(
        "record sentence", "%(who)s put statement no. %(statement)s in a meeting's spotlight."
    ),
    MEETING_ROUND_STARTED: pgettext_lazy(
        "record sentence", "%(who)s started a timed round of votes on statement no. %(statement)s."
    ),
    MEETING_PAPER_VOTES: pgettext_lazy(
        "record sentence", "%(who)s entered their side's paper ballots on statement no. %(statement)s."
    ),
    MEETING_ENDED: pgettext_lazy("record sentence", "%(who)s closed a meeting."),
}

# What readers filter by: kinds of entry, each named in words, with the types it holds.
KINDS: dict[str, tuple[Callable[[], str], tuple[str, ...]]] = {
    "members": (
        lambda: pgettext("record kind", "The dialogue, invitations and members"),
        (
            DIALOGUE_CREATED,
            DIALOGUE_CHANGED,
            DIALOGUE_CHANGE_REQUESTED,
            DIALOGUE_CHANGE_ANSWERED,
            INVITE_CREATED,
            INVITE_APPROVED,
            INVITE_REVOKED,
            MEMBERSHIP_JOINED,
            MEMBERSHIP_ROLE_CHANGED,
        ),
    ),
    "statements": (lambda: pgettext("record kind", "Statements"), (STATEMENT_SUBMITTED,)),
    "votes": (
        lambda: pgettext("record kind", "Votes and results"),
        (
            VOTE_CAST,
            VOTES_TALLIED,
            ANALYSIS_RUN_RECORDED,
            ANALYSIS_RUN_RECORDED_LEGACY,
            REPORT_FROZEN,
            REPORT_PUBLISHED,
        ),
    ),
    "moderation": (
        lambda: pgettext("record kind", "Moderation"),
        (
            STATEMENT_FLAGGED,
            STATEMENT_FLAGS_DISMISSED,
            STATEMENT_MODERATED,
            STATEMENT_APPEALED,
            APPEAL_ANSWERED,
            MODERATION_DECIDED,
            MODERATION_POLICY_ADOPTED,
            BLOCKLIST_CHANGED,
            TEXT_WITHDRAWN,
        ),
    ),
    "proposals": (
        lambda: pgettext("record kind", "Proposals"),
        (PROPOSAL_MADE, PROPOSAL_APPROVED, PROPOSAL_REJECTED, PROPOSAL_WITHDRAWN, PROPOSAL_EXPIRED),
    ),
    "joint": (
        lambda: pgettext("record kind", "Joint statements"),
        (
            JOINT_DRAFTED,
            JOINT_AMENDMENT_PROPOSED,
            JOINT_AMENDMENT_ACCEPTED,
            JOINT_AMENDMENT_REJECTED,
            JOINT_AMENDMENT_WITHDRAWN,
            JOINT_FINALISED,
            JOINT_VOTE,
            JOINT_VOTES_TALLIED,
            JOINT_SIGNED,
            JOINT_RATIFIED,
        ),
    ),
    "translations": (
        lambda: pgettext("record kind", "Translations and glossary"),
        (
            TRANSLATION_ADDED,
            TRANSLATION_MACHINE,
            TRANSLATION_PROPOSED,
            TRANSLATION_REVIEWED,
            TRANSLATION_DISPUTED,
            TRANSLATOR_GRANTED,
            TRANSLATOR_WITHDRAWN,
            GLOSSARY_ADOPTED,
        ),
    ),
    "meetings": (
        lambda: pgettext("record kind", "Meetings in person"),
        (
            MEETING_CREATED,
            MEETING_CHANGED,
            MEETING_AGENDA_CHANGED,
            MEETING_ATTENDANCE,
            MEETING_ADVANCED,
            MEETING_SPOTLIGHT,
            MEETING_ROUND_STARTED,
            MEETING_PAPER_VOTES,
            MEETING_ENDED,
        ),
    ),
    "signatures": (
        lambda: pgettext("record kind", "Signatures of the record"),
        (KEY_REGISTERED, CHECKPOINT_SIGNED),
    ),
}
KIND_OF_TYPE = {entry_type: kind for kind, (_label, types) in KINDS.items() for entry_type in types}


def who(actor: Any, side_names: Mapping[str, str]) -> str:
    """Who acted, by role and side only: "The co-chair of <side>"; "The site" for no one."""
    if not isinstance(actor, Mapping):
        return pgettext("record sentence", "The site")
    side = str(actor.get("side", ""))
    name = side_names.get(side, side)
    template = WHO.get(str(actor.get("role", "")))
    if template is None:
        return pgettext("record sentence", "A member of %(side)s") % {"side": name}
    return template() % {"side": name}


def _count(payload: Mapping[str, Any]) -> int:
    sides = payload.get("sides")
    if isinstance(sides, Mapping):
        return sum(int(c.get("votes", 0)) for c in sides.values() if isinstance(c, Mapping))
    return len(payload.get("commitments") or [])


def _kind(payload: Mapping[str, Any]) -> str:
    from parley.proposals.kinds import KINDS

    kind = KINDS.get(str(payload.get("kind", "")))
    return str(kind.label) if kind is not None else pgettext("record sentence", "a change")


def sentence(entry_type: str, entry: Mapping[str, Any], side_names: Mapping[str, str]) -> str:
    """The entry ENTRY (as parsed and opened) as one sentence in the active language."""
    payload = entry.get("payload") if isinstance(entry.get("payload"), Mapping) else {}
    assert isinstance(payload, Mapping)
    parts: dict[str, Any] = {
        "who": who(entry.get("actor"), side_names),
        "statement": payload.get("statement", "?"),
        "n": _count(payload),
        "kind": _kind(payload) if entry_type.startswith("proposal.") else "",
    }
    if entry_type == REPORT_PUBLISHED and not entry.get("actor"):
        return pgettext("record sentence", "A report agreed by both sides became public at its agreed time.")
    if entry_type == DIALOGUE_CREATED and not entry.get("actor"):
        return pgettext("record sentence", "The site's administrator created the dialogue.")
    template = SENTENCES.get(entry_type)
    if template is None:
        return pgettext("record sentence", "An entry of a kind this version of Parley does not describe.")
    return str(template) % parts
