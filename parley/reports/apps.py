from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Reports: the `report` kind of proposal, frozen snapshots, embargoed publication, Atom feeds."""

    name = "parley.reports"
    label = "reports"

    def ready(self) -> None:
        # Registers the `report` kind of proposal, and (through `actions`) the settler that records a
        # report's publication once its agreed time has come (`parley.proposals.actions.SETTLERS`).
        from parley.reports import actions, kinds  # noqa: F401
