from importlib import import_module
from typing import Any

from django.apps import AppConfig

# The modules that register this app's kinds of proposal when imported, in the order the proposals
# page offers them (registration order; the joint, moderation and reports apps register theirs after these).
KIND_MODULES = ("kinds_dialogue", "kinds_members", "glossary")


def _settle(sender: Any, dialogue_id: int, **kwargs: Any) -> None:
    from parley.proposals.actions import do_settle

    do_settle(dialogue_id)


class ProposalsConfig(AppConfig):
    """Proposals: dual control of every privileged change, the kinds of proposal, the glossary.

    The label stays "governance", the package's former name: it names the tables, the migrations and
    other apps' migration dependencies, which the rename to `parley.proposals` left unchanged."""

    name = "parley.proposals"
    label = "governance"

    def ready(self) -> None:
        # Connected here: the dialogues app sends signals and never imports this one.
        from parley.dialogues import signals

        for module in KIND_MODULES:
            import_module(f"parley.proposals.{module}")

        signals.settle_due.connect(_settle, dispatch_uid="governance.settle_due")
