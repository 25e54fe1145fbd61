"""Moderation leaves `governance` for its own app, keeping its tables (`governance_flag`, `_hold`, `_appeal`,
`_blocklistterm`, `_moderationpolicy`)."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('dialogues', '0015_votes_cast_counted_per_statement_and_side'),
        ('governance', '0009_joint_statements_move_to_joint_app'),
    ]

    operations = [
        # The tables stay where they are (db_table): only Django's idea of which app owns them changes.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Hold',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('rule', models.CharField(choices=[('insult', 'Insult or hate'), ('personal_data', 'Personal data'), ('off_topic', 'Off-topic'), ('duplicate', 'Duplicate'), ('other', 'Other'), ('blocklist', 'Blocklist')], max_length=20)),
                        ('reason', models.CharField(help_text='The public reason.', max_length=500)),
                        ('language', models.CharField(blank=True, max_length=5)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('deadline', models.DateTimeField()),
                        ('state', models.CharField(choices=[('held', 'On hold, awaiting the other side'), ('kept', 'Kept on hold by both sides'), ('removed', 'Removed by both sides'), ('returned', 'Returned to the dialogue')], default='held', max_length=10)),
                        ('decisions', models.JSONField(default=dict, help_text='Side label -> remove, keep or return: what each side decided.')),
                        ('closed_at', models.DateTimeField(blank=True, null=True)),
                        ('dialogue', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='holds', to='dialogues.dialogue')),
                        ('opened_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='dialogues.membership')),
                        ('side', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='dialogues.side')),
                        ('statement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='holds', to='dialogues.statement')),
                    ],
                    options={
                        'db_table': 'governance_hold',
                        'ordering': ['-created_at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='Appeal',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('text', models.TextField()),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('state', models.CharField(choices=[('open', 'Awaiting both sides'), ('restored', 'Restored by both sides'), ('upheld', 'Upheld'), ('settled', 'The statement returned before an answer')], default='open', max_length=10)),
                        ('answers', models.JSONField(default=dict, help_text='Side label -> restore or uphold.')),
                        ('closed_at', models.DateTimeField(blank=True, null=True)),
                        ('statement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='appeals', to='dialogues.statement')),
                        ('hold', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='appeal', to='moderation.hold')),
                    ],
                    options={
                        'db_table': 'governance_appeal',
                        'ordering': ['-created_at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='ModerationPolicy',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('texts', models.JSONField(default=dict, help_text='Policy text per language code.')),
                        ('adopted_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('dialogue', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='moderation_policy', to='dialogues.dialogue')),
                        ('proposal', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='governance.proposal')),
                    ],
                    options={
                        'verbose_name_plural': 'moderation policies',
                        'db_table': 'governance_moderationpolicy',
                    },
                ),
                migrations.CreateModel(
                    name='BlocklistTerm',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('language', models.CharField(max_length=5)),
                        ('term', models.CharField(max_length=100)),
                        ('key', models.CharField(max_length=400)),
                        ('added_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('dialogue', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='blocklist', to='dialogues.dialogue')),
                    ],
                    options={
                        'db_table': 'governance_blocklistterm',
                        'ordering': ['dialogue', 'language', 'term', 'id'],
                        'constraints': [models.UniqueConstraint(fields=('dialogue', 'language', 'key'), name='blocklist_term_unique')],
                    },
                ),
                migrations.CreateModel(
                    name='Flag',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('reason', models.CharField(choices=[('insult', 'Insult or hate'), ('personal_data', 'Personal data'), ('off_topic', 'Off-topic'), ('duplicate', 'Duplicate'), ('other', 'Other')], max_length=20)),
                        ('note', models.CharField(blank=True, max_length=300)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('handled', models.BooleanField(default=False)),
                        ('dismissed_by', models.ManyToManyField(blank=True, help_text='The sides whose moderators set this flag aside.', related_name='+', to='dialogues.side')),
                        ('flagger', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='dialogues.membership')),
                        ('statement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='flags', to='dialogues.statement')),
                    ],
                    options={
                        'db_table': 'governance_flag',
                        'ordering': ['created_at', 'id'],
                        'constraints': [models.UniqueConstraint(fields=('statement', 'flagger'), name='flag_once_per_member')],
                    },
                ),
                migrations.AddIndex(
                    model_name='hold',
                    index=models.Index(fields=['dialogue', 'state'], name='hold_dialogue_state'),
                ),
            ],
            database_operations=[],
        ),
    ]
