"""A joint signature's key is now checkpoints.SigningKey (same table): state only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("checkpoints", "0001_initial"),
        ("joint", "0001_joint_statements_from_governance"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="jointsignature",
                    name="signing_key",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to="checkpoints.signingkey"
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
