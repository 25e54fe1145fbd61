from typing import Any

from django.apps import AppConfig


def _stand_link(sender: Any, member: Any, language: str, **kwargs: Any) -> dict[str, Any]:
    """The "My votes" page links to the member's "where I stand" page (participants who vote only)."""
    from django.urls import reverse

    if not member.can_take_part:
        return {}
    return {"stand_url": reverse("stand:stand", args=[member.dialogue.slug])}


class StandConfig(AppConfig):
    """A participant's "where I stand": their place on the latest opinion map, their group, each side."""

    name = "parley.stand"
    label = "stand"

    def ready(self) -> None:
        # Connected here: the dialogues app sends signals and never imports this one.
        from parley.dialogues import signals

        signals.my_votes_parts.connect(_stand_link, dispatch_uid="stand.my_votes_link")
