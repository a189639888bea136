import datetime

import pytest
from django.utils import timezone

from cases.models import Meeting
from cases.services.meetings import convene_meeting
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
