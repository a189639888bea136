import datetime

import pytest
from django.utils import timezone

from cases.models import Invitation, InviteeGroup, Meeting, MinutesItem
from cases.services import meetings as svc
from cases.services.meetings import convene_meeting
from crocoos.models import Municipality
from tests.cases.factories import CaseFactory, ConsentFactory, OutsidePartnerFactory


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def scene(world):
    """A follow-up meeting with two consented cases (school 1) and one unconsented (school 2)."""

    class Scene:
        pass

    s = Scene()
    s.w = world
    s.welfare = OutsidePartnerFactory(
        area=world.area, institute="Barnevernet Nordvik", contact_name="Bjørn Løvås", email="bjorn@example.org"
    )
    s.psychiatry = OutsidePartnerFactory(
        area=world.area, institute="BUP Fjordvik", contact_name="Astrid Øvergård", email="astrid@example.org"
    )
    s.case_a = CaseFactory(student=world.student_a)
    ConsentFactory(case=s.case_a, partners=[s.welfare])
    s.case_b = CaseFactory(student=world.student_b)
    ConsentFactory(case=s.case_b, partners=[s.psychiatry])
    s.case_c = CaseFactory(student=world.student_c)  # no consent
    s.meeting = convene_meeting(
        convened_by=world.followup,
        kind=Meeting.Kind.CLARIFICATION,
        date=timezone.localdate() + datetime.timedelta(days=7),
        start_time=datetime.time(9, 0),
        end_time=datetime.time(11, 0),
        place="Rådhuset, møterom 2",
        area=world.area,
        chair=world.followup,
    )
    return s


@pytest.fixture
def full_meeting(scene):
    """The scene's meeting with every part of the page: cases (with minutes; young people living in
    other municipalities, one with more partners than are suggested, one with none), a general item,
    every kind of invitee and answer, saved groups, both sendings, a next meeting, and text that
    needs escaping."""
    meeting = scene.meeting
    w = scene.w
    elsewhere = Municipality.objects.create(area=w.area, name="Småbygd <&>")
    w.student_a.home_municipality = elsewhere
    w.student_a.first_name = "Åse <b>"
    w.student_a.save()
    for number in range(7):
        OutsidePartnerFactory(area=w.area, municipality=elsewhere, institute=f"Småbygd {number} & co", contact_name="")
    w.student_b.home_municipality = Municipality.objects.create(area=w.area, name="Fjellbygd")  # no partner there
    w.student_b.save()
    scene.case_a.reference = "EWS-<1>&2"
    scene.case_a.save()
    first = svc.add_case_to_agenda(meeting=meeting, case=scene.case_a, topic="Fråga & <svar>")
    svc.add_case_to_agenda(meeting=meeting, case=scene.case_b)
    svc.add_general_item(meeting=meeting, title="Øvrig <&> sak", topic="'quoted'")
    MinutesItem.objects.create(agenda_item=first, notes="x")
    for _ in range(12):  # more candidates than the picker shows, with and without consent
        ConsentFactory(case=CaseFactory(student=w.student_c), partners=[scene.welfare])
    svc.invite(meeting=meeting, user=w.ews)
    svc.invite(meeting=meeting, partner=scene.welfare, is_core=False)
    svc.invite(meeting=meeting, email="x@example.org", name="Ola <Nordmann>", institute="NAV & co", is_core=False)
    Invitation.objects.filter(partner=scene.welfare).update(
        response=Invitation.Response.SUBSTITUTE, substitute_name="Kari <Vikar>", sent_sequence=0
    )
    InviteeGroup.objects.create(area=w.area, name="Kjerne <gruppe>", kind=InviteeGroup.Kind.CORE)
    InviteeGroup.objects.create(area=w.area, name="Av & til", kind=InviteeGroup.Kind.OCCASIONAL)
    sent = timezone.make_aware(datetime.datetime(2026, 3, 1, 23, 30), datetime.UTC)
    Meeting.objects.filter(pk=meeting.pk).update(
        title="Møte <i> & 'sånn'", invitations_sent_at=sent, summaries_sent_at=sent
    )
    for days in (14, 28):
        Meeting.objects.create(
            kind=meeting.kind,
            date=meeting.date + datetime.timedelta(days=days),
            start_time=meeting.start_time,
            end_time=meeting.end_time,
            place=meeting.place,
            area=meeting.area,
            previous=meeting,
        )
    return meeting
