"""Joint statements now belong to the `joint` app (its 0001 takes them over); their tables are kept, not dropped."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('joint', '0001_joint_statements_from_governance'),
        ('governance', '0008_hold_language'),
    ]

    operations = [
        # The tables stay where they are (db_table): only Django's idea of which app owns them changes.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='jointsignature',
                    name='joint',
                ),
                migrations.RemoveField(
                    model_name='jointsignature',
                    name='signing_key',
                ),
                migrations.RemoveField(
                    model_name='jointstatement',
                    name='dialogue',
                ),
                migrations.RemoveField(
                    model_name='jointstatement',
                    name='final_version',
                ),
                migrations.RemoveField(
                    model_name='jointstatement',
                    name='started_by',
                ),
                migrations.RemoveField(
                    model_name='jointversion',
                    name='joint',
                ),
                migrations.RemoveField(
                    model_name='jointtallybatch',
                    name='joint',
                ),
                migrations.RemoveField(
                    model_name='jointvote',
                    name='joint',
                ),
                migrations.RemoveField(
                    model_name='jointvotehistory',
                    name='joint',
                ),
                migrations.RemoveField(
                    model_name='jointversion',
                    name='made_by',
                ),
                migrations.RemoveField(
                    model_name='jointvote',
                    name='membership',
                ),
                migrations.RemoveField(
                    model_name='jointvotehistory',
                    name='membership',
                ),
                migrations.DeleteModel(
                    name='Amendment',
                ),
                migrations.DeleteModel(
                    name='JointSignature',
                ),
                migrations.DeleteModel(
                    name='JointTallyBatch',
                ),
                migrations.DeleteModel(
                    name='JointStatement',
                ),
                migrations.DeleteModel(
                    name='JointVersion',
                ),
                migrations.DeleteModel(
                    name='JointVote',
                ),
                migrations.DeleteModel(
                    name='JointVoteHistory',
                ),
            ],
            database_operations=[],
        ),
    ]
