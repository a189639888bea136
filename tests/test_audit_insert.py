"""crocoos.audit.record_for_students: one INSERT, without bulk_create's transaction (issue 7)."""

from unittest import mock

import pytest
from django.db import connection, transaction
from django.db.models import QuerySet

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


def test_without_returning_rows_of_a_bulk_insert_one_event_still_has_its_key():
    with mock.patch.object(type(connection.features), "can_return_rows_from_bulk_insert", False):
        (one,) = audit.record_for_students("meeting.viewed", [5])
        several = audit.record_for_students("meeting.viewed", [6, 7])
    assert one.pk and AuditEvent.objects.get(pk=one.pk).student_id == 5
    assert AuditEvent.objects.filter(student_id__in=[6, 7], action="meeting.viewed").count() == len(several) == 2
