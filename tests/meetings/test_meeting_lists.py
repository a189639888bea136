"""The meeting page's lists read with the meeting on PostgreSQL (svc.with_lists): the agenda, the
invitations, the area's saved groups and the suggested home-municipality entries come in the
meeting's own statement, with the same rows, values and types as each list's own statement (which
SQLite still runs, and which reads them for a meeting read without them)."""

import pytest
from django.db import connection

from cases.models import AgendaItem, Invitation, InviteeGroup
from cases.services import meetings as svc
from cases.views import meetings as views
from crocoos import audit
from crocoos.models import Municipality
from directory.models import OutsidePartner
from tests.cases.factories import ConsentFactory, OutsidePartnerFactory
from tests.cases.test_case_page_rows import _same

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the lists go with the meeting on PostgreSQL"
)


def _ids(meeting):
    return {svc._AGENDA: meeting.pk, svc._INVITEES: meeting.pk, svc._GROUPS: meeting.area_id}


def _suggested(suggestions):
    return [
        (item.case_id, home.pk, home.name, [(p.pk, p.institute, p.contact_name, str(p)) for p in partners], more)
        for item, home, partners, more in suggestions
    ]


@on_postgresql
def test_the_meeting_statement_reads_each_list_as_its_own_statement_does(scene, full_meeting):
    """Every list of a meeting with rows (text JSON must carry back: quotes, backslashes, line
    breaks, emoji; NULLs; booleans), of one without any, and of another area's meeting."""
    w = scene.w
    Invitation.objects.create(meeting=full_meeting, email="q@example.org", name='Sitat "x" \\ og\nlinje 2 🙂')
    AgendaItem.objects.create(meeting=full_meeting, title="Tab\there", topic='"\\"', position=9)
    empty = svc.convene_meeting(
        convened_by=w.followup,
        kind=full_meeting.kind,
        date=full_meeting.date,
        start_time=full_meeting.start_time,
        end_time=full_meeting.end_time,
        place="x",
        area=w.other_area,
    )
    for meeting in (full_meeting, empty):
        read = views._page_meeting(meeting.pk)
        for page_list, some_id in _ids(meeting).items():
            assert hasattr(read, page_list.annotation)
            _same(page_list.rows(read, some_id), page_list.alone(some_id))
        assert svc.agenda_rows(meeting.pk, read) == svc.agenda_rows(meeting.pk)
        assert svc.invitee_rows(meeting.pk, read) == svc.invitee_rows(meeting.pk)
        assert svc.invitee_groups(meeting.area_id, read) == svc.invitee_groups(meeting.area_id)
    # the full meeting's lists all have rows, the empty one's none
    read = views._page_meeting(full_meeting.pk)
    assert all(getattr(read, page_list.annotation) for page_list in svc.PAGE_LISTS)
    assert len(svc.agenda_rows(full_meeting.pk, read)) == 4 and len(svc.invitee_groups(w.area.pk, read)) == 2
    read = views._page_meeting(empty.pk)
    assert not any(getattr(read, page_list.annotation) for page_list in svc.PAGE_LISTS)
    assert svc.suggest_home_representatives(read, svc.agenda_rows(empty.pk, read)) == []


@on_postgresql
def test_suggestions_read_with_the_meeting_are_those_of_their_own_statement(scene, full_meeting):
    """The entries suggested for young people who live away (a school without a municipality
    included, one living in the school's own municipality not), per item, as the compiled statement
    (ROW_NUMBER per municipality) gives them, after invitations change."""
    w = scene.w
    # the school of case_c has no municipality: its young person lives away from it
    w.student_c.home_municipality = Municipality.objects.get(name="Småbygd <&>")
    w.student_c.save()
    ConsentFactory(case=scene.case_c)
    svc.add_case_to_agenda(meeting=full_meeting, case=scene.case_c)
    # a young person of the school's own municipality: nothing suggested for them
    home = w.school1.municipality
    OutsidePartnerFactory(area=w.area, municipality=home, institute="Kisváros kommune")
    w.student_b.home_municipality = home
    w.student_b.save()

    def check():
        read = views._page_meeting(full_meeting.pk)
        suggested = _suggested(svc.suggest_home_representatives(read, svc.agenda_rows(full_meeting.pk, read)))
        assert suggested == _suggested(svc.suggest_home_representatives(full_meeting))
        return suggested

    suggested = check()
    assert [(case_id, len(partners), more) for case_id, _pk, _name, partners, more in suggested] == [
        (scene.case_a.pk, svc.SUGGESTED_PER_MUNICIPALITY, True),
        (scene.case_c.pk, svc.SUGGESTED_PER_MUNICIPALITY, True),
    ]
    # Småbygd has seven entries: two of them invited, five are left and there are no more
    invited = [pk for pk, *_ in suggested[0][3][:2]]
    for partner in OutsidePartner.objects.filter(pk__in=invited):
        svc.invite(meeting=full_meeting, partner=partner)
    suggested = check()
    assert not set(invited) & {pk for pk, *_ in suggested[0][3]} and not suggested[0][4]
    assert len(suggested[0][3]) == svc.SUGGESTED_PER_MUNICIPALITY
    # a municipality with no entry
    w.student_c.home_municipality = Municipality.objects.create(area=w.area, name="Tom")
    w.student_c.save()
    suggested = check()
    assert suggested[1][3] == [] and not suggested[1][4]


def test_the_convenors_page_reads_its_lists_with_the_meeting(client, scene, full_meeting, django_assert_num_queries):
    """On PostgreSQL the meeting's statement, the agenda candidates' (one: more than enough with
    consent), the next meetings' and the viewing's INSERT: neither the agenda, the invitations, the groups nor the
    suggestions alone, as on SQLite."""
    from django.test import RequestFactory

    from crocoos.access import access_for

    request = RequestFactory().get(f"/meetings/{full_meeting.pk}/")
    request.user = scene.w.followup
    access_for(request.user)  # the user's memberships, read once per request
    viewing = audit.Viewing("meeting.viewed", request=request, obj=full_meeting)
    # (and the viewing's INSERT, written while the page is made)
    with django_assert_num_queries(4 if connection.vendor == "postgresql" else 8):
        read = views.get_meeting(request, full_meeting.pk, read=views._page_meeting)
        views._meeting_page(request, read, {}, viewing)
    assert InviteeGroup.objects.filter(area=full_meeting.area).exists()


def test_only_those_who_convene_meetings_read_the_lists_with_the_meeting(scene, full_meeting):
    """An EWS member (staff, not managing) and an invitee read the meeting alone: the convenor's
    lists would be read in vain; a coordinator and a follow-up officer with them (on PostgreSQL)."""
    w = scene.w
    lists = connection.vendor == "postgresql"
    for user, with_lists in ((w.followup, lists), (w.coordinator, lists), (w.ews, False), (w.partner, False)):
        read = views._meeting_reader(user)(full_meeting.pk)
        assert read.pk == full_meeting.pk and read.has_following
        assert [hasattr(read, page_list.annotation) for page_list in svc.PAGE_LISTS] == [with_lists] * 3
        # the agenda the same either way
        assert svc.agenda_rows(read.pk, read) == svc.agenda_rows(full_meeting.pk)
