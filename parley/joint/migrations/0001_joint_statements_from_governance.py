"""Joint statements leave `governance` for their own app, keeping their tables (`governance_joint*`, `governance_amendment`)."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('governance', '0008_hold_language'),
        ('dialogues', '0015_votes_cast_counted_per_statement_and_side'),
        ('publicrecord', '0007_backfill_merkle_tree'),
    ]

    operations = [
        # The tables stay where they are (db_table): only Django's idea of which app owns them changes.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='JointStatement',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.JSONField(default=dict, help_text='Title per language code.')),
                        ('state', models.CharField(choices=[('draft', 'Draft'), ('final', 'Final, waiting for signatures'), ('ratified', 'Ratified')], default='draft', max_length=10)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('participant_vote', models.BooleanField(default=False, help_text='Participants vote on the final text.')),
                        ('canonical', models.BinaryField(default=b'', help_text='The bytes both co-chairs sign, set when finalised.')),
                        ('finalised_at', models.DateTimeField(blank=True, null=True)),
                        ('ratified_at', models.DateTimeField(blank=True, null=True)),
                        ('dialogue', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='joint_statements', to='dialogues.dialogue')),
                        ('started_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='dialogues.membership')),
                    ],
                    options={
                        'db_table': 'governance_jointstatement',
                        'ordering': ['dialogue', '-created_at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='Amendment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('action', models.CharField(choices=[('edit', "Change a clause's text in one language"), ('add', 'Add a clause'), ('remove', 'Remove a clause')], max_length=6)),
                        ('clause', models.CharField(blank=True, help_text="The clause's key; empty when adding one.", max_length=12)),
                        ('language', models.CharField(blank=True, help_text="The language edited, or a new clause's original.", max_length=5)),
                        ('texts', models.JSONField(default=dict, help_text='The new text per language (edit: one; add: one or more).')),
                        ('position', models.PositiveIntegerField(blank=True, help_text='Where a new clause goes, from 1.', null=True)),
                        ('state', models.CharField(choices=[('pending', 'Waiting for the other side'), ('accepted', 'Accepted'), ('rejected', 'Rejected'), ('withdrawn', 'Withdrawn')], default='pending', max_length=10)),
                        ('base_version', models.PositiveIntegerField()),
                        ('reason', models.CharField(blank=True, max_length=500)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('answered_at', models.DateTimeField(blank=True, null=True)),
                        ('answered_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='dialogues.membership')),
                        ('proposed_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='dialogues.membership')),
                        ('side', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='dialogues.side')),
                        ('joint', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='amendments', to='joint.jointstatement')),
                    ],
                    options={
                        'db_table': 'governance_amendment',
                        'ordering': ['joint', 'created_at', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='JointVersion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.PositiveIntegerField()),
                        ('clauses', models.JSONField(default=list, help_text='[{"key", "texts": {lang: text}, "original": lang, "sources": [statement ids]}]')),
                        ('reason', models.CharField(help_text='draft, or the amendment that made it.', max_length=200)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('joint', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='versions', to='joint.jointstatement')),
                        ('made_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='dialogues.membership')),
                    ],
                    options={
                        'db_table': 'governance_jointversion',
                        'ordering': ['joint', 'number'],
                    },
                ),
                migrations.AddField(
                    model_name='jointstatement',
                    name='final_version',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='joint.jointversion'),
                ),
                migrations.CreateModel(
                    name='JointVote',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('clause', models.CharField(blank=True, max_length=12)),
                        ('value', models.SmallIntegerField()),
                        ('updated_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('joint', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='votes', to='joint.jointstatement')),
                        ('membership', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='dialogues.membership')),
                    ],
                    options={
                        'db_table': 'governance_jointvote',
                    },
                ),
                migrations.CreateModel(
                    name='JointVoteHistory',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('clause', models.CharField(blank=True, max_length=12)),
                        ('value', models.SmallIntegerField()),
                        ('cast_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('salt', models.BinaryField(default=b'', max_length=16)),
                        ('commitment', models.CharField(blank=True, default='', max_length=64)),
                        ('batch', models.PositiveIntegerField(blank=True, null=True)),
                        ('joint', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='vote_history', to='joint.jointstatement')),
                        ('membership', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='dialogues.membership')),
                    ],
                    options={
                        'db_table': 'governance_jointvotehistory',
                        'ordering': ['joint', 'cast_at', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='JointSignature',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('role', models.CharField(help_text='cochair-<side label slug>, as for checkpoints.', max_length=40)),
                        ('signature', models.BinaryField(max_length=64)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('signing_key', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='publicrecord.signingkey')),
                        ('joint', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='signatures', to='joint.jointstatement')),
                    ],
                    options={
                        'db_table': 'governance_jointsignature',
                        'ordering': ['joint', 'role'],
                        'constraints': [models.UniqueConstraint(fields=('joint', 'role'), name='joint_signature_role_unique')],
                    },
                ),
                migrations.CreateModel(
                    name='JointTallyBatch',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.PositiveIntegerField()),
                        ('seq', models.PositiveIntegerField(help_text="The joint.votes_tallied entry's sequence number.")),
                        ('sealed_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('totals', models.JSONField(default=dict, help_text='Cumulative latest-vote counts: {clause: {side: [agree, disagree]}}.')),
                        ('joint', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='tally_batches', to='joint.jointstatement')),
                    ],
                    options={
                        'db_table': 'governance_jointtallybatch',
                        'ordering': ['joint', 'number'],
                        'constraints': [models.UniqueConstraint(fields=('joint', 'number'), name='joint_tally_batch_number_unique')],
                    },
                ),
                migrations.AddConstraint(
                    model_name='jointversion',
                    constraint=models.UniqueConstraint(fields=('joint', 'number'), name='joint_version_number_unique'),
                ),
                migrations.AddConstraint(
                    model_name='jointvote',
                    constraint=models.UniqueConstraint(fields=('joint', 'membership', 'clause'), name='joint_vote_once_per_clause'),
                ),
                migrations.AddConstraint(
                    model_name='jointvote',
                    constraint=models.CheckConstraint(condition=models.Q(('value__in', [-1, 1])), name='joint_vote_value_valid'),
                ),
                migrations.AddIndex(
                    model_name='jointvotehistory',
                    index=models.Index(fields=['joint', 'batch', 'commitment'], name='jointvotehistory_batch'),
                ),
            ],
            database_operations=[],
        ),
    ]
