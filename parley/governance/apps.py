from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "parley.governance"
    label = "governance"
