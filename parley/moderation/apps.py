from typing import Any

from django.apps import AppConfig


def _hold_if_blocked(sender: Any, statement: Any, **kwargs: Any) -> None:
    from parley.moderation.actions import hold_if_blocked

    hold_if_blocked(statement)


def _rule_label(rule: str) -> str:
    from parley.moderation.models import Hold

    return str(Hold.Rule(rule).label) if rule in Hold.Rule.values else rule


def _my_cases(sender: Any, member: Any, language: str, **kwargs: Any) -> dict[str, Any]:
    """The "My votes" page's part of moderation: the member's own cases, read once by the view."""
    from parley.moderation.queries import author_cases

    return {"moderated_cases": author_cases(member, language)}


class ModerationConfig(AppConfig):
    """Moderation: flags, holds (the blocklist's included), appeals, and the moderation proposals."""

    name = "parley.moderation"
    label = "moderation"

    def ready(self) -> None:
        # Registers the moderation kinds of proposal (blocklist, policy, remove and merge statements),
        # the settler of holds past their limit (`actions`) and the proposal forms' choices (`queries`).
        # Connected here too: the dialogues app sends signals and never imports this one.
        from parley.dialogues import signals
        from parley.ledger import openings
        from parley.moderation import actions, kinds, queries  # noqa: F401

        signals.statement_created.connect(_hold_if_blocked, dispatch_uid="moderation.blocklist_hold")
        signals.register_rule_labeller(_rule_label)
        openings.register_rule_labeller(_rule_label)
        signals.my_votes_parts.connect(_my_cases, dispatch_uid="moderation.my_cases")
