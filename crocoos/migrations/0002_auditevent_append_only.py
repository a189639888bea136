"""Audit events are append-only in the database too: on PostgreSQL, UPDATE and DELETE raise.

SQLite (local demo, quick test runs) keeps the model-level guard only. TRUNCATE is left
alone: test databases are flushed with it.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION crocoos_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'crocoos_auditevent is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER crocoos_auditevent_append_only
    BEFORE UPDATE OR DELETE ON crocoos_auditevent
    FOR EACH ROW EXECUTE FUNCTION crocoos_auditevent_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS crocoos_auditevent_append_only ON crocoos_auditevent;
DROP FUNCTION IF EXISTS crocoos_auditevent_append_only();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("crocoos", "0001_initial")]

    operations = [migrations.RunPython(create_trigger, drop_trigger, elidable=False)]
