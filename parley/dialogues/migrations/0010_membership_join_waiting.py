"""Totals-only dialogues publish participants' joins as counts in the next batch: mark the ones waiting."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("dialogues", "0009_pseudonym_keys_are_confusable_skeletons")]

    operations = [
        migrations.AddField(model_name="membership", name="join_waiting", field=models.BooleanField(default=False)),
    ]
