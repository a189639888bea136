from django.db import migrations

from crocoos.search import trigram_indexes


def drop_folded_reference_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS case_reference_trgm_idx")


class Migration(migrations.Migration):
    dependencies = [("cases", "0007_merge_0005_sheet_batch_0006_action_case_deadline_idx")]

    operations = [
        # CaseQuerySet.matching compares the reference with icontains: UPPER(reference) LIKE UPPER('%word%')
        migrations.RunPython(drop_folded_reference_index, migrations.RunPython.noop),
        trigram_indexes(("case_reference_upper_trgm_idx", "cases_case", "upper(reference::text)")),
    ]
