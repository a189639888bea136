"""crocoos.audit.record_for_students: one INSERT, without bulk_create's transaction (issue 7); on
PostgreSQL a statement of our own taking the students as an array, elsewhere the ORM's INSERT."""

import datetime
from unittest import mock

import pytest
from django.db import connection, transaction
from django.db.models import QuerySet
from django.test import RequestFactory

from crocoos import audit
from crocoos.models import AuditEvent, AuditEventQuerySet

pytestmark = pytest.mark.django_db


def test_one_insert_without_a_transaction_and_the_events_as_bulk_create_made_them(django_assert_num_queries):
    with (
        mock.patch.object(transaction.Atomic, "__enter__", side_effect=AssertionError("a transaction")),
        django_assert_num_queries(1),
    ):
        events = audit.record_for_students("meeting.viewed", [3, None, 2, 3], detail={"to": "x"})
    assert [event.student_id for event in events] == [2, 3]
    assert all(event.pk and not event._state.adding and event._state.db == "default" for event in events)
    stored = AuditEvent.objects.filter(pk__in=[event.pk for event in events]).order_by("student_id")
    assert [(e.action, e.student_id, e.detail, e.changed_fields, e.object_type) for e in stored] == [
        ("meeting.viewed", 2, {"to": "x"}, [], ""),
        ("meeting.viewed", 3, {"to": "x"}, [], ""),
    ]


def test_no_student_is_one_event_without_one():
    (event,) = audit.record_for_students("meeting.viewed", [])
    assert AuditEvent.objects.get(pk=event.pk).student_id is None


ORM_PATH = pytest.mark.skipif(connection.vendor == "postgresql", reason="PostgreSQL inserts through unnest()")


@ORM_PATH
def test_more_events_than_one_statement_holds_go_through_bulk_create():
    with (
        mock.patch.object(connection.ops, "bulk_batch_size", return_value=2),
        mock.patch.object(AuditEventQuerySet, "bulk_create", autospec=True, side_effect=QuerySet.bulk_create) as bulk,
    ):
        events = audit.record_for_students("meeting.viewed", [1, 2, 3])
    assert bulk.called
    assert AuditEvent.objects.filter(pk__in=[event.pk for event in events]).count() == 3


def test_record_is_one_insert_and_returns_the_stored_event(django_assert_num_queries, world):
    with (
        mock.patch.object(transaction.Atomic, "__enter__", side_effect=AssertionError("a transaction")),
        django_assert_num_queries(1),
    ):
        event = audit.record(
            "case.viewed", actor=world.coordinator, obj=world.coordinator, student=7, changed_fields=["b", "a"]
        )
    assert event.pk and not event._state.adding
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.action, stored.actor_id, stored.object_type, stored.object_id, stored.student_id) == (
        "case.viewed",
        world.coordinator.pk,
        "crocoos.user",
        str(world.coordinator.pk),
        7,
    )
    assert stored.changed_fields == ["a", "b"] and stored.detail == {} and stored.at == event.at


@ORM_PATH
def test_without_returning_rows_of_a_bulk_insert_one_event_still_has_its_key():
    with mock.patch.object(type(connection.features), "can_return_rows_from_bulk_insert", False):
        (one,) = audit.record_for_students("meeting.viewed", [5])
        several = audit.record_for_students("meeting.viewed", [6, 7])
    assert one.pk and AuditEvent.objects.get(pk=one.pk).student_id == 5
    assert AuditEvent.objects.filter(student_id__in=[6, 7], action="meeting.viewed").count() == len(several) == 2


def test_every_column_is_stored_as_given(world, django_assert_num_queries):
    request = RequestFactory().get("/", REMOTE_ADDR="2001:db8::7")
    request.user = world.coordinator
    before = datetime.datetime.now(datetime.UTC)
    with django_assert_num_queries(1) as captured:
        events = audit.record_for_students(
            "meeting.viewed",
            [world.student_a, world.student_a.pk, None, 9],
            request=request,
            obj=world.coordinator,
            changed_fields={"zeta", "ăla"},
            detail={"to": "Ørjan Ş. Ő", "n": [1, 2]},
        )
    if connection.vendor == "postgresql":
        assert "unnest(" in captured.captured_queries[0]["sql"]
    assert [event.student_id for event in events] == sorted([world.student_a.pk, 9])
    assert len({event.pk for event in events}) == 2
    stored = AuditEvent.objects.filter(pk__in=[event.pk for event in events]).order_by("student_id")
    for event, row in zip(events, stored, strict=True):
        assert (row.pk, row.student_id, row.at) == (event.pk, event.student_id, event.at)
        assert before <= row.at <= datetime.datetime.now(datetime.UTC)
        assert (row.action, row.actor_id, row.ip_address, row.object_type, row.object_id) == (
            "meeting.viewed",
            world.coordinator.pk,
            "2001:db8::7",
            "crocoos.user",
            str(world.coordinator.pk),
        )
        assert row.changed_fields == ["zeta", "ăla"] and row.detail == {"to": "Ørjan Ş. Ő", "n": [1, 2]}


def test_the_events_returned_are_separate_instances():
    first, second = audit.record_for_students("meeting.viewed", [1, 2])
    first._state.adding = True
    assert not second._state.adding and first.pk != second.pk and second.student_id == 2


def test_without_a_request_or_actor_the_event_has_neither():
    (event,) = audit.record_for_students("retention.applied", [None])
    row = AuditEvent.objects.get(pk=event.pk)
    assert (row.actor_id, row.ip_address, row.student_id, row.object_type) == (None, None, None, "")
