from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "parley.documents"
    label = "documents"
