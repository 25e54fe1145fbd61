"""Counters of current votes per statement and side, filled from the votes there are."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Count, Q


def fill_counters(apps, schema_editor):
    Vote = apps.get_model("dialogues", "Vote")
    SideTally = apps.get_model("dialogues", "SideTally")
    rows = (
        Vote.objects.values("statement_id", "membership__side_id")
        .annotate(
            agree=Count("id", filter=Q(value=1)),
            disagree=Count("id", filter=Q(value=-1)),
            passes=Count("id", filter=Q(value=0)),
        )
        .order_by()
    )
    SideTally.objects.bulk_create(
        (
            SideTally(
                statement_id=r["statement_id"],
                side_id=r["membership__side_id"],
                agree=r["agree"],
                disagree=r["disagree"],
                passes=r["passes"],
            )
            for r in rows.iterator()
        ),
        batch_size=5000,
    )


class Migration(migrations.Migration):

    dependencies = [
        ('dialogues', '0013_drop_indexes_covered_by_unique'),
    ]

    operations = [
        migrations.CreateModel(
            name='SideTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('agree', models.IntegerField(default=0)),
                ('disagree', models.IntegerField(default=0)),
                ('passes', models.IntegerField(default=0)),
                ('side', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='dialogues.side', db_index=False)),
                ('statement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='tallies', to='dialogues.statement', db_index=False)),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('statement', 'side'), name='side_tally_unique')],
            },
        ),
        migrations.RunPython(fill_counters, migrations.RunPython.noop),
    ]
