from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "parley.analysis"
    label = "analysis"
