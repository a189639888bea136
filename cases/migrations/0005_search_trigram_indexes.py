from django.db import migrations

from crocoos.search import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_meetings"), ("crocoos", "0004_search_extensions")]

    operations = [
        # StudentQuerySet.matching / CaseQuerySet.matching: crocoos_fold(name) LIKE '%word%'
        trigram_indexes(
            ("student_first_name_trgm_idx", "cases_student", "crocoos_fold(first_name)"),
            ("student_last_name_trgm_idx", "cases_student", "crocoos_fold(last_name)"),
            ("case_reference_trgm_idx", "cases_case", "crocoos_fold(reference)"),
        ),
    ]
