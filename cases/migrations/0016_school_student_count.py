"""SchoolStudentCount: each school's number of students, kept by triggers on cases_student whatever
writes (bulk inserts, QuerySet.update(), raw SQL), for the home page's list of schools (issue 7:
the follow-up officer's 20 schools were counted from ~10,000 index entries on every page built).

A student inserted adds one to their school, deleted takes one away, moved between schools (or to
or from the register, no school) moves one. On SQLite (development, tests) the same with SQLite
triggers. The rows are filled from the students already there.
"""

import django.db.models.deletion
from django.db import migrations, models

from crocoos.migration_sql import per_vendor

TABLE = "cases_schoolstudentcount"
ADD = f"""INSERT INTO {TABLE} (school_id, students) VALUES (NEW.school_id, 1)
    ON CONFLICT (school_id) DO UPDATE SET students = {TABLE}.students + 1"""
TAKE = f"UPDATE {TABLE} SET students = students - 1 WHERE school_id = OLD.school_id"

POSTGRESQL = (
    f"""
    CREATE OR REPLACE FUNCTION cases_student_school_count() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP <> 'INSERT' AND OLD.school_id IS NOT NULL THEN
            {TAKE};
        END IF;
        IF TG_OP <> 'DELETE' AND NEW.school_id IS NOT NULL THEN
            {ADD};
        END IF;
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER cases_student_school_count AFTER INSERT OR DELETE ON cases_student
    FOR EACH ROW EXECUTE FUNCTION cases_student_school_count()
    """,
    """
    CREATE TRIGGER cases_student_school_count_moved AFTER UPDATE OF school_id ON cases_student
    FOR EACH ROW WHEN (OLD.school_id IS DISTINCT FROM NEW.school_id)
    EXECUTE FUNCTION cases_student_school_count()
    """,
    f"""
    CREATE OR REPLACE FUNCTION cases_student_school_count_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM {TABLE};
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER cases_student_school_count_truncated AFTER TRUNCATE ON cases_student
    FOR EACH STATEMENT EXECUTE FUNCTION cases_student_school_count_truncated()
    """,
)
POSTGRESQL_DROP = (
    "DROP TRIGGER IF EXISTS cases_student_school_count_truncated ON cases_student",
    "DROP FUNCTION IF EXISTS cases_student_school_count_truncated()",
    "DROP TRIGGER IF EXISTS cases_student_school_count_moved ON cases_student",
    "DROP TRIGGER IF EXISTS cases_student_school_count ON cases_student",
    "DROP FUNCTION IF EXISTS cases_student_school_count()",
)
SQLITE = (
    f"""
    CREATE TRIGGER cases_student_school_count_insert AFTER INSERT ON cases_student
    WHEN NEW.school_id IS NOT NULL BEGIN {ADD}; END
    """,
    f"""
    CREATE TRIGGER cases_student_school_count_delete AFTER DELETE ON cases_student
    WHEN OLD.school_id IS NOT NULL BEGIN {TAKE}; END
    """,
    f"""
    CREATE TRIGGER cases_student_school_count_moved_out AFTER UPDATE OF school_id ON cases_student
    WHEN OLD.school_id IS NOT NEW.school_id AND OLD.school_id IS NOT NULL BEGIN {TAKE}; END
    """,
    f"""
    CREATE TRIGGER cases_student_school_count_moved_in AFTER UPDATE OF school_id ON cases_student
    WHEN OLD.school_id IS NOT NEW.school_id AND NEW.school_id IS NOT NULL BEGIN {ADD}; END
    """,
)
SQLITE_DROP = (
    "DROP TRIGGER IF EXISTS cases_student_school_count_insert",
    "DROP TRIGGER IF EXISTS cases_student_school_count_delete",
    "DROP TRIGGER IF EXISTS cases_student_school_count_moved_out",
    "DROP TRIGGER IF EXISTS cases_student_school_count_moved_in",
)
FILL = (
    f"INSERT INTO {TABLE} (school_id, students) "
    "SELECT school_id, COUNT(*) FROM cases_student WHERE school_id IS NOT NULL GROUP BY school_id"
)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0015_open_case_area_action_indexes"),
        ("crocoos", "0004_search_extensions"),
    ]

    operations = [
        migrations.CreateModel(
            name="SchoolStudentCount",
            fields=[
                (
                    "school",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="crocoos.school",
                    ),
                ),
                ("students", models.PositiveIntegerField(default=0)),
            ],
        ),
        per_vendor(
            {"postgresql": POSTGRESQL, "sqlite": SQLITE},
            {"postgresql": POSTGRESQL_DROP, "sqlite": SQLITE_DROP},
            then=[FILL],
            what="SchoolStudentCount",
        ),
    ]
