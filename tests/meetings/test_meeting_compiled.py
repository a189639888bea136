"""The meeting page's agenda candidates and home-municipality suggestions read through statements
compiled once (crocoos/compiled_rows.py): the same rows as the queryset, read anew every time."""

import datetime
from unittest import mock

from django.utils import timezone

from cases.models import AgendaItem
from cases.services import meetings as svc
from cases.views.meetings import agenda_candidates
from crocoos.models import Municipality
from tests.cases.factories import CaseFactory, ConsentFactory, OutsidePartnerFactory
from tests.factories import StudentFactory


def both(scene):
    """The candidates as the page reads them (compiled, agenda ids known) and as the ORM does."""
    on_agenda = list(
        AgendaItem.objects.filter(meeting=scene.meeting).exclude(case=None).values_list("case_id", flat=True)
    )
    compiled = agenda_candidates(scene.meeting, scene.w.followup, on_agenda=on_agenda)
    return compiled, agenda_candidates(scene.meeting, scene.w.followup)


def test_agenda_candidates_compiled_are_those_of_the_queryset_after_every_change(scene):
    compiled, read = both(scene)
    assert compiled == read and {c.pk for c in compiled} == {scene.case_a.pk, scene.case_b.pk, scene.case_c.pk}
    assert [c.consented for c in compiled] == [True, True, False]
    svc.add_case_to_agenda(meeting=scene.meeting, case=scene.case_a)
    compiled, read = both(scene)
    assert compiled == read and scene.case_a.pk not in {c.pk for c in compiled}
    new = CaseFactory(student=StudentFactory(school_class=scene.w.class_a))
    ConsentFactory(case=scene.case_c)
    compiled, read = both(scene)
    assert compiled == read and {c.pk: c.consented for c in compiled} == {
        scene.case_b.pk: True,
        scene.case_c.pk: True,
        new.pk: False,
    }


def test_agenda_candidates_compiled_follow_the_day(scene):
    ConsentFactory(case=scene.case_c, given_on=timezone.localdate() + datetime.timedelta(days=1))
    compiled, read = both(scene)
    assert compiled == read and [c.consented for c in compiled if c.pk == scene.case_c.pk] == [False]
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with mock.patch("django.utils.timezone.localdate", return_value=tomorrow):
        compiled, read = both(scene)
    assert compiled == read and [c.consented for c in compiled if c.pk == scene.case_c.pk] == [True]


def test_home_representatives_compiled_follow_the_directory_and_the_municipalities(scene):
    elsewhere = Municipality.objects.create(area=scene.w.area, name="Småbygd")
    scene.w.student_a.home_municipality = elsewhere
    scene.w.student_a.save()
    svc.add_case_to_agenda(meeting=scene.meeting, case=scene.case_a)
    svc.add_case_to_agenda(meeting=scene.meeting, case=scene.case_b)
    ((_case, _home, partners, _more),) = svc.suggest_home_representatives(scene.meeting)
    assert partners == []
    first = OutsidePartnerFactory(area=scene.w.area, municipality=elsewhere, institute="B kommune")
    ((_case, _home, partners, _more),) = svc.suggest_home_representatives(scene.meeting)
    assert partners == [first]
    other = Municipality.objects.create(area=scene.w.area, name="Fjellbygd")
    scene.w.student_b.home_municipality = other
    scene.w.student_b.save()
    second = OutsidePartnerFactory(area=scene.w.area, municipality=other, institute="A kommune")
    suggestions = svc.suggest_home_representatives(scene.meeting)
    assert [(item.case_id, partners) for item, _home, partners, _more in suggestions] == [
        (scene.case_a.pk, [first]),
        (scene.case_b.pk, [second]),
    ]
