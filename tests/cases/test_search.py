"""Student and case search: accents and case ignored, every word must match, scope kept."""

import pytest
from django.urls import reverse

from cases.models import Case, Student

from .factories import CaseFactory


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("lorincz", "Lőrincz"),
        ("ODON lőrincz", "Lőrincz"),
        ("stefan", "Ionescu"),
        ("brat", "Bråten"),
        ("ase", "Bråten"),
        ("petrovic", "Petrović"),
    ],
)
def test_student_search_ignores_accents(client, world, query, found):
    client.force_login(world.followup)
    page = client.get(reverse("student_list"), {"q": query}).content.decode()
    assert found in page


def test_student_search_needs_every_word(world):
    students = Student.objects.visible_to(world.followup)
    assert list(students.matching("odon lorincz")) == [world.student_a]
    assert not students.matching("odon ionescu").exists()
    assert students.matching("").count() == students.count()


def test_case_search_finds_by_reference_or_name_without_accents(client, world):
    mine = CaseFactory(student=world.student_a, reference="EWS-2026-0042")
    other = CaseFactory(student=world.student_c, reference="EWS-2026-0043")
    cases = Case.objects.visible_to(world.followup)
    assert list(cases.matching("ews-2026-0042")) == [mine]
    assert list(cases.matching("braten")) == [other]
    assert list(cases.matching("Ödön 0042")) == [mine]
    client.force_login(world.coordinator)
    page = client.get(reverse("case_list"), {"q": "lorincz", "status": "all"}).content.decode()
    assert "EWS-2026-0042" in page
    # the other school's case is out of the coordinator's scope, whatever the query
    assert "EWS-2026-0043" not in client.get(reverse("case_list"), {"q": "braten"}).content.decode()


def test_a_word_never_spans_the_first_and_the_last_name(world):
    # search_name holds "first last": a word has no space, so it matches one name or the other.
    students = Student.objects.visible_to(world.followup)
    assert list(students.matching("odonlorincz")) == []
    assert list(students.matching("nlor")) == []
    assert list(students.matching("odon")) == [world.student_a]


def test_the_folded_name_follows_every_change_of_the_name(world):
    # Kept by the database (a generated column), so bulk updates and imports cannot leave it behind.
    Student.objects.filter(pk=world.student_a.pk).update(last_name="Øverås")
    students = Student.objects.visible_to(world.followup)
    assert list(students.matching("overas")) == [world.student_a]
    assert not students.matching("lorincz").exists()
    assert Student.objects.get(pk=world.student_a.pk).search_name == "odon overas"


def test_staff_scope_joins_the_students_only_for_class_teachers(world):
    # An empty "class IN ()" branch used to join every case to its student, for the count as well.
    assert "cases_student" not in str(Case.objects.visible_to(world.coordinator).query)
    assert "cases_student" not in str(Case.objects.visible_to(world.followup).query)
    assert "cases_student" in str(Case.objects.visible_to(world.teacher).query)
