from typing import Any

from django.apps import AppConfig


def _settle(sender: Any, dialogue_id: int, **kwargs: Any) -> None:
    from parley.proposals.actions import do_settle

    do_settle(dialogue_id)


class GovernanceConfig(AppConfig):
    name = "parley.proposals"
    label = "governance"

    def ready(self) -> None:
        # Connected here: the dialogues app sends signals and never imports this one.
        from parley.dialogues import signals

        # Each module registers its kinds of proposal when imported.
        from parley.proposals import glossary, kinds  # noqa: F401

        signals.settle_due.connect(_settle, dispatch_uid="governance.settle_due")
