"""The storage models moved to the ledger app, checkpoints and keys to the checkpoints app: state only,
the tables stay (ledger 0001, checkpoints 0001)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0001_initial"),
        ("checkpoints", "0001_initial"),
        ("joint", "0002_signing_key_moves_to_checkpoints"),
        ("publicrecord", "0007_backfill_merkle_tree"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="checkpointsignature",
                    name="checkpoint",
                ),
                migrations.RemoveField(
                    model_name="checkpointsignature",
                    name="signing_key",
                ),
                migrations.RemoveField(
                    model_name="opening",
                    name="dialogue",
                ),
                migrations.RemoveField(
                    model_name="pendingentry",
                    name="dialogue",
                ),
                migrations.RemoveField(
                    model_name="recordentry",
                    name="dialogue",
                ),
                migrations.RemoveField(
                    model_name="recordhead",
                    name="dialogue",
                ),
                migrations.RemoveField(
                    model_name="recordtypecount",
                    name="dialogue",
                ),
                migrations.RemoveField(
                    model_name="signingkey",
                    name="membership",
                ),
                migrations.RemoveField(
                    model_name="treenode",
                    name="dialogue",
                ),
                migrations.DeleteModel(
                    name="Checkpoint",
                ),
                migrations.DeleteModel(
                    name="CheckpointSignature",
                ),
                migrations.DeleteModel(
                    name="Opening",
                ),
                migrations.DeleteModel(
                    name="PendingEntry",
                ),
                migrations.DeleteModel(
                    name="RecordEntry",
                ),
                migrations.DeleteModel(
                    name="RecordHead",
                ),
                migrations.DeleteModel(
                    name="RecordTypeCount",
                ),
                migrations.DeleteModel(
                    name="SigningKey",
                ),
                migrations.DeleteModel(
                    name="TreeNode",
                ),
            ],
            database_operations=[],
        ),
    ]
