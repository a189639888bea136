"""Teachers log concerns in a minute; coordinators triage them."""

import uuid

from django.urls import reverse

from cases.models import Case, Concern

from .factories import CaseFactory, ConcernFactory


def concern_post(world, student_label, **extra):
    return {
        "student": student_label,
        "date": "2026-11-20",
        "categories": ["attendance", "family"],
        "text": "Hétfőnként rendszeresen hiányzik.",
        "observer_name": "Éva Tanár",
        "observer_position": "Class teacher",
        "submission_key": str(uuid.uuid4()),
        **extra,
    }


def test_teacher_home_has_the_concern_form_with_own_students_only(client, world):
    client.force_login(world.teacher)
    page = client.get(reverse("home")).content.decode()
    assert "Log a concern" in page
    assert "Ödön Lőrincz (9.A" in page
    assert "Ștefan Ionescu" not in page  # class 9.B is not theirs
    assert 'value="Éva Tanár"' in page


def test_teacher_logs_a_concern_once_even_if_sent_twice(client, world):
    client.force_login(world.teacher)
    data = concern_post(world, "Ödön Lőrincz")
    first = client.post(reverse("concern_new"), data)
    second = client.post(reverse("concern_new"), data)
    assert first.status_code == second.status_code == 302
    concern = Concern.objects.get()
    assert concern.student == world.student_a
    assert concern.categories == ["attendance", "family"]
    assert concern.logged_by == world.teacher
    page = client.get(reverse("concern_mine")).content.decode()
    assert "Ödön Lőrincz" in page and "New" in page


def test_teacher_cannot_log_a_concern_about_another_class(client, world):
    client.force_login(world.teacher)
    response = client.post(reverse("concern_new"), concern_post(world, "Ștefan Ionescu"))
    assert response.status_code == 200
    assert "No student of your classes has this name" in response.content.decode()
    assert "Hétfőnként rendszeresen hiányzik." in response.content.decode()  # kept what was typed
    assert not Concern.objects.exists()


def test_teacher_sees_only_concerns_of_own_classes(client, world):
    own = ConcernFactory(student=world.student_a, logged_by=world.other_teacher)
    other = ConcernFactory(student=world.student_b, logged_by=world.other_teacher)
    client.force_login(world.teacher)
    assert client.get(reverse("concern_detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("concern_detail", args=[other.pk])).status_code == 404


def test_inbox_lists_new_concerns_of_the_coordinators_school(client, world):
    ConcernFactory(student=world.student_a, text="Sokat hiányzik az A osztályból")
    ConcernFactory(student=world.student_c, text="Mye fravær i VG1")
    client.force_login(world.coordinator)
    page = client.get(reverse("concern_inbox")).content.decode()
    assert "Sokat hiányzik az A osztályból" in page
    assert "Mye fravær" not in page


def test_coordinator_opens_a_case_from_a_concern_once(client, world):
    concern = ConcernFactory(student=world.student_a, observer_name="Éva Tanár", observer_position="Class teacher")
    client.force_login(world.coordinator)
    url = reverse("concern_decide", args=[concern.pk])
    first = client.post(url, {"decision": "open"})
    second = client.post(url, {"decision": "open"})
    case = Case.objects.get()
    assert first["Location"] == reverse("case_detail", args=[case.pk])
    assert second.status_code == 302
    assert case.reference.startswith("EWS-") and case.reference.endswith("-0001")
    assert case.observed_problem == concern.text
    assert case.observers == "Éva Tanár, Class teacher"
    concern.refresh_from_db()
    assert concern.status == Concern.Status.CASE_OPENED and concern.case == case


def test_coordinator_links_a_concern_to_an_open_case(client, world):
    case = CaseFactory(student=world.student_a)
    concern = ConcernFactory(student=world.student_a)
    client.force_login(world.coordinator)
    client.post(reverse("concern_decide", args=[concern.pk]), {"decision": "link", "case": case.pk})
    concern.refresh_from_db()
    assert concern.status == Concern.Status.LINKED and concern.case == case


def test_closing_without_a_case_needs_a_reason(client, world):
    concern = ConcernFactory(student=world.student_a)
    client.force_login(world.coordinator)
    url = reverse("concern_decide", args=[concern.pk])
    response = client.post(url, {"decision": "no_case", "reason": ""})
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
    client.post(url, {"decision": "no_case", "reason": "Talked with the family; resolved."})
    concern.refresh_from_db()
    assert concern.status == Concern.Status.NO_CASE
    assert concern.no_case_reason == "Talked with the family; resolved."


def test_teacher_cannot_triage(client, world):
    concern = ConcernFactory(student=world.student_a)
    client.force_login(world.teacher)
    assert client.post(reverse("concern_decide", args=[concern.pk]), {"decision": "open"}).status_code == 404
    assert not Case.objects.exists()


def test_follow_up_triages_register_concerns(client, world):
    concern = ConcernFactory(student=world.register_student)
    client.force_login(world.followup)
    assert "Jovana Petrović" in client.get(reverse("concern_inbox")).content.decode()
    client.post(reverse("concern_decide", args=[concern.pk]), {"decision": "open"})
    case = Case.objects.get()
    assert case.school is None and case.area == world.area


def _keyset_page(user, params):
    """The inbox's page as KeysetPaginator.get_page reads it (the view's first page is read from
    a compiled statement instead)."""
    from cases.views.concerns import INBOX_COLUMNS, inbox_concerns
    from crocoos.pagination import KeysetPaginator

    rows = inbox_concerns(user).values_list(*INBOX_COLUMNS, named=True)
    return KeysetPaginator(rows, 25, ("date", "id")).get_page(params)


def _same_page(shown, expected):
    assert list(shown.object_list) == list(expected.object_list)
    assert [row._fields for row in shown.object_list] == [row._fields for row in expected.object_list]
    assert (shown.number, shown.has_next(), shown.has_previous()) == (
        expected.number,
        expected.has_next(),
        expected.has_previous(),
    )
    assert shown.paginator.count == expected.paginator.count
    assert (shown.next_cursor, shown.previous_cursor) == (expected.next_cursor, expected.previous_cursor)


def test_inbox_first_page_is_the_keyset_paginators(client, world):
    client.force_login(world.coordinator)
    for count in (3, 30):  # every row on the first page; then a second page and a count
        for _ in range(count - Concern.objects.filter(student=world.student_a).count()):
            ConcernFactory(student=world.student_a)
        ConcernFactory(student=world.student_c)  # another school's: not in this inbox
        for params in ({}, {"page": "1"}, {"after": ""}):
            response = client.get(reverse("concern_inbox"), params)
            _same_page(response.context["page"], _keyset_page(world.coordinator, params))
        shown = response.context["page"]
        assert len(shown.object_list) == min(count, 25)
        if count > 25:
            following = client.get(reverse("concern_inbox"), {"after": shown.next_cursor}).context["page"]
            _same_page(following, _keyset_page(world.coordinator, {"after": shown.next_cursor}))
            assert len(following.object_list) == count - 25
