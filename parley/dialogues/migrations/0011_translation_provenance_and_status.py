import django.db.models.deletion
from django.db import migrations, models


def author_translations(apps, schema_editor):
    # Before the workflow, every human translation was typed by the statement's author: theirs, so
    # their side's, which the other side reviews (as the record's replay has it).
    translation = apps.get_model("dialogues", "StatementTranslation")
    statement = apps.get_model("dialogues", "Statement")
    author = statement.objects.filter(pk=models.OuterRef("statement_id")).values("author_id")[:1]
    translation.objects.filter(source="human").update(
        source="author", status="proposed", translator_id=models.Subquery(author)
    )
    translation.objects.filter(source="machine").update(status="machine")


class Migration(migrations.Migration):
    dependencies = [("dialogues", "0010_membership_join_waiting")]

    operations = [
        migrations.AlterField(
            model_name="statementtranslation",
            name="source",
            field=models.CharField(
                choices=[("author", "Author's translation"), ("human", "Human translation"), ("machine", "Machine translation")],
                default="human",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="statementtranslation",
            name="status",
            field=models.CharField(
                choices=[
                    ("machine", "Machine translation"),
                    ("proposed", "Proposed"),
                    ("reviewed", "Reviewed by both sides"),
                    ("disputed", "Disputed"),
                    ("failed", "Machine translation failed"),
                ],
                default="proposed",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="statementtranslation",
            name="translator",
            field=models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                related_name="translations_made", to="dialogues.membership",
            ),
        ),
        migrations.AddField(
            model_name="statementtranslation",
            name="reviewer",
            field=models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                related_name="translations_reviewed", to="dialogues.membership",
            ),
        ),
        migrations.AddField(
            model_name="statementtranslation",
            name="disputed_by",
            field=models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                related_name="translations_disputed", to="dialogues.membership",
            ),
        ),
        migrations.AddField(
            model_name="statementtranslation", name="dispute_reason", field=models.TextField(blank=True)
        ),
        migrations.AddField(
            model_name="statementtranslation", name="backend", field=models.CharField(blank=True, max_length=40)
        ),
        migrations.AddField(
            model_name="statementtranslation", name="model", field=models.CharField(blank=True, max_length=200)
        ),
        migrations.AddField(
            model_name="statementtranslation", name="pivot", field=models.CharField(blank=True, max_length=5)
        ),
        migrations.AddField(
            model_name="statementtranslation",
            name="seq",
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
        migrations.RunPython(author_translations, migrations.RunPython.noop),
    ]
