"""RateCount moves from the dialogues app to this one: state only, its table (and, on PostgreSQL, its
UNLOGGED state) stays as the dialogues app's migrations 0006 and 0012 made it."""

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [("dialogues", "0015_votes_cast_counted_per_statement_and_side")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="RateCount",
                    fields=[
                        ("key", models.CharField(max_length=64, primary_key=True, serialize=False)),
                        ("count", models.PositiveIntegerField(default=0)),
                        ("expires_at", models.DateTimeField(db_index=True)),
                    ],
                    options={"db_table": "dialogues_ratecount"},
                ),
            ],
            database_operations=[],
        ),
    ]
