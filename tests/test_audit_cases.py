"""The trail pages of cases and meetings, and the access report over case and meeting views."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from crocoos import audit
from crocoos.models import AuditEvent

from .cases.factories import CaseFactory
from .matrix_meetings import meeting_world
from .test_audit import report


def trail(kind, pk):
    return reverse("audit_trail", args=[kind, pk])


@pytest.fixture
def w(world):
    return meeting_world(world)


def test_the_case_trail_lists_views_prints_changes_and_meetings_of_that_case_only(client, w):
    for user, name in ((w.ews, "case_detail"), (w.followup, "case_sheet_pdf")):
        client.force_login(user)
        assert client.get(reverse(name, args=[w.case_a.pk])).status_code == 200
    client.force_login(w.coordinator)
    client.get(reverse("consent_document", args=[w.case_a.pk, w.consent_a.pk]))
    client.get(reverse("meeting_detail", args=[w.meeting.pk]))
    client.post(reverse("case_close", args=[w.case_a.pk]), {"outcome": "Visszatért az iskolába."})
    other_case = CaseFactory(student=w.student_a)
    audit.record("case.viewed", actor=w.teacher, obj=other_case, student=w.student_a)
    page = client.get(trail(".".join(["cases", "case"]), w.case_a.pk)).content.decode()
    for label in (
        "Opened the case",
        "Printed the case sheet",
        "Downloaded a signed consent",
        "Opened the meeting",
        "Closed the case",
    ):
        assert label in page, label
    assert "outcome, status" in page  # field names, never the outcome's text
    assert "Visszatért" not in page
    assert "Éva Tanár" not in page  # the teacher only opened the other case
    assert AuditEvent.objects.filter(action="audit.trail_viewed", detail__object_type="cases.case").exists()


@pytest.mark.parametrize("persona", ["teacher", "ews", "coordinator2", "followup", "partner", "admin"])
def test_only_the_school_coordinator_opens_a_school_case_trail(client, w, persona):
    client.force_login(getattr(w, persona))
    assert client.get(trail("cases.case", w.case_a.pk)).status_code == 404
    assert client.get(trail("cases.meeting", w.meeting.pk)).status_code == 404
    assert client.get(trail("cases.consent", w.consent_a.pk)).status_code == 404


def test_the_follow_up_service_opens_the_trail_of_register_cases(client, world):
    case = CaseFactory(student=world.register_student, school=None, area=world.area)
    client.force_login(world.followup)
    assert client.get(trail("cases.case", case.pk)).status_code == 200
    client.force_login(world.other_followup)
    assert client.get(trail("cases.case", case.pk)).status_code == 404


@pytest.mark.parametrize(
    "kind, attr",
    [("meeting", "meeting"), ("concern", "concern_a"), ("consent", "consent_a"), ("actionitem", "action_a")],
)
def test_the_coordinator_opens_the_trail_of_each_record_kind(client, w, kind, attr):
    client.force_login(w.coordinator)
    assert client.get(trail(f"cases.{kind}", getattr(w, attr).pk)).status_code == 200


def test_case_meeting_and_student_pages_link_their_trail_for_the_coordinator_only(client, w):
    pages = {
        reverse("case_detail", args=[w.case_a.pk]): trail("cases.case", w.case_a.pk),
        reverse("meeting_detail", args=[w.meeting.pk]): trail("cases.meeting", w.meeting.pk),
        reverse("student_detail", args=[w.student_a.pk]): trail("cases.student", w.student_a.pk),
    }
    for user, shown in ((w.coordinator, True), (w.ews, False), (w.followup, False)):
        client.force_login(user)
        for page, link in pages.items():
            assert (f'href="{link}"' in client.get(page).content.decode()) is shown, (user, page)


def test_the_access_report_includes_case_and_meeting_views(client, w):
    now = timezone.now()
    client.force_login(w.followup)
    client.get(reverse("case_detail", args=[w.case_a.pk]))
    client.get(reverse("meeting_detail", args=[w.meeting.pk]))
    page = report(client, w.admin, w.followup.email, now - timedelta(hours=1), now + timedelta(hours=1))
    page = page.content.decode()
    assert "opened or changed the data of 1 student in" in page
    assert "Opened the case" in page
    assert "Opened the meeting" in page
    assert "Ödön Lőrincz" in page


def test_an_invitee_outside_consent_is_recorded_without_a_name(client, w):
    client.force_login(w.teacher)  # invited, outside the consent: the agenda hides the name
    page = client.get(reverse("meeting_detail", args=[w.meeting.pk])).content.decode()
    assert w.student_a.last_name not in page
    event = AuditEvent.objects.get(action="meeting.viewed", actor=w.teacher)
    assert event.student_id is None


def test_e_mailed_invitations_and_summaries_are_recorded_per_young_person(
    client, w, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(w.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("meeting_invitations_send", args=[w.meeting.pk]))
    sent = AuditEvent.objects.filter(action="meeting.invitation_emailed")
    assert {event.detail["to"] for event in sent} == {
        "teacher@test.example.org",
        "guest@example.net",
        "partner-in@test.example.org",
    }
    # The teacher and the guest are outside the consent: their e-mail names nobody.
    outside = sent.filter(detail__to__in=["teacher@test.example.org", "guest@example.net"])
    assert list(outside.values_list("student_id", flat=True)) == [None, None]
    # The consented partner may read student_a's name: their e-mail is recorded against student_a.
    assert sent.get(detail__to="partner-in@test.example.org").student_id == w.student_a.pk
    w.attendance.user = w.ews  # took part in student_a's item: gets the summary (a link)
    w.attendance.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("meeting_summaries_send", args=[w.meeting.pk]))
    summary = AuditEvent.objects.get(action="meeting.summary_emailed")
    assert (summary.student_id, summary.detail["to"]) == (w.student_a.pk, "ews@test.example.org")
    assert len(mailoutbox) == 4  # three invitations and one summary
