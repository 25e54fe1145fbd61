from typing import Any

from django.apps import AppConfig


def _hold_if_blocked(sender: Any, statement: Any, **kwargs: Any) -> None:
    from parley.governance.moderation import hold_if_blocked

    hold_if_blocked(statement)


def _settle(sender: Any, dialogue_id: int, **kwargs: Any) -> None:
    from parley.governance.actions import do_settle

    do_settle(dialogue_id)


def _rule_label(rule: str) -> str:
    from parley.governance.moderation_models import Hold

    return str(Hold.Rule(rule).label) if rule in Hold.Rule.values else rule


class GovernanceConfig(AppConfig):
    name = "parley.governance"
    label = "governance"

    def ready(self) -> None:
        # Each module registers its kinds of proposal when imported.
        # Connected here: the dialogues app sends signals and never imports this one.
        from parley.dialogues import signals
        from parley.governance import glossary, joint, kinds, moderation, moderation_kinds  # noqa: F401

        signals.statement_created.connect(_hold_if_blocked, dispatch_uid="governance.blocklist_hold")
        signals.settle_due.connect(_settle, dispatch_uid="governance.settle_due")
        signals.register_rule_labeller(_rule_label)
