"""Checkpoints and signing keys move here from the publicrecord app: state only, the tables keep their
names (publicrecord_checkpoint, ...) and their data; publicrecord migration 0008 drops them from its state."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('publicrecord', '0007_backfill_merkle_tree'),
        ('dialogues', '0016_ratecount_moves_to_ratelimit'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Checkpoint',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('tree_size', models.PositiveIntegerField()),
                        ('root_hash', models.BinaryField(max_length=32)),
                        ('timestamp', models.PositiveBigIntegerField(help_text='Seconds since 1970, UTC.')),
                        ('body', models.BinaryField(help_text='The signed note body (C2SP tlog-checkpoint).')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('dialogue', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='checkpoints', to='dialogues.dialogue')),
                    ],
                    options={
                        'db_table': 'publicrecord_checkpoint',
                        'ordering': ['dialogue', 'tree_size', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='SigningKey',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('public_key', models.BinaryField(max_length=32)),
                        ('fingerprint', models.CharField(max_length=64, unique=True)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('revoked_at', models.DateTimeField(blank=True, null=True)),
                        ('membership', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='signing_keys', to='dialogues.membership')),
                    ],
                    options={
                        'db_table': 'publicrecord_signingkey',
                        'ordering': ['-created_at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='CheckpointSignature',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('role', models.CharField(help_text='server, or cochair-<side label>', max_length=20)),
                        ('name', models.CharField(help_text='The signed-note key name.', max_length=120)),
                        ('public_key', models.BinaryField(max_length=32)),
                        ('signature', models.BinaryField(max_length=64)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('checkpoint', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='signatures', to='checkpoints.checkpoint')),
                        ('signing_key', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='checkpoints.signingkey')),
                    ],
                    options={
                        'db_table': 'publicrecord_checkpointsignature',
                        'ordering': ['checkpoint', 'created_at', 'id'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='checkpoint',
                    constraint=models.UniqueConstraint(fields=('dialogue', 'tree_size'), name='checkpoint_size_unique'),
                ),
                migrations.AddConstraint(
                    model_name='checkpointsignature',
                    constraint=models.UniqueConstraint(fields=('checkpoint', 'role'), name='checkpoint_signature_role_unique'),
                ),
            ],
            database_operations=[],
        ),
    ]
