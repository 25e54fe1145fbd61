from django.apps import AppConfig


class DialoguesConfig(AppConfig):
    name = "parley.dialogues"
    label = "dialogues"
