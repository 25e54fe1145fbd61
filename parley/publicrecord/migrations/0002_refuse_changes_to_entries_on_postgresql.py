from django.db import migrations

# A record entry, once written, stays as it is: the database itself refuses UPDATE and DELETE, so
# not even a bug or a careless administrator's SQL can rewrite history unnoticed. (TRUNCATE, which
# needs the table owner, is left to the owner: verification against checkpoints catches it.)
FORWARD = """
CREATE FUNCTION parley_record_entry_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the public record is append-only: % on publicrecord_recordentry refused', TG_OP;
END;
$$;
CREATE TRIGGER parley_record_entry_append_only
    BEFORE UPDATE OR DELETE ON publicrecord_recordentry
    FOR EACH ROW EXECUTE FUNCTION parley_record_entry_is_append_only();
"""
BACKWARD = """
DROP TRIGGER IF EXISTS parley_record_entry_append_only ON publicrecord_recordentry;
DROP FUNCTION IF EXISTS parley_record_entry_is_append_only();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("publicrecord", "0001_record_entries_and_checkpoints")]
    operations = [migrations.RunPython(forward, backward)]
