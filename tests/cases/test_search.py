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
