"""Totals-only votes on joint statements: every cast vote kept with its salt, commitment and batch,
and the sealed batches. Votes cast before were each public in the record (a `joint.vote` entry), so
they are kept as published votes (no commitment)."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


def keep_earlier_votes_as_published(apps, schema_editor):
    JointVote = apps.get_model("governance", "JointVote")
    JointVoteHistory = apps.get_model("governance", "JointVoteHistory")
    JointVoteHistory.objects.bulk_create(
        JointVoteHistory(
            joint_id=v.joint_id, membership_id=v.membership_id, clause=v.clause, value=v.value, cast_at=v.updated_at
        )
        for v in JointVote.objects.order_by("id").iterator()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("dialogues", "0009_pseudonym_keys_are_confusable_skeletons"),
        ("governance", "0005_blocklist_keys_folded_by_language"),
    ]

    operations = [
        migrations.CreateModel(
            name="JointVoteHistory",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("clause", models.CharField(blank=True, max_length=12)),
                ("value", models.SmallIntegerField()),
                ("cast_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("salt", models.BinaryField(default=b"", max_length=16)),
                ("commitment", models.CharField(blank=True, default="", max_length=64)),
                ("batch", models.PositiveIntegerField(blank=True, null=True)),
                (
                    "joint",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="vote_history",
                        to="governance.jointstatement",
                    ),
                ),
                (
                    "membership",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="dialogues.membership"
                    ),
                ),
            ],
            options={
                "ordering": ["joint", "cast_at", "id"],
                "indexes": [models.Index(fields=["joint", "batch", "commitment"], name="jointvotehistory_batch")],
            },
        ),
        migrations.CreateModel(
            name="JointTallyBatch",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.PositiveIntegerField()),
                ("seq", models.PositiveIntegerField(help_text="The joint.votes_tallied entry's sequence number.")),
                ("sealed_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "totals",
                    models.JSONField(
                        default=dict, help_text="Cumulative latest-vote counts: {clause: {side: [agree, disagree]}}."
                    ),
                ),
                (
                    "joint",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="tally_batches",
                        to="governance.jointstatement",
                    ),
                ),
            ],
            options={
                "ordering": ["joint", "number"],
                "constraints": [
                    models.UniqueConstraint(fields=("joint", "number"), name="joint_tally_batch_number_unique")
                ],
            },
        ),
        migrations.RunPython(keep_earlier_votes_as_published, migrations.RunPython.noop),
    ]
