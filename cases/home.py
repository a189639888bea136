"""What the cases app adds to the home page (crocoos.views.home)."""

import datetime
import html
import threading
import uuid
from functools import cached_property

from django.db import connections
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value, Window
from django.db.models.functions import Coalesce
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import time as time_filter
from django.template.defaultfilters import truncatechars
from django.template.loader import get_template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from cases.models import ActionItem, Case, Concern, Invitation, Meeting
from cases.models.case import visible_filter
from crocoos.access import NOTHING, access_for, any_of
from crocoos.compiled_rows import rows, user_key
from crocoos.models import Role
from crocoos.templatetags.crocoos_tags import row_url
from directory.models import InSchoolProfessional, OutsidePartner

from .forms.concerns import LABEL_COLUMNS, ConcernForm, label_of
from .services.actions import actions_for
from .views.actions import overdue_for
from .views.concerns import DATALIST_LIMIT, concern_students, inbox_concerns

HOME_ROWS = 5
UPCOMING_DAYS = 60

# The columns the home page's short lists show (the rest of each row is left in the database).
ACTION_COLUMNS = ("id", "action", "deadline", "case_id", "case__reference")
MEETING_COLUMNS = ("id", "kind", "title", "date", "start_time", "place", "status")


def _count_per_row(queryset, column):
    """The number of `queryset`'s rows per school (or area) as a subquery per row of that school
    (or area): `column` reaches its id from the queryset's model."""
    counts = queryset.filter(**{column: OuterRef("pk")}).order_by().values(column).annotate(count=Count("*"))
    return Coalesce(Subquery(counts.values("count")), 0)


def new_concerns_of(column, **conditions):
    """New concerns per school ("student__school_id") or area ("student__area_id")."""
    return _count_per_row(Concern.objects.filter(status=Concern.Status.NEW, **conditions), column)


def overdue_of(column):
    """Overdue action rows of open cases per school ("case__school_id") or area ("case__area_id")."""
    return _count_per_row(ActionItem.objects.overdue().filter(case__status=Case.Status.OPEN), column)


def home_context(request, inbox_count=None, overdue_count=None, class_names=None):
    """`inbox_count`, `overdue_count`: the number of concerns in the user's concern inbox and of
    overdue action rows (cases.views.actions.overdue_for), when the caller has read them
    (crocoos.views.home, with its lists of schools and areas); `class_names`: the names of the
    classes the user teaches, by id, likewise.

    The short lists are read as plain rows (crocoos.compiled_rows: their SQL built once per user
    and day), each made here into the dict its template reads."""
    user = request.user
    access = access_for(user)
    # The user's directory entries, read once for "my actions" and the meeting invitations.
    entries = directory_entries_of(user)
    key = user_key(user, tuple(entries[0]), tuple(entries[1]))
    ctx = {}
    if access.taught_class_ids:
        ctx["concern_form"] = concern_form_html(user, _datalist_options(user, key, access, class_names), request)
        ctx["my_concerns"] = [
            _concern_row(*row)
            for row in rows(
                ("my_concerns", *key),
                lambda: (
                    Concern.objects.visible_to(user)
                    .filter(logged_by=user)
                    .order_by("-date", "-id")
                    .values_list("id", "date", "status", "student__first_name", "student__last_name")[:HOME_ROWS]
                ),
            )
        ]
    coordinates = any(access.is_coordinator_of(school_id) for school_id in access.whole_school_ids)
    if coordinates or access.follow_up_area_ids:
        ctx["inbox_count"] = inbox_count if inbox_count is not None else inbox_concerns(user).count()
    ctx["is_partner"] = access.has_role(Role.EXTERNAL_PARTNER)
    partner_cases = _partner_cases(user, access, entries[0], key)

    def mine():
        if partner_cases is None:
            return actions_for(user, entries)
        return ActionItem.objects.responsible(user, entries).filter(case_id__in=partner_cases)

    def shared():
        if partner_cases is None:
            return Case.objects.visible_to(user)
        return Case.objects.filter(pk__in=partner_cases)

    cases_key = None if partner_cases is None else tuple(partner_cases)
    if access.whole_school_ids or access.follow_up_area_ids:
        overdue, first = _overdue_and_mine(user, (cases_key, *key), mine)
        ctx["overdue_actions"] = [_action_row(*row, url_name="case_detail") for row in overdue]
        if overdue_count is None:
            overdue_count = len(overdue) if len(overdue) < HOME_ROWS else overdue_for(user).count()
        ctx["overdue_count"] = overdue_count
    else:
        first = rows(("my_actions", cases_key, *key), lambda: _first_rows(mine().open()))
    today = timezone.localdate()
    ctx["my_actions"] = [_action_row(*row, url_name="action_update", today=today) for row in first]
    ctx["my_actions_count"] = _total(first)
    if ctx["is_partner"]:
        ctx["shared_cases"] = [
            {"url": row_url("case_detail", pk), "reference": reference, "full_name": f"{first_name} {last_name}"}
            for pk, reference, first_name, last_name in rows(
                ("shared", cases_key, *key),
                lambda: (
                    shared()
                    .filter(status=Case.Status.OPEN)
                    .values_list("id", "reference", "student__first_name", "student__last_name")[: HOME_ROWS * 2]
                ),
            )
        ]
    ctx["upcoming_meetings"], ctx["unanswered_invitations"] = upcoming_meetings(user, partner_ids=entries[0], key=key)
    return ctx


def directory_entries_of(user):
    """cases.models.action.directory_entries, its SQL (the same union) built once per user."""
    found = rows(
        ("directory_entries", user.pk),
        lambda: (
            OutsidePartner.objects.filter(user=user)
            .annotate(kind=Value("partner"))
            .values_list("kind", "pk")
            .order_by()
            .union(
                InSchoolProfessional.objects.filter(user=user)
                .annotate(kind=Value("professional"))
                .order_by()
                .values_list("kind", "pk")
            )
        ),
    )
    return [pk for kind, pk in found if kind == "partner"], [pk for kind, pk in found if kind == "professional"]


def _first_rows(actions, *more):
    """The first action rows by deadline, each with the number of all rows (COUNT(*) OVER (): cheap
    for a user's own rows, read from their index; not for a school's or area's overdue rows, whose
    first few the database finds by walking the index of open rows by deadline); `more`: columns
    after those."""
    return (
        actions.annotate(total=Window(Count("pk")))
        .order_by("deadline", "id")
        .values_list(*ACTION_COLUMNS, "total", *more)[:HOME_ROWS]
    )


def _overdue_and_mine(user, key, mine):
    """The first overdue rows of the user's schools or areas (overdue_for) and the first of their own
    open rows (`mine()`) with their number (_first_rows): one statement (UNION ALL of the two, each
    with its ORDER BY and LIMIT, told apart by a last column) where the database takes a LIMIT in
    each part of a UNION (PostgreSQL; not SQLite: there, two statements, as before). `key`: what
    `mine` reads (the partner's cases), then the user_key."""

    def overdue():
        return overdue_for(user).order_by("deadline", "id")

    if not connections[Case.objects.db].features.supports_slicing_ordering_in_compound:
        first = rows(("my_actions", *key), lambda: _first_rows(mine().open()))
        return rows(("overdue", *key[1:]), lambda: overdue().values_list(*ACTION_COLUMNS)[:HOME_ROWS]), first

    def both():
        columns = (*ACTION_COLUMNS, "total", "list")
        no_total = Value(None, output_field=IntegerField())
        overdue_rows = overdue().annotate(total=no_total, list=Value(0)).values_list(*columns)[:HOME_ROWS]
        own = _first_rows(mine().open().annotate(list=Value(1)), "list")
        return overdue_rows.union(own, all=True).order_by("list", "deadline", "id")

    found = rows(("overdue_and_mine", *key), both)
    return [row[:-2] for row in found if row[-1] == 0], [row[:-1] for row in found if row[-1] == 1]


def _total(first_rows):
    return first_rows[0][-1] if first_rows else 0


def _datalist_options(user, key, access, class_names):
    """cases.views.concerns.datalist_options, its SQL built once per user and day. A teacher who
    sees only their classes' students gets each student's class name from `class_names` (the
    names of the classes they teach, when the caller read them) rather than from a join."""
    only_classes = not (access.whole_school_ids or access.follow_up_area_ids)
    if only_classes and class_names is not None and set(class_names) >= access.taught_class_ids:
        columns = ("first_name", "last_name", "school_class_id", "date_of_birth")
        found = [
            (first, last, class_names[class_id], born)
            for first, last, class_id, born in rows(
                ("datalist_of_classes", *key),
                lambda: concern_students(user).values_list(*columns)[: DATALIST_LIMIT + 1],
            )
        ]
    else:
        found = rows(
            ("datalist", *key), lambda: concern_students(user).values_list(*LABEL_COLUMNS)[: DATALIST_LIMIT + 1]
        )
    if len(found) > DATALIST_LIMIT:
        return []
    return [label_of(f"{first} {last}", class_name, born) for first, last, class_name, born in found]


# The concern form of the home page: cases/_concern_form.html for cases.views.concerns.concern_form
# (unbound), whose markup changes only with the language and a few values. The template is rendered
# once per language (and per empty or filled observer fields) with a stand-in for each value, and
# each page puts the values in their places, escaped as the template escapes them: the same markup
# (tests/cases/test_home_rows.py renders the template beside it), without building the form and
# rendering its fields on every teacher's home page (about 1.5 ms, issue 7).
_SLOT = "\x00concern-form-{}\x00"  # no text the database holds has a NUL
_SLOTS = {name: _SLOT.format(name) for name in ("csrf", "key", "date", "name", "position", "options")}
_frames = {}
_frames_lock = threading.Lock()


def concern_form_html(user, student_options, request, submission_key=None):
    """The markup of cases/_concern_form.html for `concern_form(user)`, its type-ahead list
    `student_options` and the CSRF token of `request`."""
    from django.middleware.csrf import get_token

    values = {
        "name": user.full_name,
        "position": user.position,
        "date": ConcernForm.base_fields["date"].widget.format_value(timezone.localdate()),
        "key": str(submission_key or uuid.uuid4()),
        "csrf": get_token(request),
    }
    frame = _frame(get_language(), bool(values["name"]), bool(values["position"]))
    for name, value in values.items():
        if value:
            frame = frame.replace(_SLOTS[name], html.escape(str(value)))
    options = "".join(f'<option value="{html.escape(label)}"></option>' for label in student_options)
    return SafeString(frame.replace(_SLOTS["options"], options))


def _frame(language, has_name, has_position):
    key = (language, has_name, has_position)
    frame = _frames.get(key)
    if frame is None:
        initial = {
            "observer_name": _SLOTS["name"] if has_name else "",
            "observer_position": _SLOTS["position"] if has_position else "",
            "date": _SLOTS["date"],
            "submission_key": _SLOTS["key"],
        }
        form = ConcernForm(students=[], initial=initial)
        frame = get_template("cases/_concern_form.html").render(
            {"form": form, "student_options": [_SLOTS["options"]], "csrf_token": _SLOTS["csrf"]}
        )
        frame = frame.replace(f'<option value="{_SLOTS["options"]}"></option>', _SLOTS["options"])
        if frame.count(_SLOTS["options"]) != 1 or frame.count(_SLOTS["csrf"]) != 1:
            raise ValueError("cases/_concern_form.html: each value in one place")
        with _frames_lock:
            _frames[key] = frame
    return frame


# Each short list's link and texts, made here once per row with the filters the templates used
# (date, time, truncatechars): the templates' per-row {% url %}, filters and lookups cost several
# times more (issue 7).


# The badge of cases/_concern_status.html per status (its "else": every other status).
_STATUS_BADGES = {Concern.Status.NEW: "text-bg-warning", Concern.Status.NO_CASE: "text-bg-secondary"}


def _concern_row(pk, date, status, first_name, last_name):
    """A row of "My concerns", with its list item made here once: the markup of the loop of
    cases/_home_sections.html with its per-row include of cases/_concern_status.html (issue 7;
    tests/cases/test_home_rows.py renders that template beside it)."""
    row = {
        "url": row_url("concern_detail", pk),
        "date_text": date_filter(date, "SHORT_DATE_FORMAT"),
        "full_name": f"{first_name} {last_name}",
        "status": status,
        "get_status_display": Concern.Status(status).label,
    }
    row["html"] = format_html(
        '<li class="list-group-item d-flex justify-content-between gap-2"><a href="{}">{} – {}</a>'
        '<span class="badge {}">{}</span>\n</li>',
        row["url"],
        row["date_text"],
        row["full_name"],
        _STATUS_BADGES.get(status, "text-bg-success"),
        row["get_status_display"],
    )
    return row


def _action_row(pk, action, deadline, case_id, reference, *_total, url_name, today=None):
    return {
        "url": row_url(url_name, case_id if url_name == "case_detail" else pk),
        "reference": reference,
        "action_short": truncatechars(action, 60),
        "deadline": deadline,
        "deadline_text": date_filter(deadline, "SHORT_DATE_FORMAT") if deadline else "",
        # ActionItem.is_overdue of an open row.
        "is_overdue": today is not None and deadline is not None and deadline < today,
    }


class MeetingRow:
    """What the home page shows of a meeting (Meeting's title, place, date and link): its texts made
    when the page shows them, for the few rows it shows of the user's invitations and meetings."""

    def __init__(self, pk, kind, title, date, start_time, place, status):
        self.pk, self.kind, self.title, self.date, self.start_time = pk, kind, title, date, start_time
        self.place, self.status = place, status

    @cached_property
    def display_title(self):
        return str(self.title or Meeting.Kind(self.kind).label)

    @cached_property
    def url(self):
        return row_url("meeting_detail", self.pk)

    @cached_property
    def when(self):
        return f"{date_filter(self.date, 'SHORT_DATE_FORMAT')} {time_filter(self.start_time, 'H:i')}"


class InvitationRow:
    def __init__(self, response, meeting):
        self.response, self.meeting = response, meeting


def _partner_cases(user, access, partner_ids, key):
    """The ids of the cases an outside partner sees, read once for "my actions" and "cases shared
    with you" (the consent and involvement conditions take ~6 ms to plan and run at 100x); None
    for staff, whose scope is a school or area, not a short list."""
    if not access.has_role(Role.EXTERNAL_PARTNER) or access.student_filter() is not NOTHING:
        return None
    return [
        pk
        for (pk,) in rows(
            ("partner_cases", *key),
            lambda: Case.objects.filter(visible_filter(user, partner_ids=partner_ids)).order_by().values_list("pk"),
        )
    ]


def upcoming_meetings(user, *, partner_ids, limit=HOME_ROWS, key=None):
    """The next meetings the user sees, and their unanswered invitations.

    Both lists come from the user's invitations to meetings to come, and for staff also from the
    meetings of their schools and areas (Meeting.visible_to, without the invitations' subquery)."""
    today = timezone.localdate()
    until = today + datetime.timedelta(days=UPCOMING_DAYS)
    access = access_for(user)
    key = key or user_key(user, tuple(partner_ids))

    def addressed():
        return (
            Invitation.objects.addressed_to(user, partner_ids)
            .filter(meeting__date__gte=today)
            .exclude(meeting__status=Meeting.Status.CANCELLED)
            .order_by("meeting__date", "meeting__start_time", "meeting_id", "id")
        )

    def own_meetings():
        # The meetings of their schools and areas (Meeting.visible_to's other branches), with those
        # they are invited to: the first `limit` by date and start.
        return (
            Meeting.objects.filter(
                any_of(("school_id", access.whole_school_ids), ("area_id", access.follow_up_area_ids)),
                date__gte=today,
                date__lte=until,
            )
            .exclude(status=Meeting.Status.CANCELLED)
            .order_by("date", "start_time", "id")
        )

    staff = bool(access.whole_school_ids or access.follow_up_area_ids)
    invitation_columns = ("response", *(f"meeting__{column}" for column in MEETING_COLUMNS))
    if staff and connections[Meeting.objects.db].features.supports_slicing_ordering_in_compound:
        # Both lists in one statement (UNION ALL, each part with its ORDER BY and LIMIT), told apart
        # by a last column; the school's meetings with no response.
        def both():
            mine = addressed().annotate(list=Value(0)).values_list(*invitation_columns, "list", "id")
            no_response = Value(None, output_field=Invitation._meta.get_field("response"))
            school = own_meetings().annotate(response=no_response, list=Value(1), invitation=Value(0))
            school = school.values_list("response", *MEETING_COLUMNS, "list", "invitation")[:limit]
            order = ("list", "meeting__date", "meeting__start_time", "meeting__id", "id")
            return mine.union(school, all=True).order_by(*order)

        found = rows(("invitations_and_meetings", limit, *key), both)
        invited = [row[:-2] for row in found if row[-2] == 0]
        own = [row[1:-2] for row in found if row[-2] == 1]
    else:
        invited = rows(("invitations", limit, *key), lambda: addressed().values_list(*invitation_columns))
        own = rows(("school_meetings", limit, *key), lambda: own_meetings().values_list(*MEETING_COLUMNS)[:limit])
    meetings, invitations = {}, []
    for response, pk, *meeting in invited:
        row = meetings.get(pk) or MeetingRow(pk, *meeting)
        meetings[pk] = row
        invitations.append(InvitationRow(response, row))
    unanswered = [
        row
        for row in invitations
        if row.response == Invitation.Response.PENDING and row.meeting.status == Meeting.Status.PLANNED
    ][:limit]
    # One entry per meeting (a user may be invited as themself and as their directory entry).
    upcoming = [row for row in meetings.values() if row.date <= until]
    if staff:
        for pk, *meeting in own:
            if pk not in meetings:
                meetings[pk] = MeetingRow(pk, *meeting)
                upcoming.append(meetings[pk])
        upcoming.sort(key=lambda row: (row.date, row.start_time, row.pk))
    return upcoming[:limit], unanswered
