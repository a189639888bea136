"""Raw SQL in migrations that differs per database (triggers kept by PostgreSQL and SQLite)."""

from django.db import migrations


def per_vendor(create, drop, *, then=(), what):
    """A RunPython running `create[vendor]`'s statements and then `then` forwards, `drop[vendor]`'s
    backwards; a database with no statements of its own is refused (`what` needs them)."""

    def forwards(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor not in create:
            raise NotImplementedError(f"{what} needs triggers for {vendor}")
        for statement in (*create[vendor], *then):
            schema_editor.execute(statement)

    def backwards(apps, schema_editor):
        for statement in drop.get(schema_editor.connection.vendor, ()):
            schema_editor.execute(statement)

    return migrations.RunPython(forwards, backwards)
