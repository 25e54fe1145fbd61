from typing import Any

from django.apps import AppConfig


def _changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    from parley.notifications.tasks import notify_after_commit

    notify_after_commit(instance)


def _me_part(sender: Any, member: Any, language: str, **kwargs: Any) -> dict[str, Any]:
    """The participant's own page's part: "new statements to vote on", read once by the view."""
    from parley.notifications.queries import new_statements_part

    return new_statements_part(member)


class NotificationsConfig(AppConfig):
    """Notifications: what awaits each side, e-mail, webhooks and participants' new-statement feeds."""

    name = "parley.notifications"
    label = "notifications"

    def ready(self) -> None:
        # Every row that can start to await a side: when one is saved, the dialogue's notifications are
        # sent by a background task once the transaction commits (the lower apps never import this one).
        from django.db.models.signals import post_save

        from parley.dialogues import signals
        from parley.joint.models import Amendment, JointStatement
        from parley.moderation.models import Appeal, Hold
        from parley.proposals.models import Proposal

        for model in (Proposal, Hold, Appeal, Amendment, JointStatement):
            post_save.connect(_changed, sender=model, dispatch_uid=f"notifications.{model.__name__}")
        signals.me_parts.connect(_me_part, dispatch_uid="notifications.new_statements")
