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

from django.utils.translation import pgettext

WHO: dict[str, Callable[[], str]] = {
    "participant": lambda: pgettext("record sentence", "A participant of %(side)s"),
    "organizer": lambda: pgettext("record sentence", "An organizer of %(side)s"),
    "moderator": lambda: pgettext("record sentence", "A moderator of %(side)s"),
    "cochair": lambda: pgettext("record sentence", "The co-chair of %(side)s"),
    "deputy": lambda: pgettext("record sentence", "A deputy co-chair of %(side)s"),
    "observer": lambda: pgettext("record sentence", "An observer of %(side)s"),
}

# Each type's sentence: a function of the parts (who, n, kind, ...) to the text in the active language.
_Sentence = Callable[[Mapping[str, Any]], str]


SENTENCES: dict[str, _Sentence] = {
    "dialogue.created": lambda p: pgettext("record sentence", "%(who)s created the dialogue.") % p,
    "dialogue.changed": lambda p: (
        pgettext("record sentence", "%(who)s approved a change to the dialogue agreed by both sides.") % p
    ),
    "dialogue.change_requested": lambda p: (
        pgettext("record sentence", "%(who)s asked for a change to the dialogue.") % p
    ),
    "dialogue.change_answered": lambda p: (
        pgettext("record sentence", "%(who)s answered a request to change the dialogue.") % p
    ),
    "invite.created": lambda p: pgettext("record sentence", "%(who)s made an invitation link.") % p,
    "invite.approved": lambda p: (
        pgettext("record sentence", "%(who)s approved an invitation agreed by both sides.") % p
    ),
    "invite.revoked": lambda p: pgettext("record sentence", "%(who)s withdrew an invitation link.") % p,
    "membership.joined": lambda p: pgettext("record sentence", "%(who)s joined.") % p,
    "membership.role_changed": lambda p: (
        pgettext("record sentence", "%(who)s approved a change of someone's role.") % p
    ),
    "statement.submitted": lambda p: pgettext("record sentence", "%(who)s wrote statement no. %(statement)s.") % p,
    "statement.flagged": lambda p: (
        pgettext("record sentence", "Statement no. %(statement)s was flagged for moderators to look at.") % p
    ),
    "statement.flags_dismissed": lambda p: (
        pgettext("record sentence", "%(who)s dismissed the flags on statement no. %(statement)s.") % p
    ),
    "statement.moderated": lambda p: (
        pgettext("record sentence", "%(who)s changed whether statement no. %(statement)s is shown.") % p
    ),
    "statement.appealed": lambda p: (
        pgettext("record sentence", "The author of statement no. %(statement)s appealed against its moderation.") % p
    ),
    "appeal.answered": lambda p: pgettext("record sentence", "%(who)s answered an appeal.") % p,
    "moderation.decided": lambda p: pgettext("record sentence", "%(who)s decided a moderation case.") % p,
    "moderation.policy_adopted": lambda p: (
        pgettext("record sentence", "%(who)s approved the moderation policy agreed by both sides.") % p
    ),
    "blocklist.changed": lambda p: (
        pgettext("record sentence", "%(who)s approved a change to the blocklist agreed by both sides.") % p
    ),
    "text.withdrawn": lambda p: pgettext("record sentence", "Both sides withdrew a text from the public record.") % p,
    "vote.cast": lambda p: pgettext("record sentence", "%(who)s voted on statement no. %(statement)s.") % p,
    "votes.tallied": lambda p: pgettext("record sentence", "Votes published in a batch: %(n)s.") % p,
    "joint.votes_tallied": lambda p: pgettext("record sentence", "The votes on a joint statement were published.") % p,
    "proposal.made": lambda p: pgettext("record sentence", "%(who)s proposed: %(kind)s.") % p,
    "proposal.approved": lambda p: pgettext("record sentence", "%(who)s approved the proposal: %(kind)s.") % p,
    "proposal.rejected": lambda p: pgettext("record sentence", "%(who)s rejected the proposal: %(kind)s.") % p,
    "proposal.withdrawn": lambda p: pgettext("record sentence", "%(who)s withdrew the proposal: %(kind)s.") % p,
    "proposal.expired": lambda p: pgettext("record sentence", "A proposal expired unanswered: %(kind)s.") % p,
    "analysis.published": lambda p: pgettext("record sentence", "A new analysis of the votes was published.") % p,
    "report.published": lambda p: (
        pgettext("record sentence", "%(who)s approved publishing a report agreed by both sides.") % p
    ),
    "glossary.adopted": lambda p: (
        pgettext("record sentence", "%(who)s approved a glossary term agreed by both sides.") % p
    ),
    "key.registered": lambda p: pgettext("record sentence", "%(who)s registered a key to sign the record.") % p,
    "checkpoint.signed": lambda p: pgettext("record sentence", "%(who)s signed a checkpoint of the record.") % p,
    "joint.drafted": lambda p: pgettext("record sentence", "%(who)s drafted a joint statement.") % p,
    "joint.amendment_proposed": lambda p: (
        pgettext("record sentence", "%(who)s proposed an amendment to a joint statement.") % p
    ),
    "joint.amendment_accepted": lambda p: (
        pgettext("record sentence", "%(who)s accepted an amendment to a joint statement.") % p
    ),
    "joint.amendment_rejected": lambda p: (
        pgettext("record sentence", "%(who)s rejected an amendment to a joint statement.") % p
    ),
    "joint.amendment_withdrawn": lambda p: (
        pgettext("record sentence", "%(who)s withdrew an amendment to a joint statement.") % p
    ),
    "joint.finalised": lambda p: pgettext("record sentence", "%(who)s finalised a joint statement for voting.") % p,
    "joint.vote": lambda p: pgettext("record sentence", "%(who)s voted on a joint statement.") % p,
    "joint.signed": lambda p: pgettext("record sentence", "%(who)s signed a joint statement.") % p,
    "joint.ratified": lambda p: pgettext("record sentence", "A joint statement was ratified by both sides.") % p,
    "translation.added": lambda p: pgettext("record sentence", "%(who)s added a translation.") % p,
    "translation.machine": lambda p: (
        pgettext("record sentence", "A machine translation of statement no. %(statement)s was made.") % p
    ),
    "translation.proposed": lambda p: (
        pgettext("record sentence", "%(who)s proposed a translation of statement no. %(statement)s.") % p
    ),
    "translation.reviewed": lambda p: (
        pgettext("record sentence", "%(who)s reviewed a translation of statement no. %(statement)s.") % p
    ),
    "translation.disputed": lambda p: (
        pgettext("record sentence", "%(who)s disputed a translation of statement no. %(statement)s.") % p
    ),
    "translator.granted": lambda p: pgettext("record sentence", "%(who)s appointed a translator.") % p,
    "translator.withdrawn": lambda p: pgettext("record sentence", "%(who)s withdrew a translator.") % p,
}

# What readers filter by: kinds of entry, each named in words, with the types it holds.
KINDS: dict[str, tuple[Callable[[], str], tuple[str, ...]]] = {
    "members": (
        lambda: pgettext("record kind", "The dialogue, invitations and members"),
        (
            "dialogue.created",
            "dialogue.changed",
            "dialogue.change_requested",
            "dialogue.change_answered",
            "invite.created",
            "invite.approved",
            "invite.revoked",
            "membership.joined",
            "membership.role_changed",
        ),
    ),
    "statements": (lambda: pgettext("record kind", "Statements"), ("statement.submitted",)),
    "votes": (
        lambda: pgettext("record kind", "Votes and results"),
        ("vote.cast", "votes.tallied", "analysis.published", "report.published"),
    ),
    "moderation": (
        lambda: pgettext("record kind", "Moderation"),
        (
            "statement.flagged",
            "statement.flags_dismissed",
            "statement.moderated",
            "statement.appealed",
            "appeal.answered",
            "moderation.decided",
            "moderation.policy_adopted",
            "blocklist.changed",
            "text.withdrawn",
        ),
    ),
    "proposals": (
        lambda: pgettext("record kind", "Proposals"),
        ("proposal.made", "proposal.approved", "proposal.rejected", "proposal.withdrawn", "proposal.expired"),
    ),
    "joint": (
        lambda: pgettext("record kind", "Joint statements"),
        (
            "joint.drafted",
            "joint.amendment_proposed",
            "joint.amendment_accepted",
            "joint.amendment_rejected",
            "joint.amendment_withdrawn",
            "joint.finalised",
            "joint.vote",
            "joint.votes_tallied",
            "joint.signed",
            "joint.ratified",
        ),
    ),
    "translations": (
        lambda: pgettext("record kind", "Translations and glossary"),
        (
            "translation.added",
            "translation.machine",
            "translation.proposed",
            "translation.reviewed",
            "translation.disputed",
            "translator.granted",
            "translator.withdrawn",
            "glossary.adopted",
        ),
    ),
    "signatures": (
        lambda: pgettext("record kind", "Signatures of the record"),
        ("key.registered", "checkpoint.signed"),
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
    from parley.governance.kinds import KINDS

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
    if entry_type == "dialogue.created" and not entry.get("actor"):
        return pgettext("record sentence", "The site's administrator created the dialogue.")
    make = SENTENCES.get(entry_type)
    if make is None:
        return pgettext("record sentence", "An entry of a kind this version of Parley does not describe.")
    return make(parts)
