import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from icalendar import Calendar

from cases.models import ActionItem, CasePresence, Invitation, Meeting
from cases.services import meeting_records as records
from cases.services import meetings as svc
from cases.services.consent import withdraw_consent
from cases.services.meeting_calendar import meeting_ics
from crocoos.models import Municipality
from tests.cases.factories import CaseFactory, ConsentFactory, OutsidePartnerFactory

PNG_1PX = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
    "YPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


def test_unconsented_case_cannot_go_on_the_agenda(scene):
    with pytest.raises(svc.AgendaError, match="consent"):
        svc.add_case_to_agenda(meeting=scene.meeting, case=scene.case_c)
    assert not scene.meeting.agenda.exists()
    item = svc.add_case_to_agenda(meeting=scene.meeting, case=scene.case_a, topic="Iskolaváltás")
    assert item.case == scene.case_a and scene.meeting.agenda.count() == 1


def test_withdrawn_consent_takes_the_case_off_limits(scene):
    withdraw_consent(consent=scene.case_a.consents.get(), withdrawn_by=scene.w.followup, reason="Visszavonta")
    with pytest.raises(svc.AgendaError):
        svc.add_case_to_agenda(meeting=scene.meeting, case=scene.case_a)


def test_agenda_shows_the_name_only_within_the_consent_scope(scene):
    svc.add_case_to_agenda(meeting=scene.meeting, case=scene.case_a, topic="Sok hiányzás")
    svc.add_general_item(meeting=scene.meeting, title="Bemutatkozik a munkaügyi központ")
    outside = svc.invite(meeting=scene.meeting, partner=scene.psychiatry)
    inside = svc.invite(meeting=scene.meeting, partner=scene.welfare)
    staff = svc.invite(meeting=scene.meeting, user=scene.w.coordinator)
    bare = svc.invite(meeting=scene.meeting, email="nav@example.net", name="Kari Nordmann")
    name = scene.w.student_a.full_name

    outside_lines = svc.agenda_for(scene.meeting, invitation=outside)
    assert [line.label for line in outside_lines] == [scene.case_a.reference, "Bemutatkozik a munkaügyi központ"]
    assert outside_lines[0].topic == "Sok hiányzás"
    assert all(name not in (line.label, line.student_name, line.topic) for line in outside_lines)
    assert not svc.agenda_for(scene.meeting, invitation=bare)[0].student_name
    assert svc.agenda_for(scene.meeting, invitation=inside)[0].student_name == name
    assert svc.agenda_for(scene.meeting, invitation=staff)[0].student_name == name


def test_minutes_create_action_rows_on_the_right_cases(scene):
    item_a = svc.add_case_to_agenda(meeting=scene.meeting, case=scene.case_a)
    item_b = svc.add_case_to_agenda(meeting=scene.meeting, case=scene.case_b)
    deadline = timezone.localdate() + datetime.timedelta(days=10)
    records.save_minutes(
        item=item_a,
        recorded_by=scene.w.followup,
        notes="Megbeszéltük.",
        professionals_view="A család támogatást igényel.",
        targets="Rendszeres iskolába járás\nBedre søvnrutiner",
        actions=[
            {
                "action": "Hjemmebesøk",
                "responsible_institute": "Barnevernet",
                "responsible_name": "Bjørn Løvås",
                "deadline": deadline,
                "expected_result": "Avtale om støtte",
            },
            {"action": "", "responsible_name": "empty rows are skipped"},
        ],
    )
    records.save_minutes(item=item_b, recorded_by=scene.w.followup, actions=[{"action": "Pályaorientáció"}])
    rows_a = ActionItem.objects.filter(case=scene.case_a)
    assert [(r.action, r.responsible_name, r.deadline, r.source_meeting_id) for r in rows_a] == [
        ("Hjemmebesøk", "Bjørn Løvås", deadline, scene.meeting.pk)
    ]
    assert list(ActionItem.objects.filter(case=scene.case_b).values_list("action", flat=True)) == ["Pályaorientáció"]
    assert not ActionItem.objects.filter(case=scene.case_c).exists()
    scene.case_a.refresh_from_db()
    assert scene.case_a.professionals_view == "A család támogatást igényel."
    assert list(scene.case_a.targets.values_list("text", flat=True)) == [
        "Rendszeres iskolába járás",
        "Bedre søvnrutiner",
    ]
    # Saving again edits the same rows, no duplicates; deleting removes only this meeting's row.
    row = rows_a.get()
    records.save_minutes(item=item_a, recorded_by=scene.w.followup, actions=[{"row": row, "action": "Hjemmebesøk x2"}])
    assert list(ActionItem.objects.filter(case=scene.case_a).values_list("action", flat=True)) == ["Hjemmebesøk x2"]
    records.save_minutes(item=item_a, recorded_by=scene.w.followup, actions=[{"row": row, "delete": True}])
    assert not ActionItem.objects.filter(case=scene.case_a).exists()


def _held_meeting(scene):
    item_a = svc.add_case_to_agenda(meeting=scene.meeting, case=scene.case_a)
    item_b = svc.add_case_to_agenda(meeting=scene.meeting, case=scene.case_b)
    svc.invite(meeting=scene.meeting, partner=scene.welfare)
    svc.invite(meeting=scene.meeting, partner=scene.psychiatry)
    svc.invite(meeting=scene.meeting, user=scene.w.coordinator)
    svc.invite(meeting=scene.meeting, email="absent@example.net", name="Ana Gómez")
    records.attendance_from_invitations(scene.meeting)
    rows = {row.name: row for row in scene.meeting.attendance.all()}
    lines = [
        {"attendance": rows["Bjørn Løvås"], "present": True, "items": [item_a]},
        {"attendance": rows["Astrid Øvergård"], "present": True, "items": [item_b]},
        {"attendance": rows[scene.w.coordinator.full_name], "present": True, "items": [item_a, item_b]},
        {"attendance": rows["Ana Gómez"], "present": False, "items": [item_a]},
    ]
    records.record_attendance(meeting=scene.meeting, lines=lines)
    for item in (item_a, item_b):
        records.save_minutes(
            item=item, recorded_by=scene.w.followup, actions=[{"action": f"Lépés {item.case.reference}"}]
        )
    return item_a, item_b


def test_case_present_list_comes_from_the_attendance(scene):
    _held_meeting(scene)
    assert set(CasePresence.objects.filter(case=scene.case_a).values_list("name", flat=True)) == {
        "Bjørn Løvås",
        scene.w.coordinator.full_name,
    }
    assert set(CasePresence.objects.filter(case=scene.case_b).values_list("name", flat=True)) == {
        "Astrid Øvergård",
        scene.w.coordinator.full_name,
    }


def test_summaries_reach_exactly_each_cases_participants(scene, immediate_tasks, django_capture_on_commit_callbacks):
    _held_meeting(scene)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        count = records.send_summaries(meeting=scene.meeting)
    assert count == 4
    sent = {(m.to[0], m.subject.split(" – ")[0]) for m in mail.outbox}
    a, b = scene.case_a.reference, scene.case_b.reference
    assert sent == {
        ("bjorn@example.org", f"Summary of case {a}"),
        ("astrid@example.org", f"Summary of case {b}"),
        (scene.w.coordinator.email, f"Summary of case {a}"),
        (scene.w.coordinator.email, f"Summary of case {b}"),
    }
    by_to = {(m.to[0], m.subject.split(" – ")[0]): m for m in mail.outbox}
    pdf_mail = by_to[("bjorn@example.org", f"Summary of case {a}")]
    assert [name for name, _content, _type in pdf_mail.attachments] == [f"{a}.pdf"]
    link_mail = by_to[(scene.w.coordinator.email, f"Summary of case {a}")]
    assert not link_mail.attachments and f"/cases/{scene.case_a.pk}/" in link_mail.body
    # nobody received a case they did not take part in, and the absent invitee nothing
    assert not any(a in m.subject for m in mail.outbox if m.to == ["astrid@example.org"])
    assert not any(m.to == ["absent@example.net"] for m in mail.outbox)


def test_summary_is_not_sent_when_consent_no_longer_covers_the_partner(scene, immediate_tasks):
    _held_meeting(scene)
    withdraw_consent(consent=scene.case_a.consents.get(), withdrawn_by=scene.w.followup, reason="Visszavonta")
    recipients = {(r.address, r.item.case_id) for r in records.summary_recipients(scene.meeting)}
    assert ("bjorn@example.org", scene.case_a.pk) not in recipients


def test_invitation_email_has_agenda_and_a_parseable_ics(
    scene, settings, immediate_tasks, django_capture_on_commit_callbacks
):
    settings.TIME_ZONE = "Europe/Oslo"
    svc.add_case_to_agenda(meeting=scene.meeting, case=scene.case_a, topic="Sok hiányzás")
    svc.invite(meeting=scene.meeting, partner=scene.psychiatry)
    with django_capture_on_commit_callbacks(execute=True):
        svc.send_invitations(meeting=scene.meeting)
    (message,) = mail.outbox
    assert scene.case_a.reference in message.body and "Sok hiányzás" in message.body
    assert scene.w.student_a.last_name not in message.body
    assert "/meetings/invitation/" in message.body
    name, content, content_type = message.attachments[0]
    assert name == "meeting.ics" and content_type.startswith("text/calendar; method=REQUEST")
    calendar = Calendar.from_ical(content)
    assert calendar["METHOD"] == "REQUEST"
    event = calendar.walk("VEVENT")[0]
    assert str(event["UID"]) == scene.meeting.uid
    assert event["DTSTART"].params["TZID"] == "Europe/Oslo"
    assert event.decoded("DTSTART").hour == 9 and str(event.decoded("DTSTART").tzinfo) == "Europe/Oslo"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Oslo"]
    assert int(event["SEQUENCE"]) == 0

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        svc.update_meeting(meeting=scene.meeting, start_time=datetime.time(10, 0), end_time=datetime.time(12, 0))
    event = Calendar.from_ical(mail.outbox[0].attachments[0][1]).walk("VEVENT")[0]
    assert str(event["UID"]) == scene.meeting.uid and int(event["SEQUENCE"]) == 1
    assert event.decoded("DTSTART").hour == 10

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        svc.cancel_meeting(meeting=scene.meeting)
    calendar = Calendar.from_ical(mail.outbox[0].attachments[0][1])
    event = calendar.walk("VEVENT")[0]
    assert calendar["METHOD"] == "CANCEL" and str(event["UID"]) == scene.meeting.uid
    assert int(event["SEQUENCE"]) == 2 and str(event["STATUS"]) == "CANCELLED"


def test_ics_of_a_meeting_without_email_settings(scene):
    calendar = Calendar.from_ical(meeting_ics(scene.meeting))
    assert calendar.walk("VEVENT")[0]["DTSTART"].params["TZID"] == "Europe/Budapest"


def test_token_link_finds_only_its_invitation(scene):
    invitation = svc.invite(meeting=scene.meeting, email="nav@example.net")
    token = svc.new_token(invitation)
    assert svc.invitation_for_token(token) == invitation
    assert token not in Invitation.objects.get(pk=invitation.pk).token_hash
    assert svc.invitation_for_token("wrong") is None and svc.invitation_for_token("") is None
    svc.respond(invitation=invitation, response="substitute", substitute_name="Ola Nordmann")
    invitation.refresh_from_db()
    assert invitation.response == "substitute" and invitation.substitute_name == "Ola Nordmann"
    with pytest.raises(ValidationError):
        svc.respond(invitation=invitation, response="substitute", substitute_name=" ")


def test_signature_must_be_a_small_png():
    assert records.signature_from_data_url(PNG_1PX).startswith(b"\x89PNG")
    for bad in ("data:image/jpeg;base64,AAAA", "data:image/png;base64,!!!", "data:image/png;base64,QUFBQQ=="):
        with pytest.raises(ValidationError):
            records.signature_from_data_url(bad)
    with pytest.raises(ValidationError):
        records.signature_from_data_url("data:image/png;base64," + "A" * (records.MAX_SIGNATURE_BYTES * 2))


def test_regular_meeting_repeats_until_the_date(world):
    start = datetime.date(2026, 9, 1)
    first = svc.convene_meeting(
        convened_by=world.followup,
        kind=Meeting.Kind.REGULAR,
        date=start,
        start_time=datetime.time(13, 0),
        end_time=datetime.time(14, 30),
        place="Városháza",
        area=world.area,
        repeat_every_weeks=4,
        repeat_until=datetime.date(2026, 12, 1),
    )
    dates = list(Meeting.objects.filter(area=world.area).values_list("date", flat=True))
    assert dates == [start + datetime.timedelta(weeks=4 * n) for n in range(4)]
    assert len({m.uid for m in Meeting.objects.all()}) == 4 and first.date == start


def test_home_municipality_representative_is_suggested(scene):
    elsewhere = Municipality.objects.create(area=scene.w.area, name="Småbygd")
    scene.w.student_a.home_municipality = elsewhere
    scene.w.student_a.save()
    rep = OutsidePartnerFactory(area=scene.w.area, municipality=elsewhere, institute="Småbygd kommune")
    svc.add_case_to_agenda(meeting=scene.meeting, case=scene.case_a)
    svc.add_case_to_agenda(meeting=scene.meeting, case=scene.case_b)
    ((item, home, partners, more),) = svc.suggest_home_representatives(scene.meeting)
    assert item.case_id == scene.case_a.pk and item.reference == scene.case_a.reference
    assert home == elsewhere and home.name == "Småbygd" and [partner.pk for partner in partners] == [rep.pk]
    assert str(partners[0]) == str(rep) and not more
    svc.invite(meeting=scene.meeting, partner=rep)
    assert svc.suggest_home_representatives(scene.meeting)[0][2] == []


def test_next_meeting_carries_invitees_and_consented_cases(scene):
    svc.add_case_to_agenda(meeting=scene.meeting, case=scene.case_a)
    svc.invite(meeting=scene.meeting, partner=scene.welfare)
    following = records.set_next_meeting(
        meeting=scene.meeting,
        date=scene.meeting.date + datetime.timedelta(weeks=4),
        start_time=datetime.time(9, 0),
        end_time=datetime.time(10, 0),
        convened_by=scene.w.followup,
    )
    assert following.previous == scene.meeting and following.uid != scene.meeting.uid
    assert list(following.agenda.values_list("case", flat=True)) == [scene.case_a.pk]
    assert list(following.invitations.values_list("partner", flat=True)) == [scene.welfare.pk]


def test_meetings_visible_to(scene):
    school_meeting = svc.convene_meeting(
        convened_by=scene.w.coordinator,
        kind=Meeting.Kind.WORKING_GROUP,
        date=timezone.localdate(),
        start_time=datetime.time(8),
        end_time=datetime.time(9),
        place="Tanári",
        area=scene.w.area,
        school=scene.w.school1,
    )
    svc.invite(meeting=scene.meeting, partner=OutsidePartnerFactory(area=scene.w.area, user=scene.w.partner))

    def seen(user):
        return set(Meeting.objects.visible_to(user))

    w = scene.w
    assert seen(w.followup) == {scene.meeting, school_meeting}
    assert seen(w.coordinator) == seen(w.ews) == {school_meeting}
    assert seen(w.partner) == {scene.meeting}
    for user in (w.teacher, w.coordinator2, w.other_followup, w.admin):
        assert seen(user) == set()
    assert set(Meeting.objects.manageable_by(w.coordinator)) == {school_meeting}
    assert set(Meeting.objects.manageable_by(w.ews)) == set()


def test_case_of_another_school_cannot_go_on_a_school_meeting(scene):
    meeting = svc.convene_meeting(
        convened_by=scene.w.coordinator,
        kind=Meeting.Kind.WORKING_GROUP,
        date=timezone.localdate(),
        start_time=datetime.time(8),
        end_time=datetime.time(9),
        place="Tanári",
        area=scene.w.area,
        school=scene.w.school1,
    )
    other = CaseFactory(student=scene.w.student_c)
    ConsentFactory(case=other)
    with pytest.raises(svc.AgendaError):
        svc.add_case_to_agenda(meeting=meeting, case=other)


def test_python_scope_checks_agree_with_the_querysets(world):
    """Meeting.is_managed_by / is_staffed_by answer what manageable_by / staff_of select, and the
    views open what visible_to selects, for everyone."""
    from django.http import Http404

    from cases.views.meetings import get_meeting

    def meeting(**where):
        return svc.convene_meeting(
            convened_by=world.followup,
            kind=Meeting.Kind.REGULAR,
            date=timezone.localdate(),
            start_time=datetime.time(9),
            end_time=datetime.time(10),
            place="Rådhuset",
            **where,
        )

    meetings = [
        meeting(area=world.area),
        meeting(area=world.area, school=world.school1),
        meeting(area=world.area, school=world.school2),
        meeting(area=world.other_area),
    ]
    # invitations: a teacher by account, a partner through their directory entry, to the other area's meeting
    svc.invite(meeting=meetings[3], user=world.teacher)
    svc.invite(meeting=meetings[3], partner=OutsidePartnerFactory(area=world.other_area, user=world.partner))
    people = [value for value in vars(world).values() if hasattr(value, "is_authenticated")]
    assert len(people) >= 10
    request = type("Request", (), {})()
    for person in people:
        request.user = person
        for m in meetings:
            assert m.is_managed_by(person) == Meeting.objects.manageable_by(person).filter(pk=m.pk).exists()
            assert m.is_staffed_by(person) == Meeting.objects.staff_of(person).filter(pk=m.pk).exists()
            # what the meeting views let open (cases/views/meetings.get_meeting) is what visible_to selects
            try:
                opened = get_meeting(request, m.pk) == m
            except Http404:
                opened = False
            assert opened == Meeting.objects.visible_to(person).filter(pk=m.pk).exists(), (person, m)


def test_home_municipality_suggestions_put_the_municipality_first_stay_in_the_area_and_are_few(scene):
    from cases.services.meetings import SUGGESTED_PER_MUNICIPALITY
    from directory.models import OutsidePartner
    from tests.cases.factories import SectorFactory

    elsewhere = Municipality.objects.create(area=scene.w.area, name="Småbygd")
    scene.w.student_a.home_municipality = elsewhere
    scene.w.student_a.save()
    for n in range(SUGGESTED_PER_MUNICIPALITY + 2):
        OutsidePartnerFactory(area=scene.w.area, municipality=elsewhere, institute=f"A-lag {n}")
    council = OutsidePartnerFactory(
        area=scene.w.area,
        municipality=elsewhere,
        institute="Småbygd kommune",
        sector=SectorFactory(code="municipality", name="Municipality"),
    )
    OutsidePartnerFactory(area=scene.w.other_area, municipality=elsewhere, institute="Aaa annet område")
    svc.add_case_to_agenda(meeting=scene.meeting, case=scene.case_a)
    ((item, _home, partners, more),) = svc.suggest_home_representatives(scene.meeting)
    assert item.case_id == scene.case_a.pk and partners[0].pk == council.pk
    assert len(partners) == SUGGESTED_PER_MUNICIPALITY and more
    in_area = OutsidePartner.objects.filter(pk__in=[partner.pk for partner in partners], area=scene.w.area)
    assert in_area.count() == len(partners)
