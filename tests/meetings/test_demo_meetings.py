import importlib

from django.core.management import call_command

from cases import demo_meetings
from cases.models import ActionItem, Case, Meeting, MinutesItem, Student
from cases.services.consent import case_can_go_on_agenda
from crocoos import demo
from crocoos.management.commands.load_demo import DEMO_MODULES
from crocoos.models import Area
from tests.cases.factories import CaseFactory, ConsentFactory


def test_demo_meetings_run_after_the_cases_demo():
    assert DEMO_MODULES.index("cases.demo_meetings") == DEMO_MODULES.index("cases.demo") + 1


def test_demo_meetings_of_all_kinds_with_minutes_and_only_consented_cases(db):
    for name in DEMO_MODULES[:-1]:
        try:
            importlib.import_module(name).load()
        except ModuleNotFoundError:
            continue
    area = Area.objects.get(name=demo.AREA)
    students = Student.objects.filter(area=area, school__isnull=False).order_by("pk")
    while sum(case_can_go_on_agenda(c) for c in Case.objects.filter(area=area, status="open")) < 2:
        ConsentFactory(case=CaseFactory(student=students[Case.objects.count()]))
    demo_meetings.load()
    counts = (Meeting.objects.count(), MinutesItem.objects.count(), ActionItem.objects.count())
    demo_meetings.load()
    call_command("load_demo")
    assert (Meeting.objects.count(), MinutesItem.objects.count(), ActionItem.objects.count()) == counts

    assert set(Meeting.objects.values_list("kind", flat=True)) == set(Meeting.Kind.values)
    held = Meeting.objects.filter(status=Meeting.Status.HELD)
    assert held.filter(kind=Meeting.Kind.REGULAR).exists() and held.filter(kind=Meeting.Kind.CLARIFICATION).exists()
    assert MinutesItem.objects.filter(agenda_item__meeting__in=held).exists()
    assert ActionItem.objects.filter(source_meeting__kind=Meeting.Kind.CLARIFICATION).count() >= 2
    assert Meeting.objects.filter(status=Meeting.Status.PLANNED, kind=Meeting.Kind.CLARIFICATION).exists()
    for meeting in Meeting.objects.all():
        for item in meeting.agenda.exclude(case=None):
            assert case_can_go_on_agenda(item.case), (meeting, item)
    assert area.invitee_groups.filter(kind="core").exists() and area.invitee_groups.filter(kind="occasional").exists()
