"""PostgreSQL only: pg_trgm and unaccent, and crocoos_fold(text) for accent-insensitive search.

On SQLite the same function is registered from Python on each connection (crocoos.search).
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

# unaccent() is STABLE (it reads a dictionary); naming the dictionary makes the wrapper safe to
# declare IMMUTABLE, so that it can be used in expression indexes.
CREATE_FOLD = """
CREATE OR REPLACE FUNCTION crocoos_fold(text) RETURNS text
AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
"""


def create_fold(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_FOLD)


def drop_fold(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS crocoos_fold(text)")


class Migration(migrations.Migration):
    dependencies = [("crocoos", "0003_area_retention_years_after_close")]

    operations = [
        TrigramExtension(),
        UnaccentExtension(),
        migrations.RunPython(create_fold, drop_fold),
    ]
