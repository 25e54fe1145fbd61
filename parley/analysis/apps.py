from typing import Any

from django.apps import AppConfig


def _schedule_on_votes(sender: Any, dialogue_id: int, **kwargs: Any) -> None:
    from parley.analysis.scheduling import schedule_analysis

    schedule_analysis(dialogue_id)


class AnalysisConfig(AppConfig):
    name = "parley.analysis"
    label = "analysis"

    def ready(self) -> None:
        # Connected here: the dialogues app sends signals and never imports this one.
        from parley.dialogues import signals

        signals.votes_committed.connect(_schedule_on_votes, dispatch_uid="analysis.votes_committed")
