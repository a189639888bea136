import datetime
import subprocess
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse

from cases.models import ActionItem, Attendance, Invitation, Meeting
from cases.services import meeting_records as records
from cases.services import meetings as svc
from crocoos.models import AuditEvent

from .test_meeting_services import PNG_1PX, _held_meeting

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def pdf_text(content, name):
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["/usr/bin/pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_convene_form_keeps_what_was_typed_on_error(client, world):
    client.force_login(world.coordinator)
    data = {
        "kind": "working_group",
        "title": "Esetmegbeszélés",
        "date": "2027-03-01",
        "start_time": "10:00",
        "end_time": "09:00",
        "place": "Tanári szoba",
        "school": world.school1.pk,
    }
    response = client.post(reverse("meeting_new"), data)
    page = response.content.decode()
    assert response.status_code == 200 and "The meeting must end after it starts." in page
    assert 'value="Tanári szoba"' in page and not Meeting.objects.exists()
    data["end_time"] = "11:30"
    response = client.post(reverse("meeting_new"), data)
    meeting = Meeting.objects.get()
    assert response.url == reverse("meeting_detail", args=[meeting.pk])
    assert (meeting.school, meeting.area, meeting.convened_by) == (world.school1, world.area, world.coordinator)


def test_coordinator_cannot_convene_for_another_school(client, world):
    client.force_login(world.coordinator)
    data = {"kind": "regular", "date": "2027-03-01", "start_time": "10:00", "end_time": "11:00", "place": "X"}
    response = client.post(reverse("meeting_new"), {**data, "school": world.school2.pk})
    assert "Select a valid choice" in response.content.decode() and not Meeting.objects.exists()


def test_agenda_offers_consented_cases_and_shows_the_others_disabled(client, scene):
    client.force_login(scene.w.followup)
    url = reverse("meeting_detail", args=[scene.meeting.pk])
    page = client.get(url).content.decode()
    assert f'data-testid="add-case-{scene.case_a.reference}"' in page
    assert f'data-testid="add-case-{scene.case_c.reference}"' not in page
    assert scene.case_c.reference in page and "No valid written consent" in page
    # a forged POST of the unconsented case is refused with the reason
    response = client.post(
        reverse("meeting_agenda_add", args=[scene.meeting.pk]), {"case": scene.case_c.pk}, follow=True
    )
    assert "No valid written consent" in response.content.decode()
    assert not scene.meeting.agenda.exists()
    client.post(reverse("meeting_agenda_add", args=[scene.meeting.pk]), {"case": scene.case_a.pk, "topic": "Hiányzás"})
    assert list(scene.meeting.agenda.values_list("case", "topic")) == [(scene.case_a.pk, "Hiányzás")]


def test_meeting_pages_query_count_is_constant(client, scene, django_assert_max_num_queries):
    for case in (scene.case_a, scene.case_b):
        svc.add_case_to_agenda(meeting=scene.meeting, case=case)
    for partner in (scene.welfare, scene.psychiatry):
        svc.invite(meeting=scene.meeting, partner=partner)
    client.force_login(scene.w.followup)
    with django_assert_max_num_queries(30):
        assert client.get(reverse("meeting_detail", args=[scene.meeting.pk])).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("meeting_list")).status_code == 200


def test_invitee_without_account_answers_through_the_token_link(client, scene):
    svc.add_case_to_agenda(meeting=scene.meeting, case=scene.case_a, topic="Hiányzás")
    invitation = svc.invite(meeting=scene.meeting, email="nav@example.net", name="Kari Nordmann")
    token = svc.new_token(invitation)
    url = reverse("meeting_invitation", args=[token])
    page = client.get(url).content.decode()
    assert scene.case_a.reference in page and "Hiányzás" in page and "Rådhuset" in page
    assert scene.w.student_a.last_name not in page
    response = client.post(url, {"response": "substitute", "substitute_name": ""})
    assert "Say who comes instead of you." in response.content.decode()
    client.post(url, {"response": "substitute", "substitute_name": "Ola Nordmann"})
    invitation.refresh_from_db()
    assert (invitation.response, invitation.substitute_name) == ("substitute", "Ola Nordmann")
    assert client.get(reverse("meeting_invitation", args=["x" + token])).status_code == 404


def test_invited_user_answers_on_the_meeting_page(client, scene):
    svc.invite(meeting=scene.meeting, user=scene.w.coordinator2)
    client.force_login(scene.w.coordinator2)
    client.post(reverse("meeting_respond", args=[scene.meeting.pk]), {"response": "decline"})
    assert Invitation.objects.get(user=scene.w.coordinator2).response == "decline"
    page = client.get(reverse("home")).content.decode()
    assert scene.meeting.place in page


def test_attendance_with_signature_pad_and_bad_signature(client, scene):
    item = svc.add_case_to_agenda(meeting=scene.meeting, case=scene.case_a)
    svc.invite(meeting=scene.meeting, partner=scene.welfare)
    client.force_login(scene.w.followup)
    url = reverse("meeting_attendance", args=[scene.meeting.pk])
    assert "Bjørn Løvås" in client.get(url).content.decode()
    row = Attendance.objects.get(meeting=scene.meeting)
    key = str(row.pk)
    data = {
        f"name-{key}": "Bjørn Løvås",
        f"institute-{key}": "Barnevernet",
        f"present-{key}": "on",
        f"items-{key}": [str(item.pk)],
        f"signature-{key}": "data:image/gif;base64,R0lGODlh",
        "name-new": "Mónica Puig",
        "institute-new": "Servei d'ocupació",
    }
    response = client.post(url, data)
    assert response.status_code == 200 and "The signature is not a PNG image." in response.content.decode()
    row.refresh_from_db()
    assert not row.present and Attendance.objects.filter(meeting=scene.meeting).count() == 1
    data[f"signature-{key}"] = PNG_1PX
    client.post(url, data)
    row.refresh_from_db()
    assert row.present and bytes(row.signature).startswith(b"\x89PNG") and list(row.items.all()) == [item]
    assert Attendance.objects.filter(meeting=scene.meeting, name="Mónica Puig").exists()
    assert list(scene.case_a.presences.values_list("name", flat=True)) == ["Bjørn Løvås"]
    # the audit trail names what changed, never the values
    event = AuditEvent.objects.filter(action="meeting.attendance").get()
    assert event.changed_fields == ["attendance", "institute", "items", "present", "signature"]
    del data["name-new"], data[f"signature-{key}"]
    data[f"present-{key}"] = ""
    client.post(url, data)
    assert AuditEvent.objects.filter(action="meeting.attendance").latest("pk").changed_fields == ["present"]
    signature = client.get(reverse("meeting_signature", args=[scene.meeting.pk, row.pk]))
    assert signature["Content-Type"] == "image/png"


def test_minutes_page_saves_action_rows_into_the_case(client, scene):
    item = svc.add_case_to_agenda(meeting=scene.meeting, case=scene.case_a)
    client.force_login(scene.w.followup)
    url = reverse("meeting_minutes", args=[scene.meeting.pk, item.pk])
    data = {
        "notes": "Megbeszéltük a hiányzásokat.",
        "professionals_view": "Támogatás kell.",
        "targets": "Heti 5 nap iskola",
        "actions-TOTAL_FORMS": "2",
        "actions-INITIAL_FORMS": "0",
        "actions-0-responsible_name": "Bjørn Løvås",
        "actions-0-responsible_institute": "Barnevernet",
        "actions-0-action": "Hjemmebesøk",
        "actions-0-deadline": "2027-01-15",
        "actions-0-expected_result": "Avtale",
        "actions-1-responsible_name": "Nobody",
    }
    response = client.post(url, data)
    assert "Say what is to be done." in response.content.decode() and not ActionItem.objects.exists()
    data["actions-1-responsible_name"] = ""
    response = client.post(url, data)
    assert response.status_code == 302
    row = ActionItem.objects.get()
    assert (row.case, row.source_meeting, row.action, row.deadline) == (
        scene.case_a,
        scene.meeting,
        "Hjemmebesøk",
        datetime.date(2027, 1, 15),
    )
    case_page = client.get(reverse("case_detail", args=[scene.case_a.pk])).content.decode()
    assert "Hjemmebesøk" in case_page
    # the page shows the saved row again for editing, not as a new one
    assert (
        'value="Hjemmebesøk"' in client.get(url).content.decode()
        or "Hjemmebesøk</textarea>" in client.get(url).content.decode()
    )


def test_next_meeting_from_the_minutes(client, scene):
    client.force_login(scene.w.followup)
    response = client.post(
        reverse("meeting_next", args=[scene.meeting.pk]),
        {"date": "2027-02-01", "start_time": "09:00", "end_time": "10:00"},
    )
    following = Meeting.objects.get(previous=scene.meeting)
    assert response.url == reverse("meeting_detail", args=[following.pk])


def test_summaries_button_sends_to_participants(client, scene, immediate_tasks, django_capture_on_commit_callbacks):
    _held_meeting(scene)
    client.force_login(scene.w.followup)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("meeting_summaries_send", args=[scene.meeting.pk]), follow=True)
    assert "4 case summaries are on their way" in response.content.decode()
    assert len(mail.outbox) == 4


def test_pdfs_agenda_attendance_minutes(client, scene):
    item_a, _item_b = _held_meeting(scene)
    svc.add_general_item(meeting=scene.meeting, title="Bemutatkozik a munkaügyi központ", topic="Új programok")
    records.save_minutes(
        item=item_a,
        recorded_by=scene.w.followup,
        notes="A család támogatást kér; a fiú szeretne szakmát tanulni.",
        professionals_view="Fáradt, sokat hiányzik.",
        targets="Rendszeres iskolába járás",
        actions=[
            {
                "action": "Hjemmebesøk hos familien",
                "responsible_name": "Bjørn Løvås",
                "responsible_institute": "Barnevernet Nordvik",
                "deadline": datetime.date(2027, 1, 15),
                "expected_result": "Avtale om støtte",
            }
        ],
    )
    row = scene.meeting.attendance.get(name="Bjørn Løvås")
    row.signature = records.signature_from_data_url(PNG_1PX)
    row.save()
    client.force_login(scene.w.followup)
    texts = {}
    for document in ("agenda", "attendance", "minutes"):
        response = client.get(reverse("meeting_pdf", args=[scene.meeting.pk, document]))
        assert response["Content-Type"] == "application/pdf"
        texts[document] = pdf_text(response.content, f"meeting-{document}")
    assert "AGENDA" in texts["agenda"] and scene.case_a.reference in texts["agenda"]
    assert "Bemutatkozik a munkaügyi központ" in texts["agenda"] and "page 1 of 1" in texts["agenda"]
    assert "ATTENDANCE SHEET" in texts["attendance"] and "Astrid Øvergård" in texts["attendance"]
    assert "MINUTES" in texts["minutes"] and "Hjemmebesøk hos familien" in texts["minutes"]
    assert "Rendszeres iskolába járás" in texts["minutes"]
    from cases.services.meeting_pdfs import case_summary_pdf

    summary = pdf_text(case_summary_pdf(scene.meeting, item_a), "meeting-case-summary")
    assert "CASE SUMMARY" in summary and "Hjemmebesøk hos familien" in summary
    assert scene.case_b.reference not in summary


@pytest.mark.parametrize("persona", ["coordinator2", "other_followup", "partner", "teacher"])
def test_out_of_scope_users_get_404(client, scene, persona):
    item = svc.add_case_to_agenda(meeting=scene.meeting, case=scene.case_a)
    client.force_login(getattr(scene.w, persona))
    pk = scene.meeting.pk
    for url in (
        reverse("meeting_detail", args=[pk]),
        reverse("meeting_attendance", args=[pk]),
        reverse("meeting_minutes", args=[pk, item.pk]),
        reverse("meeting_pdf", args=[pk, "minutes"]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("meeting_agenda_add", args=[pk]), {"title": "X"}).status_code == 404


def test_invitees_saved_as_a_group_and_reused(client, scene):
    svc.invite(meeting=scene.meeting, partner=scene.welfare)
    svc.invite(meeting=scene.meeting, user=scene.w.coordinator)
    client.force_login(scene.w.followup)
    url = reverse("meeting_invitees_save_group", args=[scene.meeting.pk])
    response = client.post(url, {"name": " "}, follow=True)
    assert "Give the group a name." in response.content.decode()
    client.post(url, {"name": "Törzscsoport", "kind": "core"})
    group = scene.w.area.invitee_groups.get(name="Törzscsoport")
    assert list(group.partners.all()) == [scene.welfare] and list(group.users.all()) == [scene.w.coordinator]
    other = svc.convene_meeting(
        convened_by=scene.w.followup,
        kind=Meeting.Kind.REGULAR,
        date=scene.meeting.date,
        start_time=datetime.time(13),
        end_time=datetime.time(14),
        place="Rådhuset",
        area=scene.w.area,
    )
    client.post(reverse("meeting_invitees_add", args=[other.pk]), {"group": group.pk})
    assert other.invitations.count() == 2


def test_meeting_page_queries_do_not_grow_with_the_agenda(client, scene, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cases.models import Student
    from crocoos.models import Municipality

    client.force_login(scene.w.followup)
    url = reverse("meeting_detail", args=[scene.meeting.pk])
    client.get(url)  # the first request after signing in renews the session; the others read it
    elsewhere = Municipality.objects.create(area=scene.w.area, name="Småbygd")
    Student.objects.filter(pk__in=[scene.w.student_a.pk, scene.w.student_b.pk]).update(home_municipality=elsewhere)
    svc.add_case_to_agenda(meeting=scene.meeting, case=scene.case_a)
    svc.invite(meeting=scene.meeting, partner=scene.welfare)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    svc.add_case_to_agenda(meeting=scene.meeting, case=scene.case_b)
    svc.add_general_item(meeting=scene.meeting, title="Hírek")
    svc.invite(meeting=scene.meeting, partner=scene.psychiatry)
    svc.invite(meeting=scene.meeting, user=scene.w.coordinator)
    with CaptureQueriesContext(connection) as more:
        client.get(url)
    assert len(more) == len(one)
    item = scene.meeting.agenda.first()
    with django_assert_max_num_queries(20):
        client.get(reverse("meeting_minutes", args=[scene.meeting.pk, item.pk]))
    with django_assert_max_num_queries(25):
        client.get(reverse("meeting_attendance", args=[scene.meeting.pk]))
