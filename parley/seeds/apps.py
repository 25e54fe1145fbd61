from django.apps import AppConfig


class SeedsConfig(AppConfig):
    """Seed statements entered in bulk from a CSV file, with their translations, by organizers and co-chairs."""

    name = "parley.seeds"
    label = "seeds"
