"""Case.student_search_name: the student's search_name on the case, kept by the database, with a
trigram index, for CaseQuerySet.matching() (the case list's search, issue 7).

Triggers keep it whatever writes: a case inserted or updated takes its student's search_name (what
the application wrote is replaced); a student renamed passes the new one to their cases. On
SQLite (development, tests) the same with SQLite triggers.
"""

from django.db import migrations, models

from crocoos.migration_sql import per_vendor
from crocoos.search import trigram_indexes

POSTGRESQL = (
    """
    CREATE OR REPLACE FUNCTION cases_case_student_search_name() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.student_search_name := (SELECT search_name FROM cases_student WHERE id = NEW.student_id);
        RETURN NEW;
    END $$
    """,
    """
    CREATE TRIGGER cases_case_student_search_name BEFORE INSERT OR UPDATE ON cases_case
    FOR EACH ROW EXECUTE FUNCTION cases_case_student_search_name()
    """,
    """
    CREATE OR REPLACE FUNCTION cases_student_search_name_to_cases() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE cases_case SET student_search_name = NEW.search_name WHERE student_id = NEW.id;
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER cases_student_search_name_to_cases AFTER UPDATE ON cases_student
    FOR EACH ROW WHEN (NEW.search_name IS DISTINCT FROM OLD.search_name)
    EXECUTE FUNCTION cases_student_search_name_to_cases()
    """,
)
POSTGRESQL_DROP = (
    "DROP TRIGGER IF EXISTS cases_student_search_name_to_cases ON cases_student",
    "DROP FUNCTION IF EXISTS cases_student_search_name_to_cases()",
    "DROP TRIGGER IF EXISTS cases_case_student_search_name ON cases_case",
    "DROP FUNCTION IF EXISTS cases_case_student_search_name()",
)
OWN_NAME = "(SELECT search_name FROM cases_student WHERE id = NEW.student_id)"
SQLITE = (
    f"""
    CREATE TRIGGER cases_case_student_search_name_insert AFTER INSERT ON cases_case
    BEGIN UPDATE cases_case SET student_search_name = {OWN_NAME} WHERE id = NEW.id; END
    """,
    f"""
    CREATE TRIGGER cases_case_student_search_name_update AFTER UPDATE ON cases_case
    WHEN NEW.student_search_name IS NOT {OWN_NAME}
    BEGIN UPDATE cases_case SET student_search_name = {OWN_NAME} WHERE id = NEW.id; END
    """,
    """
    CREATE TRIGGER cases_student_search_name_to_cases AFTER UPDATE ON cases_student
    WHEN NEW.search_name IS NOT OLD.search_name
    BEGIN UPDATE cases_case SET student_search_name = NEW.search_name WHERE student_id = NEW.id; END
    """,
)
SQLITE_DROP = (
    "DROP TRIGGER IF EXISTS cases_case_student_search_name_insert",
    "DROP TRIGGER IF EXISTS cases_case_student_search_name_update",
    "DROP TRIGGER IF EXISTS cases_student_search_name_to_cases",
)
FILL = (
    "UPDATE cases_case SET student_search_name = "
    "(SELECT search_name FROM cases_student WHERE cases_student.id = cases_case.student_id)"
)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0013_concern_student_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="student_search_name",
            field=models.TextField(default="", editable=False),
        ),
        per_vendor(
            {"postgresql": POSTGRESQL, "sqlite": SQLITE},
            {"postgresql": POSTGRESQL_DROP, "sqlite": SQLITE_DROP},
            then=[FILL],
            what="Case.student_search_name",
        ),
        # CaseQuerySet.matching: student_search_name LIKE '%word%', with the reference's index (0008)
        trigram_indexes(("case_student_search_name_trgm_idx", "cases_case", "student_search_name")),
    ]
