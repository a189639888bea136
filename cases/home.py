"""What the cases app adds to the home page (crocoos.views.home)."""

import datetime

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import time as time_filter
from django.template.defaultfilters import truncatechars
from django.utils import timezone

from cases.models import ActionItem, Case, Concern, Invitation, Meeting
from cases.models.action import directory_entries
from cases.models.case import visible_filter
from crocoos.access import NOTHING, access_for
from crocoos.models import Role
from crocoos.templatetags.crocoos_tags import row_url

from .services.actions import actions_for
from .views.actions import overdue_for
from .views.concerns import concern_form, datalist_options, inbox_concerns

HOME_ROWS = 5
UPCOMING_DAYS = 60

# The columns the home page's short lists show (the rest of each row is left in the database).
ACTION_COLUMNS = ("action", "deadline", "status", "case", "case__reference")
MEETING_COLUMNS = ("kind", "title", "date", "start_time", "place")


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


def home_context(request, inbox_count=None, overdue_count=None):
    """`inbox_count`, `overdue_count`: the number of concerns in the user's concern inbox and of
    overdue action rows (cases.views.actions.overdue_for), when the caller has read them
    (crocoos.views.home, with its lists of schools and areas)."""
    user = request.user
    access = access_for(user)
    # The user's directory entries, read once for "my actions" and the meeting invitations.
    entries = directory_entries(user)
    ctx = {}
    if access.taught_class_ids:
        ctx["concern_form"] = concern_form(user)
        ctx["concern_student_options"] = datalist_options(user)
        ctx["my_concerns"] = list(
            Concern.objects.visible_to(user)
            .filter(logged_by=user)
            .select_related("student")
            .only("date", "status", "student__first_name", "student__last_name")
            .order_by("-date", "-id")[:HOME_ROWS]
        )
    coordinates = any(access.is_coordinator_of(school_id) for school_id in access.whole_school_ids)
    if coordinates or access.follow_up_area_ids:
        ctx["inbox_count"] = inbox_count if inbox_count is not None else inbox_concerns(user).count()
    if access.whole_school_ids or access.follow_up_area_ids:
        overdue = overdue_for(user)
        ctx["overdue_actions"] = list(
            overdue.select_related("case").only(*ACTION_COLUMNS).order_by("deadline", "id")[:HOME_ROWS]
        )
        ctx["overdue_count"] = overdue_count if overdue_count is not None else _count(ctx["overdue_actions"], overdue)
    ctx["is_partner"] = access.has_role(Role.EXTERNAL_PARTNER)
    partner_cases = _partner_cases(user, access, entries[0])
    if partner_cases is None:
        mine, shared = actions_for(user, entries), Case.objects.visible_to(user)
    else:
        mine = ActionItem.objects.responsible(user, entries).filter(case_id__in=partner_cases)
        shared = Case.objects.filter(pk__in=partner_cases)
    mine = mine.open()
    ctx["my_actions"] = list(mine.select_related("case").only(*ACTION_COLUMNS).order_by("deadline", "id")[:HOME_ROWS])
    ctx["my_actions_count"] = _count(ctx["my_actions"], mine)
    if ctx["is_partner"]:
        ctx["shared_cases"] = list(
            shared.filter(status=Case.Status.OPEN)
            .select_related("student")
            .only("reference", "student__first_name", "student__last_name")[: HOME_ROWS * 2]
        )
    ctx["upcoming_meetings"], ctx["unanswered_invitations"] = upcoming_meetings(user, partner_ids=entries[0])
    _add_cells(ctx)
    return ctx


def _add_cells(ctx):
    """Each short list's link and texts, made here once per row with the filters the templates
    used (date, time, truncatechars): the templates' per-row {% url %}, filters and lookups cost
    several times more (issue 7)."""
    for row in ctx.get("my_concerns", ()):
        row.url = row_url("concern_detail", row.pk)
        row.date_text = date_filter(row.date, "SHORT_DATE_FORMAT")
    for row in ctx.get("overdue_actions", ()):
        row.url = row_url("case_detail", row.case_id)
        row.action_short = truncatechars(row.action, 60)
        row.deadline_text = date_filter(row.deadline, "SHORT_DATE_FORMAT")
    for row in ctx.get("my_actions", ()):
        row.url = row_url("action_update", row.pk)
        row.action_short = truncatechars(row.action, 60)
        row.deadline_text = date_filter(row.deadline, "SHORT_DATE_FORMAT") if row.deadline else ""
    meetings = [*ctx.get("upcoming_meetings", ()), *(row.meeting for row in ctx.get("unanswered_invitations", ()))]
    for meeting in meetings:
        meeting.url = row_url("meeting_detail", meeting.pk)
        meeting.when = f"{date_filter(meeting.date, 'SHORT_DATE_FORMAT')} {time_filter(meeting.start_time, 'H:i')}"


def _partner_cases(user, access, partner_ids):
    """The ids of the cases an outside partner sees, read once for "my actions" and "cases shared
    with you" (the consent and involvement conditions take ~6 ms to plan and run at 100x); None
    for staff, whose scope is a school or area, not a short list."""
    if not access.has_role(Role.EXTERNAL_PARTNER) or access.student_filter() is not NOTHING:
        return None
    visible = visible_filter(user, partner_ids=partner_ids)
    return list(Case.objects.filter(visible).order_by().values_list("pk", flat=True))


def upcoming_meetings(user, *, partner_ids, limit=HOME_ROWS):
    """The next meetings the user sees, and their unanswered invitations."""
    today = timezone.localdate()
    until = today + datetime.timedelta(days=UPCOMING_DAYS)
    access = access_for(user)
    invitations = (
        Invitation.objects.addressed_to(user, partner_ids)
        .select_related("meeting")
        .only("response", "meeting", "meeting__status", *(f"meeting__{column}" for column in MEETING_COLUMNS))
    )
    if not (access.whole_school_ids or access.follow_up_area_ids):
        # Only invitations make a meeting visible to this user (Meeting.visible_to): their few
        # invitations to meetings to come give both lists, in one query instead of two.
        rows = list(
            invitations.filter(meeting__date__gte=today)
            .exclude(meeting__status=Meeting.Status.CANCELLED)
            .order_by("meeting__date", "meeting__start_time", "meeting_id")
        )
        # One entry per meeting (a user may be invited as themself and as their directory entry).
        meetings = {row.meeting_id: row.meeting for row in rows if row.meeting.date <= until}
        unanswered = [
            row
            for row in rows
            if row.response == Invitation.Response.PENDING and row.meeting.status == Meeting.Status.PLANNED
        ]
        return list(meetings.values())[:limit], unanswered[:limit]
    meetings = (
        Meeting.objects.visible_to(user, partner_ids)
        .filter(date__gte=today, date__lte=until)
        .exclude(status=Meeting.Status.CANCELLED)
        .only(*MEETING_COLUMNS)
        .order_by("date", "start_time")[:limit]
    )
    unanswered = (
        invitations.filter(response=Invitation.Response.PENDING)
        .filter(meeting__date__gte=today, meeting__status=Meeting.Status.PLANNED)
        .order_by("meeting__date")[:limit]
    )
    return list(meetings), list(unanswered)


def _count(first_rows, queryset):
    """The total, without a COUNT query when the first rows are all there is."""
    return len(first_rows) if len(first_rows) < HOME_ROWS else queryset.count()
