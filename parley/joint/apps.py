from django.apps import AppConfig


class JointConfig(AppConfig):
    """Joint statements: drafted and amended by both sides, voted on by participants, signed by the co-chairs."""

    name = "parley.joint"
    label = "joint"

    def ready(self) -> None:
        # Registers the "finalise a joint statement" kind of proposal, and (through `votes`) the receiver
        # that seals the joint votes when a proposal closes the dialogue (`governance.signals`).
        # `queries` registers the finalise form's choices (the drafts) with the proposals view.
        from parley.joint import actions, queries  # noqa: F401
