"""cases.SchoolStudentCount, kept by database triggers (migration 0016), against COUNT(*) of the
students themselves after every kind of write: save, bulk insert, QuerySet.update(), delete, raw SQL."""

import pytest
from django.db import connection
from django.db.models import Count

from cases.models import SchoolStudentCount, Student
from tests.factories import AreaFactory, SchoolClassFactory, SchoolFactory, StudentFactory

pytestmark = pytest.mark.django_db


def kept():
    return {row.school_id: row.students for row in SchoolStudentCount.objects.all() if row.students}


def counted():
    rows = Student.objects.exclude(school=None).values("school_id").annotate(n=Count("*")).order_by()
    return {row["school_id"]: row["n"] for row in rows}


def test_counts_follow_every_kind_of_write():
    area = AreaFactory()
    first, second = SchoolFactory(area=area), SchoolFactory(area=area)
    first_class, second_class = SchoolClassFactory(school=first), SchoolClassFactory(school=second)
    students = StudentFactory.create_batch(3, school_class=first_class)
    StudentFactory(school_class=second_class)
    assert kept() == counted() == {first.pk: 3, second.pk: 1}

    Student.objects.bulk_create(
        [
            Student(first_name="Bulk", last_name=f"Row{n}", school=second, school_class=second_class, area=area)
            for n in range(4)
        ]
    )
    assert kept() == counted() == {first.pk: 3, second.pk: 5}

    moved = students[0]  # moved to the other school with save()
    moved.school, moved.school_class = second, second_class
    moved.save()
    assert kept() == counted() == {first.pk: 2, second.pk: 6}

    # to the register (no school), with QuerySet.update()
    Student.objects.filter(pk=students[1].pk).update(school=None, school_class=None)
    assert kept() == counted() == {first.pk: 1, second.pk: 6}
    # back from the register, and an update that leaves the school alone
    Student.objects.filter(pk=students[1].pk).update(school=first, school_class=first_class)
    Student.objects.filter(school=second).update(first_name="Renamed")
    assert kept() == counted() == {first.pk: 2, second.pk: 6}

    Student.objects.filter(school=second, last_name__startswith="Row").delete()
    assert kept() == counted() == {first.pk: 2, second.pk: 2}

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM cases_student WHERE id = %s", [students[2].pk])
    assert kept() == counted() == {first.pk: 1, second.pk: 2}

    register = StudentFactory(school_class=None, school=None, area=area)
    assert kept() == counted() == {first.pk: 1, second.pk: 2}
    register.delete()
    assert kept() == counted()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's")
def test_truncate_empties_the_counts():
    StudentFactory.create_batch(2)
    assert sum(kept().values()) == 2
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no foreign-key check left pending in the test's transaction
        cursor.execute("TRUNCATE cases_student CASCADE")
    assert kept() == counted() == {}
