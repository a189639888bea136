"""The audit trail pages and the append-only guarantee."""

from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from crocoos import audit
from crocoos.models import AuditEvent, Role

from .factories import member


def trail_url(student):
    return reverse("audit_trail", args=["cases.student", student.pk])


def opened(client, user, student):
    client.force_login(user)
    client.get(reverse("student_detail", args=[student.pk]))
    client.logout()


# --- who has seen or changed this ---------------------------------------------------------------


def test_coordinator_sees_who_opened_a_student_of_the_school(client, world):
    opened(client, world.teacher, world.student_a)
    audit.record(
        "student.changed",
        actor=world.ews,
        obj=world.student_a,
        student=world.student_a,
        changed_fields=["last_name", "date_of_birth"],
    )
    audit.record("student.viewed", actor=world.ews, obj=world.student_b, student=world.student_b)
    client.force_login(world.coordinator)
    page = client.get(trail_url(world.student_a)).content.decode()
    assert "Éva Tanár" in page
    assert "Opened the student&#x27;s record" in page
    assert "date_of_birth, last_name" in page
    assert page.count("<tr>") == 3  # header + two events about student_a, none about student_b
    assert AuditEvent.objects.filter(action="audit.trail_viewed", actor=world.coordinator).exists()


@pytest.mark.parametrize("persona", ["teacher", "ews", "coordinator2", "followup", "partner", "admin"])
def test_only_the_school_coordinator_opens_the_trail(client, world, persona):
    client.force_login(getattr(world, persona))
    assert client.get(trail_url(world.student_a)).status_code == 404


def test_the_follow_up_service_sees_the_trail_of_its_register(client, world):
    client.force_login(world.followup)
    assert client.get(trail_url(world.register_student)).status_code == 200
    client.force_login(world.other_followup)
    assert client.get(trail_url(world.register_student)).status_code == 404


@pytest.mark.parametrize("object_type, object_id", [("cases.nothing", "1"), ("cases.student", "abc")])
def test_unknown_types_and_ids_answer_404(client, world, object_type, object_id):
    client.force_login(world.coordinator)
    assert client.get(reverse("audit_trail", args=[object_type, object_id])).status_code == 404


def test_htmx_gets_the_partial_only(client, world):
    client.force_login(world.coordinator)
    response = client.get(trail_url(world.student_a), HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "Who has seen or changed this" in page
    assert "<html" not in page


def test_the_trail_link_tag_shows_only_to_who_may_open_it(world):
    template = Template("{% load crocoos_tags %}[{% audit_trail_url student %}]")
    for user, expected in ((world.coordinator, f"[{trail_url(world.student_a)}]"), (world.teacher, "[]")):
        request = RequestFactory().get("/")
        request.user = user
        assert template.render(Context({"request": request, "student": world.student_a})) == expected


def test_trail_query_count_does_not_grow_with_events(client, world, django_assert_max_num_queries):
    for _ in range(30):
        audit.record("student.viewed", actor=world.teacher, obj=world.student_a, student=world.student_a)
    client.force_login(world.coordinator)
    with django_assert_max_num_queries(12):
        assert client.get(trail_url(world.student_a)).status_code == 200


# --- access report for breach investigations -----------------------------------------------------


def report(client, user, email, start, end):
    """The report as the form sends it: local times to the minute."""
    client.force_login(user)
    return report_page(client, email, start, end)


def report_page(client, email, start, end):
    fmt = "%Y-%m-%dT%H:%M"
    start, end = timezone.localtime(start).strftime(fmt), timezone.localtime(end).strftime(fmt)
    return client.get(reverse("audit_access_report"), {"email": email, "start": start, "end": end})


def test_administrator_sees_which_students_a_user_opened_in_a_period(client, world):
    now = timezone.now()
    opened(client, world.followup, world.student_a)
    opened(client, world.followup, world.register_student)
    opened(client, world.teacher, world.student_a)  # someone else
    audit.record("student.viewed", actor=world.followup, obj=world.student_c, student=world.student_c)
    audit.record("account.two_factor_verified", actor=world.followup, obj=world.followup)  # no student: left out
    response = report(client, world.admin, world.followup.email, now - timedelta(hours=1), now + timedelta(hours=1))
    page = response.content.decode()
    assert "opened or changed the data of 3 students" in page
    assert "Ödön Lőrincz" in page
    assert "Jovana Petrović" in page
    assert "Åse Bråten" in page
    assert AuditEvent.objects.filter(action="audit.access_report_viewed", actor=world.admin).exists()


def test_the_report_leaves_out_events_outside_the_period(client, world):
    opened(client, world.followup, world.student_a)
    later = timezone.now() + timedelta(days=1)
    page = report(client, world.admin, world.followup.email, later, later + timedelta(days=1)).content.decode()
    assert "opened or changed the data of 0 students" in page
    assert "Ödön Lőrincz" not in page


def test_an_area_administrator_sees_only_students_of_the_area(client, world):
    area_admin = member(Role.ADMINISTRATOR, area=world.other_area, email="area-admin@test.example.org")
    opened(client, world.followup, world.student_a)
    now = timezone.now()
    page = report(client, area_admin, world.followup.email, now - timedelta(hours=1), now + timedelta(hours=1))
    assert "Ödön Lőrincz" not in page.content.decode()


@pytest.mark.parametrize(
    "params, message",
    [
        ({"email": "nobody@example.org", "start": "2026-01-01T00:00", "end": "2026-02-01T00:00"}, "no user"),
        ({"email": "teacher@test.example.org", "start": "2026-02-01T00:00", "end": "2026-01-01T00:00"}, "must come"),
        ({"email": "teacher@test.example.org", "start": "yesterday", "end": "2026-01-01T00:00"}, "valid date"),
    ],
)
def test_the_report_form_explains_bad_input(client, world, params, message):
    client.force_login(world.admin)
    response = client.get(reverse("audit_access_report"), params)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not AuditEvent.objects.filter(action="audit.access_report_viewed").exists()


def test_report_query_count_does_not_grow_with_events(client, world, django_assert_max_num_queries):
    for student in (world.student_a, world.student_b, world.student_c) * 10:
        audit.record("student.viewed", actor=world.followup, obj=student, student=student)
        audit.record("account.signed_in", actor=world.followup, obj=world.followup)
    now = timezone.now()
    client.force_login(world.admin)
    with django_assert_max_num_queries(13):  # one of them the sign-ins
        page = report_page(client, world.followup.email, now - timedelta(hours=1), now + timedelta(hours=1))
    assert "data of 3 students" in page.content.decode()


# --- append-only ------------------------------------------------------------------------------


def test_the_application_cannot_change_or_delete_events(world):
    """On every database (SQLite too): the model and its queryset refuse changes and deletes."""
    event = audit.record("student.viewed", actor=world.teacher, obj=world.student_a, student=world.student_a)
    attempts = [
        event.save,
        event.delete,
        lambda: AuditEvent.objects.filter(pk=event.pk).update(action="nothing.happened"),
        lambda: AuditEvent.objects.filter(pk=event.pk).delete(),
        lambda: AuditEvent.objects.all().delete(),
        lambda: AuditEvent.objects.bulk_update([event], ["action"]),
        lambda: AuditEvent.objects.update_or_create(pk=event.pk, defaults={"action": "x"}),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionError):
            attempt()
    event.refresh_from_db()
    assert event.action == "student.viewed"
    assert AuditEvent.objects.count() == 1


def test_the_database_refuses_updates_and_deletes_of_events(world):
    if connection.vendor != "postgresql":
        pytest.skip("the append-only trigger exists on PostgreSQL only")
    event = audit.record("student.viewed", actor=world.teacher, obj=world.student_a, student=world.student_a)
    attempts = [
        # Past the ORM guard (a plain queryset), straight to the database.
        lambda: AuditEvent._base_manager.filter(pk=event.pk).update(action="nothing.happened"),
        lambda: AuditEvent._base_manager.filter(pk=event.pk).delete(),
        lambda: connection.cursor().execute("DELETE FROM crocoos_auditevent"),
        lambda: connection.cursor().execute("UPDATE crocoos_auditevent SET ip_address = NULL"),
    ]
    for attempt in attempts:
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            attempt()
    event.refresh_from_db()
    assert event.action == "student.viewed"
