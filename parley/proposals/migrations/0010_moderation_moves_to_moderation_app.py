"""Moderation now belongs to the `moderation` app (its 0001 takes its models over); the tables are kept, not dropped."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('governance', '0009_joint_statements_move_to_joint_app'),
        ('moderation', '0001_moderation_from_governance'),
    ]

    operations = [
        # The tables stay where they are (db_table): only Django's idea of which app owns them changes.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='blocklistterm',
                    name='dialogue',
                ),
                migrations.RemoveField(
                    model_name='flag',
                    name='dismissed_by',
                ),
                migrations.RemoveField(
                    model_name='flag',
                    name='flagger',
                ),
                migrations.RemoveField(
                    model_name='flag',
                    name='statement',
                ),
                migrations.RemoveField(
                    model_name='hold',
                    name='dialogue',
                ),
                migrations.RemoveField(
                    model_name='hold',
                    name='opened_by',
                ),
                migrations.RemoveField(
                    model_name='hold',
                    name='side',
                ),
                migrations.RemoveField(
                    model_name='hold',
                    name='statement',
                ),
                migrations.RemoveField(
                    model_name='moderationpolicy',
                    name='dialogue',
                ),
                migrations.RemoveField(
                    model_name='moderationpolicy',
                    name='proposal',
                ),
                migrations.DeleteModel(
                    name='Appeal',
                ),
                migrations.DeleteModel(
                    name='BlocklistTerm',
                ),
                migrations.DeleteModel(
                    name='Flag',
                ),
                migrations.DeleteModel(
                    name='Hold',
                ),
                migrations.DeleteModel(
                    name='ModerationPolicy',
                ),
            ],
            database_operations=[],
        ),
    ]
