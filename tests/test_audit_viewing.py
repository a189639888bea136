"""crocoos.audit.Viewing: the case and meeting pages' events, sent on PostgreSQL on a connection of
their own while the page is rendered, stored before the page is sent (issue 7); written in the
request's connection within a transaction, with the setting off, on SQLite, or when that connection
fails."""

import pytest
from django.db import IntegrityError, connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from crocoos import audit
from crocoos.models import AuditEvent, User
from tests.cases.factories import CaseFactory

POSTGRESQL = pytest.mark.skipif(connection.vendor != "postgresql", reason="the asynchronous connection is psycopg2's")


@pytest.fixture
def aside(transactional_db, settings):
    """The writer on, the test's data committed (another connection sees it); its connection closed
    after the test (it would keep the test database open)."""
    settings.AUDIT_WRITER = True
    yield
    audit._Aside.close()


def _aside_connection():
    return getattr(audit._Aside._local, "connection", None)


def _viewed(action, **filters):
    return list(AuditEvent.objects.filter(action=action, **filters).values_list("student_id", "actor_id", "object_id"))


def _audit_inserts(queries):
    return [query["sql"] for query in queries if "crocoos_auditevent" in query["sql"] and "INSERT" in query["sql"]]


@POSTGRESQL
def test_the_case_page_is_sent_with_its_viewing_stored_by_a_connection_of_its_own(aside, client, world):
    case = CaseFactory(student=world.student_a)
    client.force_login(world.coordinator)
    with CaptureQueriesContext(connection) as page:
        response = client.get(reverse("case_detail", args=[case.pk]))
    assert response.status_code == 200
    # stored (committed) when the page came back, and not by the request's connection
    assert _viewed("case.viewed") == [(world.student_a.pk, world.coordinator.pk, str(case.pk))]
    assert _audit_inserts(page.captured_queries) == []
    aside_connection = _aside_connection()
    assert aside_connection is not None and not aside_connection.closed
    assert aside_connection.get_backend_pid() != connection.connection.get_backend_pid()
    # the page kept (page cache): its viewing stored all the same, on the same connection
    with CaptureQueriesContext(connection) as kept:
        assert client.get(reverse("case_detail", args=[case.pk])).status_code == 200
    assert len(_viewed("case.viewed")) == 2 and _audit_inserts(kept.captured_queries) == []
    assert _aside_connection() is aside_connection


@POSTGRESQL
def test_the_meeting_page_is_sent_with_a_viewing_for_each_young_person_of_its_agenda(aside, client, world):
    from cases.services import meetings as svc
    from tests.meetings.conftest import scene as make_scene

    scene = make_scene.__wrapped__(world)
    svc.add_case_to_agenda(meeting=scene.meeting, case=scene.case_a)
    svc.add_case_to_agenda(meeting=scene.meeting, case=scene.case_b)
    client.force_login(world.followup)
    response = client.get(reverse("meeting_detail", args=[scene.meeting.pk]))
    assert response.status_code == 200
    assert sorted(_viewed("meeting.viewed")) == sorted(
        [(student.pk, world.followup.pk, str(scene.meeting.pk)) for student in (world.student_a, world.student_b)]
    )


@POSTGRESQL
def test_a_broken_connection_of_its_own_loses_no_viewing(aside, client, world):
    """The connection ended by the server (a restart, an administrator): the events are written in
    the request's connection, and the next page has a new connection of its own."""
    case = CaseFactory(student=world.student_a)
    client.force_login(world.coordinator)
    client.get(reverse("case_detail", args=[case.pk]))
    first = _aside_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [first.get_backend_pid()])
    for n in (2, 3):
        assert client.get(reverse("case_detail", args=[case.pk]), {"n": n}).status_code == 200
        assert len(_viewed("case.viewed")) == n
    assert first.closed and not _aside_connection().closed


@POSTGRESQL
def test_a_page_that_failed_after_sending_its_viewing_does_not_stop_the_next(aside, world):
    """shows() without done() (the page raised while it was rendered): the event is stored all the
    same, and the next page's INSERT waits for the answer left unread."""
    request = RequestFactory().get("/")
    request.user = world.coordinator
    audit.Viewing("case.viewed", request=request, obj=world.coordinator).shows([world.student_a.pk])
    viewing = audit.Viewing("case.viewed", request=request, obj=world.coordinator)
    viewing.shows([world.student_b.pk])
    (event,) = viewing.done()
    assert event.pk and event.student_id == world.student_b.pk
    assert sorted(student for student, _actor, _obj in _viewed("case.viewed")) == sorted(
        [world.student_a.pk, world.student_b.pk]
    )


@POSTGRESQL
def test_what_the_insert_raises_is_raised_before_the_page_is_sent(aside, world):
    """An actor who is not (or no longer) a user: the foreign key refuses the event at its commit,
    and done() raises it as the request's own INSERT would have."""
    request = RequestFactory().get("/")
    request.user = User(pk=world.coordinator.pk + 10_000, email="gone@test.example.org")
    viewing = audit.Viewing("case.viewed", request=request, obj=world.coordinator)
    viewing.shows([world.student_a.pk])
    with pytest.raises(IntegrityError):
        viewing.done()
    assert _viewed("case.viewed") == []
    # the connection goes on serving
    request.user = world.coordinator
    assert audit.Viewing("case.viewed", request=request, obj=world.coordinator).done([world.student_a.pk])


@pytest.mark.django_db
def test_within_a_transaction_the_viewing_is_written_by_the_requests_connection(
    settings, world, django_assert_num_queries
):
    """A view inside a transaction (and every test of the suite: AUDIT_WRITER on or off, SQLite or
    PostgreSQL): the events are the request's own INSERT, at shows(), as record_for_students writes."""
    request = RequestFactory().get("/")
    request.user = world.coordinator
    for writer in (True, False):
        settings.AUDIT_WRITER = writer
        viewing = audit.Viewing("case.viewed", request=request, obj=world.coordinator)
        with django_assert_num_queries(1):
            viewing.shows([world.student_a.pk, None, world.student_a.pk])
        with django_assert_num_queries(0):
            (event,) = viewing.done([world.student_b.pk])  # (the students shown before)
        assert event.student_id == world.student_a.pk and event.actor_id == world.coordinator.pk
    assert _aside_connection() is None


@POSTGRESQL
def test_with_the_setting_off_no_connection_of_its_own(transactional_db, settings, client, world):
    settings.AUDIT_WRITER = False
    case = CaseFactory(student=world.student_a)
    client.force_login(world.coordinator)
    with CaptureQueriesContext(connection) as page:
        assert client.get(reverse("case_detail", args=[case.pk])).status_code == 200
    assert len(_audit_inserts(page.captured_queries)) == 1 and _aside_connection() is None
    assert len(_viewed("case.viewed")) == 1
