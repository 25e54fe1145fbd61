"""Keep each analysis run's figures (participants, voters, statements, current votes, votes cast) as
of the votes it analysed, so the results page states them with the analysis's time."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("analysis", "0003_totals_only_results_without_participants")]

    operations = [
        migrations.AddField(
            model_name="analysisrun",
            name="figures",
            field=models.JSONField(blank=True, null=True),
        ),
    ]
