"""Signals other apps listen to, so that this app need not import them.

`statement_submitted` is sent once the transaction that added a statement has committed, with the
argument `statement_id`: the translation app queues the statement's machine translations on it. It is
sent for every new statement, also one the blocklist held at once: a receiver checks that the statement
is visible before sending its text anywhere.
"""

from __future__ import annotations

from collections.abc import Callable

from django.dispatch import Signal

statement_submitted = Signal()

# Sent once the transaction that made a hidden statement visible again (a hold returned, an appeal
# restored it) has committed, with the argument `statement_id`: the translation app queues the
# machine translations it did not get while it was hidden.
statement_visible = Signal()

# Sent inside the transaction that withdrew a statement's text from the public record (argument
# `statement_id`): whoever keeps copies of its texts blanks them in that same transaction.
text_withdrawn = Signal()

# Sent once the transaction that wrote a free text of a side (a hold's reason, a glossary note) has
# committed, with the arguments `kind` ("hold.reason", "glossary.note") and `object_id`: the
# translation app queues its machine translations into the dialogue's other languages.
free_text_written = Signal()

# Sent inside the transaction that added a statement, after the author's own vote, with the argument
# `statement`: the moderation app puts it on hold there and then if its text holds a blocklist term.
statement_created = Signal()

# Sent once the transaction that changed a dialogue's published votes (a vote cast, a batch of a
# totals-only dialogue sealed) has committed, with the argument `dialogue_id`; sent once per
# dialogue and transaction however many votes it wrote: the analysis app schedules a run on it.
votes_committed = Signal()

# Sent inside the transaction of a vote on a statement still on hold (its hold lapsed and the queue
# offered it), with the argument `dialogue_id`: governance settles what has fallen due, which
# returns the statement, before the vote is written.
settle_due = Signal()

# Sent by the "My votes" page with the arguments `member` and `language`: each receiver returns a dict
# that is added to the page's context (moderation: the member's own cases on hold or removed), so the
# page's parts that belong to higher apps are read by the view, once, and their template tags only format.
my_votes_parts = Signal()


def my_votes_context(member: object, language: str) -> dict[str, object]:
    """What the receivers of `my_votes_parts` add to the "My votes" page of MEMBER."""
    context: dict[str, object] = {}
    for _receiver, part in my_votes_parts.send(sender=None, member=member, language=language):
        if isinstance(part, dict):
            context.update(part)
    return context


# Sent by the participant's own page ("me", the page their return link leads back to) with the arguments
# `member` and `language`: each receiver returns a dict added to the page's context, whose "me_parts"
# lists templates the page includes (notifications: "new statements to vote on").
me_parts = Signal()


def me_context(member: object, language: str) -> dict[str, object]:
    """What the receivers of `me_parts` add to MEMBER's own page; their templates in "me_parts"."""
    context: dict[str, object] = {"me_parts": []}
    for _receiver, part in me_parts.send(sender=None, member=member, language=language):
        if isinstance(part, dict):
            templates = part.pop("me_parts", [])
            context.update(part)
            context["me_parts"] += list(templates)  # type: ignore[operator]
    return context


class _SendOnCommit:
    """A commit callback sending SIGNAL for one dialogue; found again by `send_votes_committed`."""

    def __init__(self, signal: Signal, dialogue_id: int) -> None:
        self.signal = signal
        self.dialogue_id = dialogue_id

    def __call__(self) -> None:
        self.signal.send(sender=None, dialogue_id=self.dialogue_id)


def send_votes_committed(dialogue_id: int) -> None:
    """Send `votes_committed` for DIALOGUE_ID once the current transaction commits.

    A transaction that casts many votes (an import, the demo) registers one callback per dialogue:
    the pending callbacks are looked up on the connection, which drops them on rollback.
    """
    from django.db import transaction

    connection = transaction.get_connection()
    for _savepoints, callback, *_rest in connection.run_on_commit:
        if isinstance(callback, _SendOnCommit) and (callback.signal, callback.dialogue_id) == (
            votes_committed,
            dialogue_id,
        ):
            return
    transaction.on_commit(_SendOnCommit(votes_committed, dialogue_id))


# How a withdrawal's rule is named to readers ("withdrawn: <label>"): the app that owns the rules
# (moderation) registers its labeller in its AppConfig.ready(); without one, the rule's code is shown.
_rule_labellers: list[Callable[[str], str]] = []


def register_rule_labeller(labeller: Callable[[str], str]) -> None:
    _rule_labellers[:] = [labeller]


def rule_label(rule: str) -> str:
    return _rule_labellers[0](rule) if _rule_labellers else rule
