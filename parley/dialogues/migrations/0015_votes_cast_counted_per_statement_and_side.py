"""Votes cast (published history rows) counted per statement and side, filled from the history."""

from django.db import migrations, models
from django.db.models import Count, Q


def fill_cast(apps, schema_editor):
    VoteHistory = apps.get_model("dialogues", "VoteHistory")
    SideTally = apps.get_model("dialogues", "SideTally")
    rows = (
        VoteHistory.objects.filter(Q(commitment="") | Q(batch__isnull=False))
        .values("statement_id", "membership__side_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows.iterator():
        updated = SideTally.objects.filter(statement_id=row["statement_id"], side_id=row["membership__side_id"]).update(
            cast=row["n"]
        )
        if not updated:
            SideTally.objects.create(statement_id=row["statement_id"], side_id=row["membership__side_id"], cast=row["n"])


class Migration(migrations.Migration):
    dependencies = [("dialogues", "0014_vote_counters_per_statement_and_side")]

    operations = [
        migrations.AddField(model_name="sidetally", name="cast", field=models.IntegerField(default=0)),
        migrations.RunPython(fill_cast, migrations.RunPython.noop),
    ]
