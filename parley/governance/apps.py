from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "parley.governance"
    label = "governance"

    def ready(self) -> None:
        # Each module registers its kinds of proposal when imported.
        from parley.governance import glossary, kinds  # noqa: F401
