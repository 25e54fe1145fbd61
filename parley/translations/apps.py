from django.apps import AppConfig


class TranslationsConfig(AppConfig):
    name = "parley.translations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Connected here: the dialogues app sends signals and never imports this one.
        from parley.dialogues import signals
        from parley.translations import actions, machine, text_tasks  # noqa: F401  (they connect their receivers)

        signals.text_withdrawn.connect(actions.blank_withdrawn_versions, dispatch_uid="translations.text_withdrawn")
