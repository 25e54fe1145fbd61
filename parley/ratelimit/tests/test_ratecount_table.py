"""The rate counts' model is the ratelimit app's, and keeps the table the dialogues app made."""

import pytest
from django.apps import apps
from django.db import connection

from parley.ratelimit.models import RateCount

pytestmark = pytest.mark.django_db


def test_the_rate_counts_belong_to_the_ratelimit_app_and_keep_their_table():
    assert apps.get_model("ratelimit", "RateCount") is RateCount
    assert RateCount._meta.db_table == "dialogues_ratecount"
    assert "ratecount" not in {model._meta.model_name for model in apps.get_app_config("dialogues").get_models()}


def test_the_rate_counts_table_stays_unlogged_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("UNLOGGED tables are PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SELECT relpersistence FROM pg_class WHERE relname = 'dialogues_ratecount'")
        assert cursor.fetchone() == ("u",)
