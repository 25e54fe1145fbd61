from django.apps import AppConfig


class CheckpointsConfig(AppConfig):
    """Checkpoints of the record signed by the server, the co-chairs' keys and their co-signatures."""

    name = "parley.checkpoints"
    label = "checkpoints"
