"""Queries per page do not grow with the data (issue 7: "queries per page constant whatever the data size").

Each page is rendered once with a few rows of everything in the user's scope, then again after
`grow()` added many more students, concerns, cases, action rows, meetings, directory entries
and audit events in the same scope: the second rendering may not run more queries than the first.
"""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.models import ActionItem, Concern, Invitation, Meeting
from cases.services import meetings as meeting_service
from crocoos import audit
from directory.models import InSchoolProfessional

from .cases.factories import ActionItemFactory, CaseFactory, ConcernFactory, ConsentFactory, OutsidePartnerFactory
from .factories import StudentFactory

# Above any page's count today; the real check is "no more than with one row".
MAX_QUERIES = 30
# Pages made leaner for issue 7 (performance budgets) keep their count: (persona, url name) -> ceiling.
CEILINGS = {
    ("teacher", "home"): 13,
    ("ews", "home"): 12,
    ("coordinator", "home"): 12,
    ("followup", "home"): 13,
    ("partner", "home"): 12,
    ("admin", "home"): 9,
    ("coordinator", "case_detail"): 18,
    ("teacher", "case_detail"): 15,
    ("partner", "case_detail"): 14,
    ("ews", "action_mine"): 8,
    ("partner", "action_mine"): 8,
    ("followup", "meeting_detail"): 13,
    ("ews", "meeting_detail"): 9,
    ("partner", "meeting_detail"): 13,
    # The first request after signing in also saves the session (3 statements with its savepoint).
    ("coordinator", "concern_inbox"): 7,
    ("coordinator", "case_list"): 8,
    ("followup", "case_list"): 8,
    ("followup", "directory_search"): 10,
}
if connection.vendor == "postgresql":
    # The case page reads its lists in the case's own statement there (case_page.with_lists), the
    # directory search its rows' help areas with the rows (directory.selectors._help_area_ids), the
    # meeting page its agenda, invitations, groups and suggestions with the meeting (meetings.with_lists).
    CEILINGS.update(
        {
            ("coordinator", "case_detail"): 8,
            ("teacher", "case_detail"): 9,
            ("partner", "case_detail"): 8,
            ("followup", "directory_search"): 9,
            ("followup", "meeting_detail"): 10,
        }
    )


# Where the database takes a LIMIT in each part of a UNION (PostgreSQL), the home page reads its lists
# in one statement (cases.home.in_one), with the user's directory entries but for external partners
# (cases.home.entries_in_statement); elsewhere (SQLite) one per list, within CEILINGS.
IN_ONE_CEILINGS = {
    ("teacher", "home"): 8,
    ("ews", "home"): 7,
    ("coordinator", "home"): 7,
    ("followup", "home"): 7,
    ("partner", "home"): 10,
    ("admin", "home"): 7,
}


class Scope:
    """Rows in every persona's scope; `add(n)` adds n of each."""

    def __init__(self, world):
        self.w = world
        self.partner_entry = OutsidePartnerFactory(area=world.area, user=world.partner, institute="Barnevernet Løvås")
        self.meeting = None
        self.case = None
        self.count = 0

    def add(self, n):
        w = self.w
        today = timezone.localdate()
        for _ in range(n):
            i = self.count = self.count + 1
            for school_class in (w.class_a, w.class_b, w.class_c, None):
                if school_class is None:
                    student = StudentFactory(school_class=None, school=None, area=w.area, last_name=f"Ørsted{i}")
                else:
                    student = StudentFactory(school_class=school_class, last_name=f"Lőrincz{i}")
                ConcernFactory(student=student, logged_by=w.teacher, date=today - datetime.timedelta(days=i))
                case = CaseFactory(student=student, reference=f"EWS-Q-{school_class and school_class.pk}-{i}")
                ConcernFactory(student=student, logged_by=w.teacher, status=Concern.Status.LINKED, case=case)
                ConsentFactory(case=case, partners=[self.partner_entry])
                for user, days in ((w.ews, 5), (w.teacher, -2), (w.followup, -3)):
                    ActionItemFactory(case=case, responsible_user=user, deadline=today + datetime.timedelta(days=days))
                ActionItemFactory(case=case, responsible_partner=self.partner_entry, deadline=today)
                audit.record("case.viewed", actor=w.coordinator, obj=case, student=student)
                self.case = self.case or case
            InSchoolProfessional.objects.create(school=w.school1, name=f"Sjukepleier Åsne {i}", position="Nurse")
            OutsidePartnerFactory(area=w.area, institute=f"Rusteam Ózd {i}", help_text="addiction")
            self._meeting(today + datetime.timedelta(days=i % 30 + 1), i)

    def _meeting(self, date, i):
        meeting = meeting_service.convene_meeting(
            convened_by=self.w.followup,
            kind=Meeting.Kind.CLARIFICATION,
            date=date,
            start_time=datetime.time(9, 0),
            end_time=datetime.time(10, 0),
            place=f"Rådhuset {i}",
            area=self.w.area,
            school=self.w.school1 if i % 2 else None,
        )
        for user in (self.w.ews, self.w.partner):
            Invitation.objects.create(meeting=meeting, user=user)
        self.meeting = self.meeting or meeting
        # The first meeting's agenda and invitations grow with the rest.
        case = ActionItem.objects.filter(case__school=self.w.school1).latest("id").case
        meeting_service.add_case_to_agenda(meeting=self.meeting, case=case)
        meeting_service.invite(meeting=self.meeting, partner=OutsidePartnerFactory(area=self.w.area))


@pytest.fixture
def scope(world):
    scope = Scope(world)
    # Five of each: as many rows as the home page's short lists show, so every section is on the page.
    scope.add(5)
    return scope


def queries_for(client, url, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200, url
    return [query["sql"] for query in queries.captured_queries]


PAGES = [
    # (persona, url name, url args from the scope, GET parameters)
    ("teacher", "home", None, {}),
    ("ews", "home", None, {}),
    ("coordinator", "home", None, {}),
    ("followup", "home", None, {}),
    ("partner", "home", None, {}),
    ("admin", "home", None, {}),
    ("coordinator", "concern_inbox", None, {}),
    ("followup", "concern_inbox", None, {}),
    ("teacher", "concern_mine", None, {}),
    ("coordinator", "case_list", None, {}),
    ("followup", "case_list", None, {"status": "all", "sort": "student"}),
    ("teacher", "case_list", None, {}),
    ("partner", "case_list", None, {}),
    ("coordinator", "case_list", None, {"q": "lorincz"}),
    ("followup", "case_list", None, {"q": "EWS-Q", "page": "2"}),
    ("coordinator", "case_detail", "case", {}),
    ("teacher", "case_detail", "case", {}),
    ("partner", "case_detail", "case", {}),
    ("ews", "action_mine", None, {}),
    ("partner", "action_mine", None, {"show": "all"}),
    ("coordinator", "action_overdue", None, {}),
    ("coordinator", "directory_search", None, {}),
    ("coordinator", "directory_search", None, {"q": "ozd"}),
    ("followup", "directory_search", None, {"q": "asne"}),
    ("coordinator", "directory_list", "school", {}),
    ("followup", "directory_list", "partners", {"q": "rusteam", "sort": "sector"}),
    ("followup", "meeting_list", None, {}),
    ("followup", "meeting_detail", "meeting", {}),
    ("ews", "meeting_detail", "meeting", {}),
    ("partner", "meeting_detail", "meeting", {}),
    ("followup", "student_list", None, {}),
    ("coordinator", "student_list", None, {"q": "lorincz", "sort": "class"}),
    ("teacher", "student_list", None, {"page": "2"}),
    ("coordinator", "audit_trail", "student_trail", {}),
]


def page_url(name, args, scope):
    if args is None:
        return reverse(name)
    if args == "student_trail":
        return reverse(name, args=["cases.student", scope.case.student_id])
    if args in ("school", "partners"):
        return reverse(name, args=[args])
    return reverse(name, args=[getattr(scope, args).pk])


@pytest.mark.parametrize(("persona", "name", "args", "params"), PAGES)
def test_page_queries_do_not_grow_with_the_data(
    client, world, scope, persona, name, args, params, django_assert_max_num_queries
):
    client.force_login(getattr(world, persona))
    url = page_url(name, args, scope)
    ceiling = CEILINGS.get((persona, name), MAX_QUERIES)
    if connection.features.supports_slicing_ordering_in_compound:
        ceiling = IN_ONE_CEILINGS.get((persona, name), ceiling)
    with django_assert_max_num_queries(ceiling):
        first = queries_for(client, url, params)
    scope.add(10)
    with django_assert_max_num_queries(ceiling):
        second = queries_for(client, url, params)
    # A list whose first page held every row took its count from that page (crocoos.pagination);
    # once it grew past one page it counts them: one COUNT more, never more than that.
    counted = _counts(second) - _counts(first)
    assert counted <= 1
    assert len(second) - counted <= len(first), "\n\n".join(_shapes(second) - _shapes(first))


def _counts(queries):
    return sum(1 for sql in queries if sql.startswith('SELECT COUNT(*) AS "__count"'))


def _shapes(queries):
    return {re.sub(r"\d+", "N", sql) for sql in queries}
