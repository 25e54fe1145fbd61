from django.apps import AppConfig


class ModerationConfig(AppConfig):
    """Moderation: flags, holds (the blocklist's included), appeals, and the moderation proposals."""

    name = "parley.moderation"
    label = "moderation"

    def ready(self) -> None:
        # Registers the moderation kinds of proposal (blocklist, policy, remove and merge statements),
        # the settler of holds past their limit (`actions`) and the proposal forms' choices (`queries`).
        from parley.moderation import actions, kinds, queries  # noqa: F401
