"""Meetings of cross-sectoral cooperation: convening, agenda, invitees, attendance, minutes,
next meeting, summaries. Keyword-only arguments; views stay thin.

The consent rule is not repeated here: `case_can_go_on_agenda` and `consented_case_ids` from
cases.services.consent decide what goes on an agenda and who may read a young person's name.
"""

import datetime
import hashlib
import secrets
from dataclasses import dataclass
from typing import NamedTuple

from django import forms
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import connections, transaction
from django.db.models import Case as CaseWhen
from django.db.models import Exists, F, Func, JSONField, Max, OuterRef, Q, Subquery, Value, When, Window
from django.db.models.functions import Coalesce, JSONArray, RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cases.models import (
    AgendaItem,
    Case,
    CaseEvent,
    Invitation,
    InviteeGroup,
    Meeting,
)
from cases.models.people import ShownPersonMixin
from crocoos.access import access_for
from crocoos.compiled_rows import rows as compiled_rows
from crocoos.models import Municipality, Role, School, User
from directory.models import OutsidePartner, Sector

from .case_page import CaseList
from .consent import case_can_go_on_agenda, consented_case_ids
from .timeline import add_event

MAX_REPETITIONS = 52


class AgendaError(Exception):
    """A case that may not go on this agenda; the message says why (shown to the convenor)."""


# --- convening -------------------------------------------------------------------------------


def may_convene(user):
    """Follow-up officers and EWS coordinators convene meetings."""
    return access_for(user).has_role(Role.FOLLOW_UP_OFFICER, Role.EWS_COORDINATOR)


def repetition_dates(*, start, every_weeks, until):
    """The dates after `start` of a meeting repeated every N weeks until a date (at most a year's worth)."""
    if not every_weeks:
        return []
    dates, step = [], datetime.timedelta(weeks=every_weeks)
    current = start + step
    while current <= until and len(dates) < MAX_REPETITIONS:
        dates.append(current)
        current += step
    return dates


@transaction.atomic
def convene_meeting(
    *,
    convened_by,
    kind,
    date,
    start_time,
    end_time,
    place,
    area,
    school=None,
    title="",
    chair=None,
    repeat_every_weeks=None,
    repeat_until=None,
):
    """Create a meeting (and its repetitions for a regular meeting with a schedule); returns the first."""
    fields = {
        "kind": kind,
        "title": title,
        "start_time": start_time,
        "end_time": end_time,
        "place": place,
        "area": area,
        "school": school,
        "chair": chair,
        "convened_by": convened_by,
        "repeat_every_weeks": repeat_every_weeks,
        "repeat_until": repeat_until if repeat_every_weeks else None,
    }
    meeting = Meeting(date=date, **fields)
    meeting.full_clean()
    meeting.save()
    previous = meeting
    for when in repetition_dates(start=date, every_weeks=repeat_every_weeks, until=repeat_until):
        previous = Meeting.objects.create(date=when, previous=previous, **fields)
    return meeting


@transaction.atomic
def update_meeting(*, meeting, **fields):
    """Change date, time or place; invitees already invited get an update with the same UID."""
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.sequence = F("sequence") + 1
    meeting.save()
    meeting.refresh_from_db()
    if meeting.invitations_sent_at:
        send_invitations(meeting=meeting)
    return meeting


@transaction.atomic
def cancel_meeting(*, meeting):
    """Cancel; invitees already invited get a calendar cancellation (METHOD:CANCEL, same UID)."""
    if meeting.is_cancelled:
        return meeting
    meeting.status = Meeting.Status.CANCELLED
    meeting.sequence = F("sequence") + 1
    meeting.save(update_fields=["status", "sequence"])
    meeting.refresh_from_db()
    if meeting.invitations_sent_at:
        from cases.tasks_meetings import send_invitation

        for invitation_id in meeting.invitations.values_list("pk", flat=True):
            on_commit_enqueue(send_invitation, invitation_id, "CANCEL")
    return meeting


# --- agenda ----------------------------------------------------------------------------------


def agenda_refusal(case, *, meeting):
    """Why `case` may not go on the agenda, or None. Used for the refusal and the disabled list."""
    if case.area_id != meeting.area_id or (meeting.school_id and case.school_id != meeting.school_id):
        return _("The case does not belong to this meeting's school or area.")
    if not case.is_open:
        return _("The case is closed.")
    if not case_can_go_on_agenda(case):
        return _("No valid written consent: the case cannot be discussed.")
    return None


def _next_position(meeting):
    return (meeting.agenda.aggregate(top=Max("position"))["top"] or 0) + 1


@transaction.atomic
def add_case_to_agenda(*, meeting, case, topic="", added_by=None):
    refusal = agenda_refusal(case, meeting=meeting)
    if refusal:
        raise AgendaError(refusal)
    item, created = AgendaItem.objects.get_or_create(
        meeting=meeting, case=case, defaults={"topic": topic, "position": _next_position(meeting)}
    )
    if created:
        add_event(
            case=case,
            kind=CaseEvent.Kind.MEETING,
            actor=added_by,
            message=gettext_noop("On the agenda of %(meeting)s, %(date)s"),
            params={"meeting": meeting.title_label, "date": meeting.date.isoformat()},
        )
    return item


def add_general_item(*, meeting, title, topic=""):
    if not title.strip():
        raise AgendaError(_("A general item needs a title."))
    return AgendaItem.objects.create(
        meeting=meeting, title=title.strip(), topic=topic, position=_next_position(meeting)
    )


@transaction.atomic
def move_agenda_item(*, item, up):
    """Swap the item with its neighbour above (up) or below."""
    items = list(item.meeting.agenda.select_for_update().order_by("position", "id"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    for position, row in enumerate(items, start=1):
        if row.position != position:
            AgendaItem.objects.filter(pk=row.pk).update(position=position)


def remove_agenda_item(*, item):
    if hasattr(item, "minutes") or item.participants.exists():
        raise AgendaError(_("The item has minutes or attendance already; it stays on the agenda."))
    item.delete()


def may_see_name(case, *, invitation):
    """Is this invitee within the case's consent scope (or the case's own school/area team)?"""
    return case.pk in names_shown_to(invitation, [case.pk])


def names_shown_to(invitation, case_ids):
    """Of `case_ids`, the cases whose young person's name this invitee may read (two queries at most)."""
    user = invitation.user if invitation.user_id else None
    shown = set()
    if user is not None:
        shown |= set(Case.objects.editable_by(user).filter(pk__in=case_ids).values_list("pk", flat=True))
    partner = invitation.partner if invitation.partner_id else None
    return shown | consented_case_ids(set(case_ids) - shown, partner=partner, user=user)


@dataclass
class AgendaLine:
    position: int
    label: str
    topic: str
    student_name: str = ""
    is_case: bool = False
    student_id: int | None = None  # set when the name is shown: the audit trail records who saw it


def named_students(lines):
    """Ids of the young people an agenda (as one reader sees it) names."""
    return [line.student_id for line in lines if line.student_id]


@dataclass(frozen=True, slots=True)
class AgendaRow:
    """An agenda item as the meeting page shows it, read as plain values (agenda_rows)."""

    pk: int
    case_id: int | None
    title: str
    topic: str
    reference: str | None
    student_id: int | None
    first_name: str | None
    last_name: str | None
    home_municipality_id: int | None
    home_municipality_name: str | None
    school_municipality_id: int | None
    minutes_id: int | None

    @property
    def student_name(self):
        """Student.full_name of the case's young person."""
        return f"{self.first_name} {self.last_name}"

    @property
    def lives_away(self):
        """Whether the young person lives outside the municipality of the case's school."""
        return bool(self.home_municipality_id) and self.home_municipality_id != self.school_municipality_id


# The meeting page's lists (case_page.CaseList): each read by a statement of its own, compiled once
# for every meeting, or on PostgreSQL as a column of the meeting's own statement (with_lists).
# The agenda: AgendaRow's fields in order.
_AGENDA = CaseList(
    "agenda",
    AgendaItem,
    "meeting_id",
    (
        "pk",
        "case_id",
        "title",
        "topic",
        "case__reference",
        "case__student_id",
        "case__student__first_name",
        "case__student__last_name",
        "case__student__home_municipality_id",
        "case__student__home_municipality__name",
        "case__school__municipality_id",
        "minutes",
    ),
)


def agenda_rows(meeting_id, meeting=None):
    """The meeting's agenda, in its order, as AgendaRow values: from `meeting` when its statement
    read it (with_lists), else by a statement of its own."""
    return [AgendaRow(*row) for row in _AGENDA.rows(meeting, meeting_id)]


@dataclass(frozen=True, slots=True)
class InviteeRow(ShownPersonMixin):
    """An invitation as the meeting page's invitee table shows it, read as plain values (invitee_rows);
    display_name and display_institute as Invitation's (the same linked people)."""

    pk: int
    user_id: int | None
    partner_id: int | None
    name: str
    institute: str
    email: str
    is_core: bool
    response: str
    substitute_name: str
    sent_sequence: int | None
    user_full_name: str | None
    user_email: str | None
    user_position: str | None
    partner_contact_name: str | None
    partner_institute: str | None

    def linked_people(self):
        """Invitation.linked_people from the values."""
        if self.user_id:
            yield self.user_full_name or self.user_email, self.user_position
        if self.partner_id:
            yield self.partner_contact_name or self.partner_institute, self.partner_institute

    @property
    def fallback_name(self):
        return self.email


# InviteeRow's fields in order, in the invitations' order.
_INVITEES = CaseList(
    "invitees",
    Invitation,
    "meeting_id",
    (
        "pk",
        "user_id",
        "partner_id",
        "name",
        "institute",
        "email",
        "is_core",
        "response",
        "substitute_name",
        "sent_sequence",
        "user__full_name",
        "user__email",
        "user__position",
        "partner__contact_name",
        "partner__institute",
    ),
)


def invitee_rows(meeting_id, meeting=None):
    """The meeting's invitations, in their order, as InviteeRow values: from `meeting` when its
    statement read them (with_lists), else by a statement of their own."""
    return [InviteeRow(*row) for row in _INVITEES.rows(meeting, meeting_id)]


# The saved invitee groups of the meeting's area, in their order: (pk, name, kind).
_GROUPS = CaseList("groups", InviteeGroup, "area_id", ("pk", "name", "kind"), outer="area_id")


def invitee_groups(area_id, meeting=None):
    """The saved invitee groups of the area, as (pk, name, kind): from `meeting` (of that area)
    when its statement read them (with_lists), else by a statement of their own."""
    return _GROUPS.rows(meeting, area_id)


PAGE_LISTS = (_AGENDA, _INVITEES, _GROUPS)


def with_lists(meetings):
    """`meetings` with the lists the meeting page shows its convenor (the agenda, the invitations,
    the area's saved groups, the directory entries suggest_home_representatives suggests) as
    columns of their own on PostgreSQL: one statement instead of one per list (issue 7). Elsewhere
    as they are."""
    if connections[meetings.db].vendor != "postgresql":
        return meetings
    lists = {page_list.annotation: page_list.aggregated() for page_list in PAGE_LISTS}
    return meetings.annotate(**lists, **{_HOME_PARTNERS: _home_partners()})


def agenda_for(meeting, *, invitation=None, items=None):
    """The agenda as an invitee reads it: case reference and topic; the name only within consent scope.

    Without an invitation (the convenor's own view and PDFs) names are shown. `items`: the agenda
    items (with their cases and young people) when the caller has read them already.
    """
    lines = []
    items = list(meeting.agenda.select_related("case__student")) if items is None else items
    if invitation is not None:
        named = names_shown_to(invitation, [item.case_id for item in items if item.case_id])
    for number, item in enumerate(items, start=1):
        if item.case_id:
            show = invitation is None or item.case_id in named
            lines.append(
                AgendaLine(
                    number,
                    item.case.reference,
                    item.topic,
                    student_name=item.case.student.full_name if show else "",
                    is_case=True,
                    student_id=item.case.student_id if show else None,
                )
            )
        else:
            lines.append(AgendaLine(number, item.title, item.topic))
    return lines


SUGGESTED_PER_MUNICIPALITY = 5


class SuggestedPartner(NamedTuple):
    """A directory entry suggest_home_representatives suggests: what the page shows of it (its
    str() as OutsidePartner's), read as plain values (making an OutsidePartner costs ~30 µs)."""

    pk: int
    institute: str
    contact_name: str

    def __str__(self):
        return OutsidePartner.label(self.institute, self.contact_name)


def suggest_home_representatives(meeting, items=None):
    """[(agenda row, municipality, [partners], more)] for case items whose young person lives outside
    the school's municipality (one query whatever the agenda's length or the directory's size, two
    when `items`, the meeting's agenda_rows, are not read already; none on PostgreSQL when `meeting`
    was read with them, with_lists). The partners: the municipality's own directory entries of the
    meeting's area not invited yet, those of the municipality sector first, at most
    SUGGESTED_PER_MUNICIPALITY (`more` says there are others, which the invitee search finds), as
    SuggestedPartner values.

    Only what is shown is read (issue 7): the entries are ranked per municipality in SQL
    (ROW_NUMBER() OVER (PARTITION BY municipality ORDER BY sector first, institute, contact name,
    id), or a subquery with that order and a LIMIT per municipality in the meeting's statement),
    the invited ones left out there (NOT EXISTS an invitation of the meeting), one more than shown
    kept to know whether there are others.

    Seed 002: "Representatives from the smaller municipalities are always invited in cases
    concerning one of their own inhabitants."
    """
    items = agenda_rows(meeting.pk) if items is None else items
    away = [item for item in items if item.case_id and item.lives_away]
    if not away:
        return []
    read = getattr(meeting, _HOME_PARTNERS, None)
    if read is not None:
        by_municipality = {
            municipality_id: [tuple(partner) for partner in partners or ()] for municipality_id, partners in read
        }
    else:
        municipalities = tuple(sorted({item.home_municipality_id for item in away}))
        # The same SQL for the same meeting, area and municipalities: compiled once for them (issue 7).
        rows = compiled_rows(
            ("home_representatives", meeting.pk, meeting.area_id, municipalities),
            lambda: _home_representatives(meeting.pk, meeting.area_id, municipalities),
        )
        by_municipality = {}
        for pk, municipality_id, institute, contact_name in rows:
            by_municipality.setdefault(municipality_id, []).append((pk, institute, contact_name))
    suggestions = []
    for item in away:
        found = by_municipality.get(item.home_municipality_id, [])
        shown = [SuggestedPartner(*partner) for partner in found[:SUGGESTED_PER_MUNICIPALITY]]
        home = Municipality(pk=item.home_municipality_id, name=item.home_municipality_name)
        suggestions.append((item, home, shown, len(found) > len(shown)))
    return suggestions


def _suggestion_order():
    """The order of the suggested entries: the municipality sector's first (an entry without a
    sector is one of the others), then the directory's order."""
    others_after = CaseWhen(When(sector__code="municipality", then=Value(0)), default=Value(1))
    return [others_after, F("institute"), F("contact_name"), F("pk")]


def _home_representatives(meeting_id, area_id, municipalities):
    """The values_list of the directory entries suggest_home_representatives shows: per municipality,
    the first SUGGESTED_PER_MUNICIPALITY + 1 not invited to the meeting, the municipality's own
    office first, then the others, each in the directory's order."""
    order = _suggestion_order()
    invited = Invitation.objects.filter(meeting_id=meeting_id, partner_id=OuterRef("pk"))
    return (
        OutsidePartner.objects.filter(area_id=area_id, municipality__in=municipalities, archived_at=None)
        .exclude(Exists(invited))
        .annotate(place=Window(RowNumber(), partition_by=[F("municipality_id")], order_by=[e.asc() for e in order]))
        .filter(place__lte=SUGGESTED_PER_MUNICIPALITY + 1)
        .order_by("municipality_id", *order)
        .values_list("pk", "municipality_id", "institute", "contact_name")
    )


# The meeting's column of suggested entries (with_lists, PostgreSQL).
_HOME_PARTNERS = "_home_partners"


def _home_partners():
    """What _home_representatives reads, as a column of a meeting's statement (OuterRef: the
    meeting): [[municipality id, [[pk, institute, contact name], ...]], ...] for every home
    municipality of a young person of its agenda who lives outside the school's municipality
    (AgendaRow.lives_away), the entries in their order, SUGGESTED_PER_MUNICIPALITY + 1 at most.

    The order (_suggestion_order) as two lists, the municipality sector's entries and then the
    others, each in the directory's order: each walks the partner_home_suggest_idx index from the
    start and stops after the few it keeps, where one list ranked by sector first sorted every
    entry of the municipality (~150 at 100x: 0.38 -> 0.05 ms, issue 7)."""
    invited = Invitation.objects.filter(meeting_id=OuterRef(OuterRef(OuterRef("pk"))), partner_id=OuterRef("pk"))
    # (never NULL: without a municipality sector every entry is one of the others)
    council = Coalesce(Subquery(Sector.objects.filter(code="municipality").order_by().values("pk")[:1]), Value(0))
    entries = (
        OutsidePartner.objects.filter(
            area_id=OuterRef(OuterRef("area_id")), municipality_id=OuterRef("pk"), archived_at=None
        )
        .exclude(Exists(invited))
        .order_by("institute", "contact_name", "pk")
    )

    def first(partners):
        return ArraySubquery(
            partners.values_list(JSONArray("pk", "institute", "contact_name"))[: SUGGESTED_PER_MUNICIPALITY + 1]
        )

    partners = Func(
        first(entries.filter(sector_id=council)),
        first(entries.exclude(sector_id=council)),
        template=f"(%(expressions)s)[1:{SUGGESTED_PER_MUNICIPALITY + 1}]",
        arg_joiner=" || ",
        output_field=ArrayField(JSONField()),
    )
    # (exclude() keeps the items of a school without a municipality, as lives_away does)
    lives_away = AgendaItem.objects.filter(
        meeting_id=OuterRef(OuterRef("pk")), case__student__home_municipality_id=OuterRef("pk")
    ).exclude(case__school__municipality_id=OuterRef("pk"))
    municipalities = (
        Municipality.objects.filter(Exists(lives_away)).order_by("pk").values_list(JSONArray("pk", partners))
    )
    return Func(ArraySubquery(municipalities), function="to_jsonb", output_field=JSONField())


# --- invitees --------------------------------------------------------------------------------


def invite(*, meeting, user=None, partner=None, email="", name="", institute="", is_core=True):
    """Add one invitee (the same user or partner twice is one invitation)."""
    if user is not None:
        invitation, _created = Invitation.objects.get_or_create(
            meeting=meeting, user=user, defaults={"is_core": is_core}
        )
    elif partner is not None:
        invitation, _created = Invitation.objects.get_or_create(
            meeting=meeting, partner=partner, defaults={"is_core": is_core, "user": None}
        )
    else:
        if not email:
            raise ValidationError(_("Give an e-mail address."))
        invitation, _created = Invitation.objects.get_or_create(
            meeting=meeting,
            email=email.strip().lower(),
            user=None,
            partner=None,
            defaults={"name": name, "institute": institute, "is_core": is_core},
        )
    return invitation


@transaction.atomic
def invite_group(*, meeting, group):
    core = group.kind == group.Kind.CORE
    invited = [invite(meeting=meeting, partner=partner, is_core=core) for partner in group.partners.all()]
    invited += [invite(meeting=meeting, user=user, is_core=core) for user in group.users.all()]
    return invited


def new_token(invitation):
    """A fresh link token for the e-mail; only its hash is kept (an older link stops working)."""
    token = secrets.token_urlsafe(32)
    invitation.token_hash = _hash(token)
    invitation.save(update_fields=["token_hash"])
    return token


def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_for_token(token):
    if not token or len(token) > 100:
        return None
    return (
        Invitation.objects.select_related("meeting", "partner", "user")
        .filter(token_hash=_hash(token))
        .exclude(token_hash="")
        .first()
    )


def respond(*, invitation, response, substitute_name=""):
    if response not in Invitation.Response.values or response == Invitation.Response.PENDING:
        raise ValidationError(_("Choose an answer."))
    if response == Invitation.Response.SUBSTITUTE and not substitute_name.strip():
        raise ValidationError(_("Say who comes instead of you."))
    invitation.response = response
    invitation.substitute_name = substitute_name.strip() if response == Invitation.Response.SUBSTITUTE else ""
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["response", "substitute_name", "responded_at"])
    return invitation


def account_of(entry):
    """The user account behind an invitation or attendance line: its user, or its partner entry's user."""
    if entry.user_id:
        return entry.user
    if entry.partner_id and entry.partner.user_id:
        return entry.partner.user
    return None


def on_commit_enqueue(task, *args):
    transaction.on_commit(lambda: task.enqueue(*args))


@transaction.atomic
def send_invitations(*, meeting):
    """Queue the invitation e-mails (agenda + .ics) for the background worker; returns how many."""
    from cases.tasks_meetings import send_invitation

    meeting.invitations_sent_at = timezone.now()
    meeting.save(update_fields=["invitations_sent_at"])
    ids = list(meeting.invitations.values_list("pk", flat=True))
    for invitation_id in ids:
        on_commit_enqueue(send_invitation, invitation_id, "REQUEST")
    return len(ids)


@transaction.atomic
def group_area_ids(user):
    """Areas whose saved invitee groups the user looks after: where they convene meetings."""
    access = access_for(user)
    coordinated = School.objects.filter(id__in=access.school_ids_with(Role.EWS_COORDINATOR))
    return access.follow_up_area_ids | set(coordinated.values_list("area_id", flat=True))


def invitable_users(area):
    """Staff of the area's schools and follow-up service (EWS teams, follow-up officers)."""
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(memberships__area=area, memberships__role=Role.FOLLOW_UP_OFFICER)
            | Q(memberships__school__area=area, memberships__role__in=(Role.EWS_COORDINATOR, Role.EWS_MEMBER))
        )
        .distinct()
        .order_by("full_name")
    )


def save_invitees_as_group(*, meeting, name, kind):
    """Keep the meeting's invitees (users and directory partners) as a saved group of its area."""
    name = name.strip()
    if not name:
        raise ValidationError(_("Give the group a name."))
    # Too long, or a NUL character: the form field's own messages.
    name = forms.CharField(max_length=InviteeGroup._meta.get_field("name").max_length).clean(name)
    group, _created = InviteeGroup.objects.get_or_create(area=meeting.area, name=name, defaults={"kind": kind})
    group.kind = kind
    group.save(update_fields=["kind"])
    invitations = meeting.invitations.all()
    group.partners.set([i.partner_id for i in invitations if i.partner_id])
    group.users.set([i.user_id for i in invitations if i.user_id])
    return group
