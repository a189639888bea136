import django.db.models.functions.text
from django.db import migrations, models

import crocoos.search
from crocoos.search import trigram_indexes

# The two indexes of 0005 on crocoos_fold(first_name) and crocoos_fold(last_name), which only
# name_matches() used: it now reads search_name.
FOLDED_NAME_INDEXES = (
    ("student_first_name_trgm_idx", "cases_student", "crocoos_fold(first_name)"),
    ("student_last_name_trgm_idx", "cases_student", "crocoos_fold(last_name)"),
)


def drop_folded_name_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, _table, _expression in FOLDED_NAME_INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0008_case_reference_upper_trgm"),
    ]

    operations = [
        migrations.AddField(
            model_name="student",
            name="search_name",
            field=models.GeneratedField(
                db_persist=True,
                expression=crocoos.search.Fold(
                    django.db.models.functions.text.Concat("first_name", models.Value(" "), "last_name")
                ),
                output_field=models.TextField(),
            ),
        ),
        # StudentQuerySet.matching / CaseQuerySet.matching (name_matches): search_name LIKE '%word%'
        trigram_indexes(("student_search_name_trgm_idx", "cases_student", "search_name")),
        migrations.RunPython(drop_folded_name_indexes, trigram_indexes(*FOLDED_NAME_INDEXES).code),
    ]
