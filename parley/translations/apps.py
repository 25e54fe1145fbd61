from django.apps import AppConfig


class TranslationsConfig(AppConfig):
    name = "parley.translations"
    verbose_name = "Translations"

    def ready(self) -> None:
        # Connects machine translation to statement_submitted.
        import parley.translations.machine  # noqa: F401
