from django.apps import AppConfig


class PublicrecordConfig(AppConfig):
    name = "parley.publicrecord"
    label = "publicrecord"
