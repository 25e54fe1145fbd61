"""Rate counts are ephemeral: on PostgreSQL their table is UNLOGGED, so counting a write costs no WAL flush.

A crash empties an unlogged table: the windows then start again from zero, which is harmless."""

from django.db import migrations


def unlogged(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE dialogues_ratecount SET UNLOGGED")


def logged(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE dialogues_ratecount SET LOGGED")


class Migration(migrations.Migration):
    dependencies = [("dialogues", "0011_translation_provenance_and_status")]

    operations = [migrations.RunPython(unlogged, logged)]
