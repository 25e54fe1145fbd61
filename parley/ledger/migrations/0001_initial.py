"""The record's storage moves here from the publicrecord app: state only, every table keeps its name
(publicrecord_recordentry, ...) and its data; publicrecord migration 0008 drops them from its state."""

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
                    name='RecordHead',
                    fields=[
                        ('dialogue', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, primary_key=True, related_name='record_head', serialize=False, to='dialogues.dialogue')),
                        ('next_seq', models.PositiveIntegerField(default=0)),
                        ('last_time', models.DateTimeField(blank=True, null=True)),
                    ],
                    options={
                        'db_table': 'publicrecord_recordhead',
                    },
                ),
                migrations.CreateModel(
                    name='PendingEntry',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('type', models.CharField(max_length=40)),
                        ('actor', models.JSONField(null=True)),
                        ('actor_side', models.CharField(blank=True, max_length=12)),
                        ('payload', models.JSONField()),
                        ('dialogue', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='dialogues.dialogue')),
                    ],
                    options={
                        'db_table': 'publicrecord_pendingentry',
                        'ordering': ['dialogue', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='Opening',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('seq', models.PositiveIntegerField(help_text='The entry holding the sealed value.')),
                        ('path', models.CharField(help_text='Where in the entry, e.g. payload/text.', max_length=200)),
                        ('salt', models.BinaryField(max_length=16, null=True)),
                        ('value', models.JSONField(null=True)),
                        ('withdrawn_by_seq', models.PositiveIntegerField(blank=True, null=True)),
                        ('dialogue', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='openings', to='dialogues.dialogue')),
                    ],
                    options={
                        'db_table': 'publicrecord_opening',
                        'ordering': ['dialogue', 'seq', 'path'],
                        'constraints': [models.UniqueConstraint(fields=('dialogue', 'seq', 'path'), name='opening_path_unique')],
                    },
                ),
                migrations.CreateModel(
                    name='RecordEntry',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('seq', models.PositiveIntegerField(help_text="Position in the dialogue's record, from 0: the Merkle leaf index.")),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('type', models.CharField(max_length=40)),
                        ('actor_side', models.CharField(blank=True, max_length=12)),
                        ('data', models.BinaryField(help_text='The entry as canonical JSON bytes.')),
                        ('leaf_hash', models.BinaryField(max_length=32)),
                        ('dialogue', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='record_entries', to='dialogues.dialogue')),
                    ],
                    options={
                        'db_table': 'publicrecord_recordentry',
                        'ordering': ['dialogue', 'seq'],
                        'indexes': [models.Index(fields=['dialogue', 'type', 'seq'], name='record_entry_type')],
                        'constraints': [models.UniqueConstraint(fields=('dialogue', 'seq'), name='record_entry_seq_unique')],
                    },
                ),
                migrations.CreateModel(
                    name='RecordTypeCount',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('type', models.CharField(max_length=40)),
                        ('count', models.PositiveIntegerField(default=0)),
                        ('dialogue', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='dialogues.dialogue')),
                    ],
                    options={
                        'db_table': 'publicrecord_recordtypecount',
                        'constraints': [models.UniqueConstraint(fields=('dialogue', 'type'), name='record_type_count_unique')],
                    },
                ),
                migrations.CreateModel(
                    name='TreeNode',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('level', models.PositiveSmallIntegerField()),
                        ('position', models.PositiveBigIntegerField()),
                        ('hash', models.BinaryField(max_length=32)),
                        ('dialogue', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='dialogues.dialogue')),
                    ],
                    options={
                        'db_table': 'publicrecord_treenode',
                        'ordering': ['dialogue', 'level', 'position'],
                        'constraints': [models.UniqueConstraint(fields=('dialogue', 'level', 'position'), name='tree_node_position_unique')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
