"""The meeting page's agenda candidates and home-municipality suggestions read through statements
compiled once (crocoos/compiled_rows.py): the same rows as the queryset, read anew every time."""

import datetime
from unittest import mock

from django.db import connection
from django.utils import timezone

from cases.models import AgendaItem
from cases.services import meetings as svc
from cases.views import meetings as views
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
    assert partners == [(first.pk, first.institute, first.contact_name)] and str(partners[0]) == str(first)
    other = Municipality.objects.create(area=scene.w.area, name="Fjellbygd")
    scene.w.student_b.home_municipality = other
    scene.w.student_b.save()
    second = OutsidePartnerFactory(area=scene.w.area, municipality=other, institute="A kommune")
    suggestions = svc.suggest_home_representatives(scene.meeting)
    assert [(item.case_id, partners) for item, _home, partners, _more in suggestions] == [
        (scene.case_a.pk, [(first.pk, first.institute, first.contact_name)]),
        (scene.case_b.pk, [(second.pk, second.institute, second.contact_name)]),
    ]


def _suggestions_as_before(meeting):
    """The suggestions as suggest_home_representatives made them before issue 7's change (every
    directory entry of the municipalities read, sorted and cut in Python): the reference."""
    from cases.services.meetings import SUGGESTED_PER_MUNICIPALITY
    from directory.models import OutsidePartner

    items = svc.agenda_rows(meeting.pk)
    away = [item for item in items if item.case_id and item.lives_away]
    invited = set(meeting.invitations.exclude(partner=None).values_list("partner_id", flat=True))
    municipalities = sorted({item.home_municipality_id for item in away})
    rows = (
        OutsidePartner.objects.filter(area_id=meeting.area_id, municipality__in=municipalities, archived_at=None)
        .order_by("institute", "contact_name", "pk")
        .values_list("pk", "municipality_id", "institute", "contact_name", "sector__code")
    )
    by_municipality = {}
    for pk, municipality_id, institute, contact_name, _sector in sorted(rows, key=lambda row: row[4] != "municipality"):
        if pk not in invited:
            by_municipality.setdefault(municipality_id, []).append((pk, institute, contact_name))
    result = []
    for item in away:
        found = by_municipality.get(item.home_municipality_id, [])
        shown = found[:SUGGESTED_PER_MUNICIPALITY]
        result.append(
            (item.case_id, item.home_municipality_id, item.home_municipality_name, shown, len(found) > len(shown))
        )
    return result


def _values(suggestions):
    return [
        (item.case_id, home.pk, home.name, [(p.pk, p.institute, p.contact_name) for p in partners], more)
        for item, home, partners, more in suggestions
    ]


def test_home_representatives_ranked_in_sql_are_those_of_the_python_sort(scene):
    """Ranked per municipality in SQL (ROW_NUMBER), the invited left out there: value by value what
    the old Python sort and cut gave, for a municipality with more entries than shown, some invited."""
    from cases.models import Meeting
    from cases.services.meetings import SUGGESTED_PER_MUNICIPALITY
    from tests.cases.factories import SectorFactory

    w = scene.w
    big = Municipality.objects.create(area=w.area, name="Storbygd")
    small = Municipality.objects.create(area=w.area, name="Småbygd")
    w.student_a.home_municipality = big
    w.student_a.save()
    w.student_b.home_municipality = small
    w.student_b.save()
    council = SectorFactory(code="municipality", name="Municipality")
    health = SectorFactory(code="health", name="Health")
    big_entries = []
    for n, (institute, contact) in enumerate(
        [
            ("Helsestasjon", "Åse"),
            ("Helsestasjon", "Anne"),
            ("Aa-lag", ""),
            ("Zz skole", "Per"),
            ("Helsestasjon", "Anne"),
        ]
        + [(f"Lag {n}", f"Kontakt {n}") for n in range(SUGGESTED_PER_MUNICIPALITY + 3)]
    ):
        big_entries.append(
            OutsidePartnerFactory(
                area=w.area,
                municipality=big,
                institute=institute,
                contact_name=contact,
                sector=health if n % 3 else None,
            )
        )
    offices = [
        OutsidePartnerFactory(area=w.area, municipality=big, institute=name, contact_name="", sector=council)
        for name in ("Storbygd kommune", "Storbygd kommune, NAV", "Barnevern Storbygd")
    ]
    OutsidePartnerFactory(area=w.area, municipality=big, institute="Aaa arkivert", archived_at=timezone.now())
    OutsidePartnerFactory(area=w.other_area, municipality=big, institute="Aaa annet område", sector=council)
    small_entries = [
        OutsidePartnerFactory(area=w.area, municipality=small, institute=f"Småbygd {n}", sector=health)
        for n in range(2)
    ]
    svc.add_case_to_agenda(meeting=scene.meeting, case=scene.case_a)
    svc.add_case_to_agenda(meeting=scene.meeting, case=scene.case_b)

    def check(meeting):
        expected = _suggestions_as_before(meeting)
        assert _values(svc.suggest_home_representatives(meeting)) == expected
        assert _values(svc.suggest_home_representatives(meeting, svc.agenda_rows(meeting.pk))) == expected
        # on PostgreSQL read with the meeting (a subquery with a LIMIT per municipality, svc.with_lists)
        read = views._page_meeting(meeting.pk)
        assert hasattr(read, "_home_partners") == (connection.vendor == "postgresql")
        assert _values(svc.suggest_home_representatives(read, svc.agenda_rows(meeting.pk, read))) == expected
        return expected

    (_, _, _, shown, more), (_, _, _, small_shown, small_more) = check(scene.meeting)
    assert len(shown) == SUGGESTED_PER_MUNICIPALITY and more and shown[0][0] == offices[2].pk
    assert len(small_shown) == 2 and not small_more
    # invited: an office, an entry among those shown, one after them, one of the small municipality
    for partner in (offices[0], big_entries[2], big_entries[-1], small_entries[0]):
        svc.invite(meeting=scene.meeting, partner=partner)
    (_, _, _, shown, more), (_, _, _, small_shown, _) = check(scene.meeting)
    assert offices[0].pk not in {pk for pk, *_ in shown} and len(shown) == SUGGESTED_PER_MUNICIPALITY and more
    assert [pk for pk, *_ in small_shown] == [small_entries[1].pk]
    # another meeting of the area: the invitations of this one are not its own
    other = Meeting.objects.get(pk=scene.meeting.pk)
    other.pk = None
    other.uid = f"{other.uid}-2"
    other.save()
    svc.add_case_to_agenda(meeting=other, case=scene.case_a)
    ((_, _, _, shown, _),) = check(other)
    assert shown[0][0] == offices[2].pk and offices[0].pk in {pk for pk, *_ in shown}
    # all but as many as shown invited: no more
    for partner in [*offices, *big_entries][: -(SUGGESTED_PER_MUNICIPALITY + 1)]:  # the last invited already
        svc.invite(meeting=scene.meeting, partner=partner)
    (_, _, _, shown, more), _small = check(scene.meeting)
    assert len(shown) == SUGGESTED_PER_MUNICIPALITY and not more


def test_home_representatives_without_a_municipality_sector_and_with_more_offices_than_shown(scene):
    """The offices first and then the others, each list cut on its own (svc._home_partners on
    PostgreSQL): with no sector coded "municipality" every entry is one of the others, entries
    without a sector included; with more offices than shown the offices alone are shown."""
    from cases.services.meetings import SUGGESTED_PER_MUNICIPALITY
    from directory.models import Sector
    from tests.cases.factories import SectorFactory

    w = scene.w
    home = Municipality.objects.create(area=w.area, name="Heimbygd")
    w.student_a.home_municipality = home
    w.student_a.save()
    svc.add_case_to_agenda(meeting=scene.meeting, case=scene.case_a)
    health = SectorFactory(code="health", name="Health")
    others = [
        OutsidePartnerFactory(area=w.area, municipality=home, institute=f"Lag {n}", sector=health if n % 2 else None)
        for n in range(3)
    ]

    def shown(meeting):
        expected = _suggestions_as_before(meeting)
        read = views._page_meeting(meeting.pk)
        assert _values(svc.suggest_home_representatives(read, svc.agenda_rows(meeting.pk, read))) == expected
        assert _values(svc.suggest_home_representatives(meeting)) == expected
        ((_case, _home, _name, partners, more),) = expected
        return [pk for pk, *_ in partners], more

    Sector.objects.filter(code="municipality").update(code="council")  # the shared list's, renamed
    assert shown(scene.meeting) == ([partner.pk for partner in others], False)
    council = SectorFactory(code="municipality", name="Municipality")
    offices = [
        OutsidePartnerFactory(area=w.area, municipality=home, institute=f"Zz kontor {n}", sector=council)
        for n in range(SUGGESTED_PER_MUNICIPALITY + 2)
    ]
    OutsidePartnerFactory(
        area=w.area, municipality=home, institute="Aa kontor", sector=council, archived_at=timezone.now()
    )
    assert shown(scene.meeting) == ([office.pk for office in offices[:SUGGESTED_PER_MUNICIPALITY]], True)
    for office in offices[:-2]:
        svc.invite(meeting=scene.meeting, partner=office)
    left = [office.pk for office in offices[-2:]] + [partner.pk for partner in others]
    assert shown(scene.meeting) == (left, False)  # as many as shown: no more
    OutsidePartnerFactory(area=w.area, municipality=home, institute="Lag 9")
    assert shown(scene.meeting) == (left, True)
