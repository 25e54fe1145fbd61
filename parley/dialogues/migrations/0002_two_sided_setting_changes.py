from django.db import migrations, models


def mark_pending_status_changes(apps, schema_editor):
    apps.get_model("dialogues", "Dialogue").objects.exclude(pending_value="").update(pending_field="status")


class Migration(migrations.Migration):
    """Generalise the pending status change to any setting that needs both co-chairs; add vote visibility."""

    dependencies = [("dialogues", "0001_initial_dialogue_domain")]

    operations = [
        migrations.RenameField("dialogue", "pending_status", "pending_value"),
        migrations.RenameField("dialogue", "pending_status_side", "pending_side"),
        migrations.AlterField("dialogue", "pending_value", models.CharField(blank=True, max_length=20)),
        migrations.AddField("dialogue", "pending_field", models.CharField(blank=True, max_length=20)),
        migrations.AddField(
            "dialogue",
            "vote_visibility",
            models.CharField(
                choices=[
                    ("individual", "Individual pseudonymous votes are public"),
                    ("aggregate", "Only the totals are public"),
                ],
                default="individual",
                max_length=12,
            ),
        ),
        migrations.RunPython(mark_pending_status_changes, migrations.RunPython.noop),
    ]
