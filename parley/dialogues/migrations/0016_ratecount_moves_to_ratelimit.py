"""RateCount moves to the ratelimit app: state only, the table stays (ratelimit migration 0001)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("dialogues", "0015_votes_cast_counted_per_statement_and_side"),
        ("ratelimit", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="RateCount")],
            database_operations=[],
        ),
    ]
