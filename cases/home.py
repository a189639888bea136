"""What the cases app adds to the home page (crocoos.views.home)."""

import datetime
import html
import threading
import uuid
from functools import cached_property

from django.db import connections
from django.db.models import Count, F, IntegerField, Lookup, OuterRef, Q, Subquery, Value, Window
from django.db.models.functions import Cast, Coalesce
from django.middleware.csrf import get_token
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
from crocoos.templatetags.crocoos_tags import html_format, row_url, shortened
from directory.models import InSchoolProfessional, OutsidePartner

from .forms.concerns import LABEL_COLUMNS, ConcernForm, label_of
from .templatetags.case_tags import _dates_of_language
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


def home_context(request, page_parts=None, read_page_parts=None):
    """`page_parts`: the Parts of the rest of the home page (crocoos.views.home: classes, schools,
    areas, administration counts), read in the same statement as this one's; `read_page_parts`
    makes their rows into that part of the page and returns what it read for this one: the number
    of concerns in the user's concern inbox ("inbox_count") and of overdue action rows
    (cases.views.actions.overdue_for: "overdue_count") when it could count them, and the names of
    the classes the user teaches, by id ("class_names").

    The short lists are read as plain rows (crocoos.compiled_rows: their SQL built once per user
    and day), each made here into the dict its template reads."""
    user = request.user
    access = access_for(user)
    ctx = {}
    coordinates = any(access.is_coordinator_of(school_id) for school_id in access.whole_school_ids)
    ctx["is_partner"] = access.has_role(Role.EXTERNAL_PARTNER)
    # The user's directory entries, for "my actions" and the meeting invitations: read in the
    # statement of the lists where it can (entries None: see entries_in_statement), else read once here.
    if entries_in_statement(access):
        entries, partner_cases = None, None
        key = user_key(user, "entries in the statement")
    else:
        entries = directory_entries_of(user)
        key = user_key(user, tuple(entries[0]), tuple(entries[1]))
        partner_cases = _partner_cases(user, access, entries[0], key)
    staff = bool(access.whole_school_ids or access.follow_up_area_ids)

    def mine():
        if partner_cases is None:  # services.actions.actions_for
            return _responsible(user, entries).filter(visible_filter(user, "case__"))
        return _responsible(user, entries).filter(case_id__in=partner_cases)

    def shared():
        if partner_cases is None:
            return Case.objects.visible_to(user)
        return Case.objects.filter(pk__in=partner_cases)

    # Every list of the page in one statement (see in_one).
    parts = dict(page_parts or {})
    if access.taught_class_ids:
        parts.update(_datalist_part(user, access, "my_classes" in parts))
        parts["my_concerns"] = Part(
            lambda: Concern.objects.visible_to(user).filter(logged_by=user),
            ("id", "date", "status", "student__first_name", "student__last_name"),
            ("-date", "-id"),
            HOME_ROWS,
        )
    if staff:
        parts["overdue"] = Part(lambda: overdue_for(user), ACTION_COLUMNS, ("deadline", "id"), HOME_ROWS)
    # The user's first open rows by deadline, each with the number of all of them (COUNT(*) OVER ():
    # cheap for a user's own rows, read from their index; not for a school's or area's overdue rows,
    # whose first few the database finds by walking the index of open rows by deadline).
    parts["my_actions"] = Part(
        lambda: mine().open(), (*ACTION_COLUMNS, ("total", lambda: Window(Count("pk")))), ("deadline", "id"), HOME_ROWS
    )
    if ctx["is_partner"]:
        parts["shared"] = Part(
            lambda: shared().filter(status=Case.Status.OPEN),
            ("id", "reference", "student__first_name", "student__last_name", "date"),
            ("-date", "-id"),  # Case's own ordering
            HOME_ROWS * 2,
        )
    parts.update(_meeting_parts(user, access, None if entries is None else entries[0], HOME_ROWS))
    cases_key = None if partner_cases is None else tuple(partner_cases)
    found = in_one((cases_key, *key), parts)
    read = read_page_parts(found) if read_page_parts else {}
    inbox_count, overdue_count = read.get("inbox_count"), read.get("overdue_count")
    if inbox_count is None and (coordinates or access.follow_up_area_ids):
        inbox_count = inbox_concerns(user).count()
    if inbox_count is not None:
        ctx["inbox_count"] = inbox_count

    if access.taught_class_ids:
        ctx["concern_student_options"] = _datalist_options(user, key, found, read.get("class_names", {}))
        ctx["concern_form"] = concern_form_html(user, ctx["concern_student_options"], get_token(request))
        ctx["my_concerns"] = [_concern_row(*row) for row in found["my_concerns"]]
    if staff:
        overdue = found["overdue"]
        ctx["overdue_actions"] = [_action_row(*row, url_name="case_detail") for row in overdue]
        if overdue_count is None:
            overdue_count = len(overdue) if len(overdue) < HOME_ROWS else overdue_for(user).count()
        ctx["overdue_count"] = overdue_count
    first = found["my_actions"]
    today = timezone.localdate()
    ctx["my_actions"] = [_action_row(*row, url_name="action_update", today=today) for row in first]
    ctx["my_actions_count"] = _total(first)
    if ctx["is_partner"]:
        ctx["shared_cases"] = [
            {"url": row_url("case_detail", pk), "reference": reference, "full_name": f"{first_name} {last_name}"}
            for pk, reference, first_name, last_name, _date in found["shared"]
        ]
    ctx["upcoming_meetings"], ctx["unanswered_invitations"] = _meeting_lists(user, access, found, HOME_ROWS)
    return ctx


def entries_in_statement(access):
    """Whether the home page reads the user's directory entries in the statement of its lists
    (in_one) rather than in one of their own before it: on PostgreSQL, for every user but external
    partners (whose visible cases are read first from their entries: _partner_cases). Each list
    that names them has "column = ANY(ARRAY(SELECT id … WHERE user = …))" (_AnyOf): the database
    reads the entries once and answers from the column's index as from a list of ids written into
    the statement (issue 7: a round trip less on every home page built)."""
    return connections[Case.objects.db].vendor == "postgresql" and not access.has_role(Role.EXTERNAL_PARTNER)


class _AnyOf(Lookup):
    """`lhs = ANY(ARRAY(rhs))`, `rhs` a subquery of ids (PostgreSQL)."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = compiler.compile(self.rhs)
        return f"{lhs} = ANY(ARRAY{rhs})", (*lhs_params, *rhs_params)


def _entry_ids(model, user):
    return Subquery(model.objects.filter(user=user).order_by().values("pk"))


def _responsible(user, entries):
    """ActionItem.objects.responsible(user, entries); `entries` None: read in the statement."""
    if entries is not None:
        return ActionItem.objects.responsible(user, entries)
    return ActionItem.objects.filter(
        Q(responsible_user=user)
        | Q(_AnyOf(F("responsible_partner_id"), _entry_ids(OutsidePartner, user)))
        | Q(_AnyOf(F("responsible_professional_id"), _entry_ids(InSchoolProfessional, user)))
    )


def _addressed_to(user, partner_ids):
    """Invitation.objects.addressed_to(user, partner_ids); `partner_ids` None: read in the statement."""
    if partner_ids is not None:
        return Invitation.objects.addressed_to(user, partner_ids)
    return Invitation.objects.filter(Q(user=user) | Q(_AnyOf(F("partner_id"), _entry_ids(OutsidePartner, user))))


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


class Part:
    """A short list of the home page, for in_one: `build()` returns its queryset (not yet sliced or
    made values); `columns` are what its values_list would name, each a name or, for a computed
    one, a (name, function returning its expression) pair; `order`: names among them ("-" for
    descending), None for the queryset's own; `limit`: how many rows at most (None: all).

    Nothing is built until the statement is compiled (compiled_rows.rows: once per user and day);
    building querysets and expressions costs more than reading most of these lists (issue 7)."""

    def __init__(self, build, columns, order, limit):
        self.build, self.columns, self.order, self.limit = build, columns, order, limit

    def names(self):
        return [column if isinstance(column, str) else column[0] for column in self.columns]

    def order_terms(self):
        return self.order if self.order is not None else self.build().query.order_by

    def queryset(self, aliases=None, more=None, select=None, ordered=True):
        """The list as values_list rows, its columns named `aliases` (else their own names), with
        the expressions of `more` ({name: expression}); `select`: the names in their order (else
        the columns, then `more`); `ordered`: False leaves the rows of a list without a limit
        unordered (a part of a UNION, ordered as a whole)."""
        names = self.names()
        aliases = aliases or names
        annotations = dict(more or {})
        for alias, column in zip(aliases, self.columns, strict=True):
            if not isinstance(column, str):
                annotations[alias] = column[1]()
            elif alias != column:
                annotations[alias] = F(column)
        order = []
        for term in self.order_terms():
            alias = aliases[names.index(term.lstrip("-"))]
            order.append(f"-{alias}" if term.startswith("-") else alias)
        queryset = self.build().annotate(**annotations).order_by(*(order if ordered or self.limit else ()))
        queryset = queryset.values_list(*(select or [*aliases, *(more or {})]))
        return queryset[: self.limit] if self.limit is not None else queryset


def in_one(key, parts):
    """{name: its rows} of the lists `parts` ({name: Part}), read through compiled_rows.rows (`key`
    names what the parts read besides the names: see compiled_rows.user_key), in one statement.

    The home page's lists are short and each costs a round trip to the database and its planning
    (0.4-0.8 ms at 100x, issue 7): here they are one UNION ALL, each part in parentheses with its
    own ORDER BY and LIMIT, its columns side by side with the other parts' (NULL there) and the
    number of the part last; the whole ordered by that number, then by each part's own order. Where
    the database takes no LIMIT in a part of a UNION (SQLite), each list is a statement of its own."""
    names = list(parts)
    if len(names) < 2 or not connections[Case.objects.db].features.supports_slicing_ordering_in_compound:
        return {name: rows((name, *key), part.queryset) for name, part in parts.items()}
    spans, start = {}, 0
    for name in names:
        spans[name] = (start, start + len(parts[name].columns))
        start = spans[name][1]

    def union():
        aliases = {name: [f"in_one_{column}" for column in range(*spans[name])] for name in names}
        # Each column's type, for the NULLs that stand for it in the other parts.
        types = {}
        for name in names:
            query = parts[name].queryset(aliases[name]).query
            types.update((alias, query.annotations[alias].output_field) for alias in aliases[name])
        querysets = []
        for number, name in enumerate(names):
            # Cast: a NULL no part gives a type would be text in the union of the parts before.
            others = {alias: Cast(None, types[alias]) for alias in types if alias not in aliases[name]}
            more = {**others, "in_one_part": Value(number, output_field=IntegerField())}
            querysets.append(parts[name].queryset(aliases[name], more, select=[*types, "in_one_part"], ordered=False))
        order = ["in_one_part"]
        for name in names:
            part_names = parts[name].names()
            for term in parts[name].order_terms():
                alias = aliases[name][part_names.index(term.lstrip("-"))]
                order.append(f"-{alias}" if term.startswith("-") else alias)
        return querysets[0].union(*querysets[1:], all=True).order_by(*order)

    found = {name: [] for name in names}
    for row in rows(("in_one", tuple(names), *key), union):
        name = names[row[-1]]
        found[name].append(row[slice(*spans[name])])
    return found


def _total(first_rows):
    return first_rows[0][-1] if first_rows else 0


def _datalist_part(user, access, with_classes):
    """cases.views.concerns.datalist_options as a Part. A teacher who sees only their classes'
    students gets each student's class name from the page's list of the classes they teach (when
    `with_classes`: read in the same statement) rather than from a join."""
    only_classes = not (access.whole_school_ids or access.follow_up_area_ids)
    if only_classes and with_classes:
        columns = ("first_name", "last_name", "school_class_id", "date_of_birth")
        return {"datalist_of_classes": Part(lambda: concern_students(user), columns, None, DATALIST_LIMIT + 1)}
    return {"datalist": Part(lambda: concern_students(user), LABEL_COLUMNS, None, DATALIST_LIMIT + 1)}


def _datalist_options(user, key, found, class_names):
    """The type-ahead's labels from the rows of _datalist_part; `class_names`: the names of the
    classes the user teaches, by id."""
    students = found.get("datalist")
    if students is None:
        of_classes = found["datalist_of_classes"]
        if all(class_id in class_names for _first, _last, class_id, _born in of_classes):
            students = [(first, last, class_names[pk], born) for first, last, pk, born in of_classes]
        else:  # a class that was not in the list of classes (changed in between): the join
            part = _datalist_part(user, access_for(user), False)["datalist"]
            students = rows(("datalist", *key), part.queryset)
    if len(students) > DATALIST_LIMIT:
        return []
    return [label_of(f"{first} {last}", class_name, born) for first, last, class_name, born in students]


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


def concern_form_html(user, student_options, csrf_token, submission_key=None):
    """The markup of cases/_concern_form.html for `concern_form(user)` (its `submission_key`, else
    a new one), its type-ahead list `student_options` and `csrf_token` (the request's)."""
    values = {
        "name": user.full_name,
        "position": user.position,
        "date": ConcernForm.base_fields["date"].widget.format_value(timezone.localdate()),
        "key": str(submission_key or uuid.uuid4()),
        "csrf": csrf_token,
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
        "date_text": _dates_of_language()[date],
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
    row = {
        "url": row_url(url_name, case_id if url_name == "case_detail" else pk),
        "reference": reference,
        "action_short": shortened(action, 60),
        "deadline": deadline,
        # the date filter's SHORT_DATE_FORMAT, each date's text made once per language
        "deadline_text": _dates_of_language()[deadline] if deadline else "",
        # ActionItem.is_overdue of an open row.
        "is_overdue": today is not None and deadline is not None and deadline < today,
    }
    # The list item of cases/_home_sections.html's loop (tests/cases/test_home_rows.py).
    if url_name == "case_detail":  # "Cases to look after": overdue rows
        row["html"] = html_format(
            '<li class="list-group-item"><a href="{}">{}</a> – {} <span class="badge text-bg-danger">{}</span></li>',
            row["url"],
            reference,
            row["action_short"],
            row["deadline_text"],
        )
    else:  # "My actions"
        badge = ""
        if deadline:
            colour = "text-bg-danger" if row["is_overdue"] else "text-bg-secondary"
            badge = html_format('<span class="badge {}">{}</span>', colour, row["deadline_text"])
        row["html"] = html_format(
            '<li class="list-group-item"><a href="{}">{} – {}</a>\n        {}</li>',
            row["url"],
            reference,
            row["action_short"],
            badge,
        )
    return row


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
        # The date filter's SHORT_DATE_FORMAT (once per language and date) and the time filter's "H:i".
        return f"{_dates_of_language()[self.date]} {self.start_time:%H:%M}"

    # The list items of cases/meetings/_home_meetings.html's loops (tests/cases/test_home_rows.py).

    @cached_property
    def html(self):
        """An upcoming meeting."""
        return html_format(
            '<li class="list-group-item"><a href="{}">{} – {}</a>\n'
            '        <div class="small text-body-secondary">{}</div></li>',
            self.url,
            self.when,
            self.display_title,
            self.place,
        )

    @cached_property
    def invitation_html(self):
        """An unanswered invitation to the meeting."""
        return html_format(
            '<li class="list-group-item"><a href="{}">{} – {}</a></li>', self.url, self.when, self.display_title
        )


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
    access = access_for(user)
    key = key or user_key(user, tuple(partner_ids))
    found = in_one((limit, *key), _meeting_parts(user, access, partner_ids, limit))
    return _meeting_lists(user, access, found, limit)


def _meeting_parts(user, access, partner_ids, limit):
    """upcoming_meetings' Parts: the user's invitations to meetings to come (all of them: the
    unanswered ones however far ahead), and for staff the first `limit` meetings of their schools
    and areas in the next UPCOMING_DAYS. `partner_ids` None: the user's outside-partner entries
    read in the statement (entries_in_statement)."""
    today = timezone.localdate()
    parts = {
        "invitations": Part(
            lambda: (
                _addressed_to(user, partner_ids)
                .filter(meeting__date__gte=today)
                .exclude(meeting__status=Meeting.Status.CANCELLED)
            ),
            ("response", *(f"meeting__{column}" for column in MEETING_COLUMNS), "id"),
            ("meeting__date", "meeting__start_time", "meeting__id", "id"),
            None,
        )
    }
    if access.whole_school_ids or access.follow_up_area_ids:
        # The meetings of their schools and areas (Meeting.visible_to's other branches), with those
        # they are invited to: the first `limit` by date and start.
        parts["school_meetings"] = Part(
            lambda: Meeting.objects.filter(
                any_of(("school_id", access.whole_school_ids), ("area_id", access.follow_up_area_ids)),
                date__gte=today,
                date__lte=today + datetime.timedelta(days=UPCOMING_DAYS),
            ).exclude(status=Meeting.Status.CANCELLED),
            MEETING_COLUMNS,
            ("date", "start_time", "id"),
            limit,
        )
    return parts


def _meeting_lists(user, access, found, limit):
    until = timezone.localdate() + datetime.timedelta(days=UPCOMING_DAYS)
    meetings, invitations = {}, []
    for response, pk, *meeting, _invitation in found["invitations"]:
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
    if "school_meetings" in found:
        for pk, *meeting in found["school_meetings"]:
            if pk not in meetings:
                meetings[pk] = MeetingRow(pk, *meeting)
                upcoming.append(meetings[pk])
        upcoming.sort(key=lambda row: (row.date, row.start_time, row.pk))
    return upcoming[:limit], unanswered
