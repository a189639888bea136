"""Append-only audit trail: who viewed, printed, exported or changed what, when, from where.

Call `record(...)` from views and services. Values of changed fields are never stored,
only their names (children's data must not leak into the log).
"""

import copy
import os
import select
import threading

import psycopg2
import psycopg2.extensions
from django.conf import settings
from django.db import InterfaceError as DjangoInterfaceError
from django.db import OperationalError as DjangoOperationalError
from django.db import connections, router
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent


def client_ip(request):
    """The client's address; behind CROCOOS_TRUSTED_PROXY_COUNT proxies, from X-Forwarded-For.

    Only the entries the trusted proxies appended are believed: the client may send any
    X-Forwarded-For it likes, so we count from the right.
    """
    if request is None:
        return None
    proxies = getattr(settings, "CROCOOS_TRUSTED_PROXY_COUNT", 0)
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def record(action, *, request=None, actor=None, obj=None, student=None, changed_fields=(), detail=None):
    """Write one audit event. `action` is dotted: "case.viewed", "student.changed", "directory.exported"."""
    (event,) = record_for_students(
        action,
        [getattr(student, "pk", student)],
        request=request,
        actor=actor,
        obj=obj,
        changed_fields=changed_fields,
        detail=detail,
    )
    return event


def record_for_students(action, students, *, request=None, actor=None, obj=None, changed_fields=(), detail=None):
    """One event per young person whose data a page, print or e-mail showed (a meeting's agenda names
    several); one event without a student when it showed none. A single INSERT whatever the count."""
    event, ids = _event(action, students, request, actor, obj, changed_fields, detail)
    return _write(event, ids, router.db_for_write(AuditEvent))


def _event(action, students, request, actor, obj, changed_fields, detail):
    """The event the students share, and the students' ids ([None] for none)."""
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    ids = sorted({getattr(student, "pk", student) for student in students if student is not None}) or [None]
    event = AuditEvent(
        action=action,
        actor=actor,
        ip_address=client_ip(request),
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        changed_fields=sorted(changed_fields),
        detail=detail or {},
    )
    return event, ids


def _write(event, ids, using):
    if connections[using].vendor == "postgresql":
        return _insert_unnest(connections[using], event, ids)
    events = [copy.copy(event) for _ in ids]
    for each, student_id in zip(events, ids, strict=True):
        each.student_id = student_id
    return _insert(events)


class Viewing:
    """The events of a page that shows young people's data, written while the page is made.

        viewing = audit.Viewing("case.viewed", request=request, obj=case)
        ... viewing.shows([student])  # as soon as the page knows whose data it shows
        ... the page is rendered ...
        viewing.done([student])  # before it is sent: the events are stored (committed) by then

    On PostgreSQL shows() sends the INSERT on a connection of its own in asynchronous mode and goes
    on: the server writes and commits the events while the page is rendered (the INSERT and its
    commit were ~0.8 ms of the case and meeting pages, issue 7). done() waits for the answer and
    raises what the INSERT raised, so no page is sent whose viewing is not in the trail. Within a
    transaction (a view that writes, a test) and where settings.AUDIT_WRITER is off, the events are
    written in the request's own connection, as record_for_students() writes them; so they are too
    when the connection of its own fails (the events are not lost).
    """

    def __init__(self, action, *, request, obj=None, detail=None):
        self.action, self.request, self.obj, self.detail = action, request, obj, detail
        self._pending = None

    def shows(self, students):
        """Whose data the page shows: their events are written from now (once)."""
        if self._pending is not None:
            return
        event, ids = _event(self.action, students, self.request, None, self.obj, (), self.detail)
        using = router.db_for_write(AuditEvent)
        self._pending = _Aside.send(event, ids, using) or _Written(_write(event, ids, using))

    def done(self, students=()):
        """The events, stored: those shows() sent, or (a page kept, built before) written now for
        `students`."""
        if self._pending is None:
            self.shows(students)
        return self._pending.result()


class _Written:
    def __init__(self, events):
        self._events = events

    def result(self):
        return self._events


class _Aside:
    """An INSERT of events sent on this thread's asynchronous connection, its answer not read yet."""

    _local = threading.local()
    _inherited = []

    def __init__(self, cursor, event, ids, using):
        self.cursor, self.event, self.ids, self.using = cursor, event, ids, using

    @classmethod
    def send(cls, event, ids, using):
        """The INSERT sent, or None when it is written in the request's connection instead."""
        django_connection = connections[using]
        if not (
            settings.AUDIT_WRITER and django_connection.vendor == "postgresql" and not django_connection.in_atomic_block
        ):
            return None
        try:
            connection = cls._connection(django_connection)
            if connection.isexecuting():  # a page that failed after shows(): its INSERT's answer
                _wait(connection)
            cursor = connection.cursor()
            cursor.execute(_INSERT_UNNEST, _unnest_params(django_connection, event, ids))
        except psycopg2.Error:
            cls.close()  # (a new connection the next time)
            return None
        return cls(cursor, event, ids, using)

    @classmethod
    def _connection(cls, django_connection):
        local = cls._local
        if getattr(local, "connection", None) is not None and local.pid != os.getpid():
            # made before a fork: the parent's session, never closed here (closing it would end it)
            cls._inherited.append(local.connection)
            local.connection = None
        if getattr(local, "connection", None) is None or local.connection.closed:
            local.connection, local.pid = None, os.getpid()
            connection = psycopg2.connect(**django_connection.get_connection_params(), async_=1)
            _wait(connection)
            local.connection = connection
        return local.connection

    @classmethod
    def close(cls):
        """Close this thread's connection (an error; tests)."""
        connection = getattr(cls._local, "connection", None)
        cls._local.connection = None
        if connection is not None and not connection.closed:
            connection.close()

    def result(self):
        try:
            # (what the INSERT raised, as Django raises it: django.db.IntegrityError, ...)
            with connections[self.using].wrap_database_errors:
                _wait(self.cursor.connection)
                keys = [pk for (pk,) in self.cursor.fetchall()]
        except (DjangoOperationalError, DjangoInterfaceError):
            # the connection broke: the events are written in the request's (twice at worst)
            _Aside.close()
            return _write(self.event, self.ids, self.using)
        return _stored(self.event, self.ids, keys, self.using)


def _wait(connection):
    """Wait until `connection` has finished what it was doing (connecting, a statement)."""
    while True:
        state = connection.poll()
        if state == psycopg2.extensions.POLL_OK:
            return
        if state == psycopg2.extensions.POLL_READ:
            select.select([connection.fileno()], [], [])
        elif state == psycopg2.extensions.POLL_WRITE:
            select.select([], [connection.fileno()], [])


# The events of one record_for_students() differ only in the student: on PostgreSQL one INSERT takes
# their ids as an array and the rest once, written here rather than compiled by the ORM for every
# event (its INSERT cost the meeting page 0.5-0.7 ms of Python on every view, issue 7).
_INSERT_UNNEST = """
    INSERT INTO "crocoos_auditevent"
        ("at", "actor_id", "action", "ip_address", "object_type", "object_id", "student_id", "changed_fields", "detail")
    SELECT %s::timestamptz, %s, %s, %s::inet, %s, %s, student_id, %s::jsonb, %s::jsonb
    FROM unnest(%s::bigint[]) AS student_id
    RETURNING "id"
"""


def _unnest_params(connection, event, ids):
    fields = {field.attname: field for field in AuditEvent._meta.concrete_fields}
    values = [
        fields[name].get_db_prep_save(getattr(event, name), connection)
        for name in ("at", "actor_id", "action", "ip_address", "object_type", "object_id", "changed_fields", "detail")
    ]
    return [*values, ids]


def _insert_unnest(connection, event, ids):
    with connection.cursor() as cursor:
        cursor.execute(_INSERT_UNNEST, _unnest_params(connection, event, ids))
        keys = [pk for (pk,) in cursor.fetchall()]
    return _stored(event, ids, keys, connection.alias)


def _stored(event, ids, keys, alias):
    """The events of `ids` as stored under `keys`: copies of `event`, each with its student."""
    events = []
    for pk, student_id in zip(keys, ids, strict=True):
        each = copy.copy(event)
        each.pk, each.student_id = pk, student_id
        each._state.adding, each._state.db = False, alias
        events.append(each)
    return events


def _insert(events):
    """What bulk_create(events) does, without its transaction when one INSERT holds every event (one
    statement is atomic by itself): bulk_create's BEGIN and COMMIT were two more round trips on every
    meeting page (issue 7). Events too many for one statement go through bulk_create."""
    using = router.db_for_write(AuditEvent)
    opts = AuditEvent._meta
    fields = [field for field in opts.concrete_fields if field is not opts.pk]
    if connections[using].ops.bulk_batch_size(fields, events) < len(events):
        return AuditEvent.objects.using(using).bulk_create(events)
    for event in events:
        event._prepare_related_fields_for_save(operation_name="bulk_create")
    # one row's key comes back on every database (RETURNING or the last insert id); several rows' where supported
    several = len(events) > 1 and not connections[using].features.can_return_rows_from_bulk_insert
    returning = None if several else opts.db_returning_fields
    returned = AuditEvent.objects.using(using)._insert(events, fields=fields, returning_fields=returning, using=using)
    for event, values in zip(events, returned or (), strict=False):
        for field, value in zip(returning, values, strict=True):
            setattr(event, field.attname, value)
    for event in events:
        event._state.adding = False
        event._state.db = using
    return events


# How audit actions read in the trail pages; apps add theirs with register_action().
ACTION_LABELS = {
    "student.viewed": _("Opened the student's record"),
    "concern.created": _("Logged a concern"),
    "concern.viewed": _("Opened a concern"),
    "concern.linked": _("Linked a concern to a case"),
    "concern.closed": _("Closed a concern"),
    "case.created": _("Opened a case"),
    "case.viewed": _("Opened the case"),
    "case.edit_opened": _("Opened the case for editing"),
    "case.changed": _("Changed the case"),
    "case.closed": _("Closed the case"),
    "case.reopened": _("Reopened the case"),
    "case.printed": _("Printed the case sheet"),
    "case.sheet_signed": _("Filed a signed case sheet"),
    "case.sheet_downloaded": _("Downloaded a signed case sheet"),
    "case.sheets_batch_requested": _("Asked for the case sheets of several cases"),
    "case.sheets_batch_downloaded": _("Downloaded the case sheets of several cases"),
    "consent.created": _("Recorded a consent"),
    "consent.withdrawn": _("Recorded the withdrawal of a consent"),
    "consent.downloaded": _("Downloaded a signed consent"),
    "student.imported": _("Imported or updated the student from a class list"),
    "action.viewed": _("Opened an action of the action plan"),
    "action.changed": _("Changed an action of the action plan"),
    "meeting.convened": _("Convened a meeting"),
    "meeting.viewed": _("Opened the meeting"),
    "meeting.changed": _("Changed the meeting"),
    "meeting.cancelled": _("Cancelled the meeting"),
    "meeting.agenda_changed": _("Changed the meeting's agenda"),
    "meeting.invitees_changed": _("Changed who is invited to the meeting"),
    "meeting.invitations_sent": _("Sent the meeting's invitations"),
    "meeting.invitation_emailed": _("E-mailed a meeting invitation with the agenda"),
    "meeting.invitation_opened": _("Opened the meeting's agenda through an invitation link"),
    "meeting.responded": _("Answered a meeting invitation"),
    "meeting.attendance": _("Recorded the meeting's attendance"),
    "meeting.attendance_viewed": _("Opened the meeting's attendance"),
    "meeting.minutes": _("Wrote the minutes of an agenda item"),
    "meeting.minutes_viewed": _("Opened the minutes of an agenda item"),
    "meeting.summaries_sent": _("Sent the case summaries of the meeting"),
    "meeting.summary_emailed": _("E-mailed a case summary after a meeting"),
    "meeting.agenda_printed": _("Printed the meeting's agenda"),
    "meeting.attendance_printed": _("Printed the meeting's attendance sheet"),
    "meeting.minutes_printed": _("Printed the meeting's minutes"),
    "account.signed_in": _("Signed in"),
    "account.signed_out": _("Signed out"),
    "account.sign_in_failed": _("Gave a wrong password when signing in"),
    "account.two_factor_enrolled": _("Turned on two-factor sign-in"),
    "account.two_factor_verified": _("Confirmed sign-in with a second factor"),
    "account.two_factor_failed": _("Entered a wrong sign-in code"),
    "account.recovery_codes_renewed": _("Made new recovery codes"),
    "audit.trail_viewed": _("Looked at who has seen or changed a record"),
    "audit.access_report_viewed": _("Ran an access report on a user"),
    "student.right_of_access_exported": _("Exported everything held about the student (right of access)"),
    "retention.applied": _("Deleted or anonymised data whose retention period was over"),
}


def register_action(action, label):
    ACTION_LABELS[action] = label


def action_label(action):
    return ACTION_LABELS.get(action, action)


# --- sign-ins ----------------------------------------------------------------------------------
# Who signed in, out or failed to, when and from where: beside what they opened, an access report
# shows when the account was used (a breach investigation asks both). Failed attempts name the
# account only when the e-mail address typed is one; what was typed is never stored.


def signed_in(sender, request, user, **kwargs):
    record("account.signed_in", request=request, actor=user, obj=user)


def signed_out(sender, request, user, **kwargs):
    if user is not None:
        record("account.signed_out", request=request, actor=user, obj=user)


def sign_in_failed(sender, credentials, request=None, **kwargs):
    from django.contrib.auth import get_user_model

    email = str(credentials.get("username") or credentials.get("email") or "")
    account = get_user_model().objects.filter(email__iexact=email).first() if email and "\x00" not in email else None
    record("account.sign_in_failed", request=request, actor=account, obj=account)
