from django.apps import AppConfig


class RatelimitConfig(AppConfig):
    name = "parley.ratelimit"
    label = "ratelimit"
