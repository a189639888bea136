"""Meetings of cross-sectoral cooperation: convening, agenda, invitees, attendance, minutes,
next meeting, summaries. Keyword-only arguments; views stay thin.

The consent rule is not repeated here: `case_can_go_on_agenda` and `consent_allows…` from
cases.services.consent decide what goes on an agenda and who may read a young person's name.
"""

import base64
import binascii
import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Case,
    CaseEvent,
    CasePresence,
    Invitation,
    Meeting,
    MinutesItem,
    Target,
)
from crocoos.access import access_for
from crocoos.models import Role
from directory.models import OutsidePartner

from .consent import case_can_go_on_agenda, consent_allows, consent_allows_user
from .timeline import add_event

MAX_SIGNATURE_BYTES = 200 * 1024
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
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
            _on_commit_enqueue(send_invitation, invitation_id, "CANCEL")
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
            summary=_("On the agenda of %(meeting)s, %(date)s")
            % {"meeting": meeting.display_title, "date": meeting.date.isoformat()},
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
    if invitation.user_id and Case.objects.editable_by(invitation.user).filter(pk=case.pk).exists():
        return True
    if invitation.partner_id and consent_allows(case, partner=invitation.partner):
        return True
    return bool(invitation.user_id) and consent_allows_user(case, user=invitation.user)


@dataclass
class AgendaLine:
    position: int
    label: str
    topic: str
    student_name: str = ""
    is_case: bool = False


def agenda_for(meeting, *, invitation=None):
    """The agenda as an invitee reads it: case reference and topic; the name only within consent scope.

    Without an invitation (the convenor's own view and PDFs) names are shown.
    """
    lines = []
    items = meeting.agenda.select_related("case__student")
    for number, item in enumerate(items, start=1):
        if item.case_id:
            show = invitation is None or may_see_name(item.case, invitation=invitation)
            lines.append(
                AgendaLine(
                    number,
                    item.case.reference,
                    item.topic,
                    student_name=item.case.student.full_name if show else "",
                    is_case=True,
                )
            )
        else:
            lines.append(AgendaLine(number, item.title, item.topic))
    return lines


def suggest_home_representatives(meeting):
    """[(case, [partners])] for case items whose young person lives outside the school's municipality.

    Seed 002: "Representatives from the smaller municipalities are always invited in cases
    concerning one of their own inhabitants."
    """
    invited = set(meeting.invitations.exclude(partner=None).values_list("partner_id", flat=True))
    suggestions = []
    for item in meeting.agenda.exclude(case=None).select_related(
        "case__student__home_municipality", "case__school__municipality"
    ):
        home = item.case.student.home_municipality
        school_municipality = item.case.school.municipality_id if item.case.school_id else None
        if home is None or home.pk == school_municipality:
            continue
        partners = [
            partner
            for partner in OutsidePartner.objects.filter(municipality=home, archived_at=None).order_by(
                "institute", "contact_name"
            )
            if partner.pk not in invited
        ]
        suggestions.append((item.case, home, partners))
    return suggestions


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


def _on_commit_enqueue(task, *args):
    transaction.on_commit(lambda: task.enqueue(*args))


@transaction.atomic
def send_invitations(*, meeting):
    """Queue the invitation e-mails (agenda + .ics) for the background worker; returns how many."""
    from cases.tasks_meetings import send_invitation

    meeting.invitations_sent_at = timezone.now()
    meeting.save(update_fields=["invitations_sent_at"])
    ids = list(meeting.invitations.values_list("pk", flat=True))
    for invitation_id in ids:
        _on_commit_enqueue(send_invitation, invitation_id, "REQUEST")
    return len(ids)


# --- attendance ------------------------------------------------------------------------------


def signature_from_data_url(data_url):
    """The PNG bytes of a signature pad's `data:image/png;base64,…`; ValidationError otherwise."""
    prefix = "data:image/png;base64,"
    if not data_url.startswith(prefix):
        raise ValidationError(gettext_lazy("The signature is not a PNG image."), code="signature_type")
    encoded = data_url[len(prefix) :]
    if len(encoded) > MAX_SIGNATURE_BYTES * 4 // 3 + 4:
        raise ValidationError(gettext_lazy("The signature image is too large."), code="signature_size")
    try:
        data = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise ValidationError(gettext_lazy("The signature could not be read."), code="signature_broken") from None
    if not data.startswith(PNG_SIGNATURE) or len(data) > MAX_SIGNATURE_BYTES:
        raise ValidationError(gettext_lazy("The signature is not a PNG image."), code="signature_type")
    return data


def attendance_from_invitations(meeting):
    """One attendance line per invitee who has none yet (the sheet starts from the invitation list)."""
    have = set(meeting.attendance.exclude(invitation=None).values_list("invitation_id", flat=True))
    top = meeting.attendance.aggregate(top=Max("position"))["top"] or 0
    for invitation in meeting.invitations.select_related("user", "partner").exclude(pk__in=have):
        if invitation.response == Invitation.Response.DECLINE:
            continue
        top += 1
        substitute = invitation.response == Invitation.Response.SUBSTITUTE
        Attendance.objects.create(
            meeting=meeting,
            invitation=invitation,
            user=None if substitute else invitation.user,
            partner=invitation.partner,
            name=invitation.substitute_name if substitute else invitation.display_name,
            institute=invitation.display_institute,
            email="" if substitute else invitation.address,
            position=top,
        )


@transaction.atomic
def record_attendance(*, meeting, lines, recorded_by=None):
    """Save the sheet. `lines`: dicts with attendance (or None for a new line), name, institute, email,
    present, signed_on_paper, signature (PNG bytes or None to keep) and items (agenda items taken part in).

    Each case item's "present" list (CasePresence) is filled from the people present who took part.
    """
    top = meeting.attendance.aggregate(top=Max("position"))["top"] or 0
    for line in lines:
        row = line.get("attendance")
        if row is None:
            if not line.get("name", "").strip():
                continue
            top += 1
            row = Attendance(meeting=meeting, position=top)
        row.name = line.get("name", row.name).strip() or row.name
        row.institute = line.get("institute", row.institute)
        row.email = line.get("email", row.email)
        row.present = bool(line.get("present"))
        row.signed_on_paper = bool(line.get("signed_on_paper"))
        if line.get("signature"):
            row.signature = line["signature"]
        row.save()
        row.items.set([item for item in line.get("items", []) if item.meeting_id == meeting.pk and item.case_id])
    _fill_case_presence(meeting)
    if meeting.status == Meeting.Status.PLANNED and meeting.date <= timezone.localdate():
        meeting.status = Meeting.Status.HELD
        meeting.save(update_fields=["status"])


def _fill_case_presence(meeting):
    for item in meeting.agenda.exclude(case=None).select_related("case"):
        existing = set(CasePresence.objects.filter(case=item.case).values_list("name", "institute"))
        top = CasePresence.objects.filter(case=item.case).aggregate(top=Max("position"))["top"] or 0
        for row in item.participants.filter(present=True).order_by("position", "id"):
            if (row.name, row.institute) in existing:
                continue
            top += 1
            CasePresence.objects.create(
                case=item.case,
                name=row.name,
                institute=row.institute,
                user=row.user,
                outside_partner=row.partner,
                position=top,
            )
            existing.add((row.name, row.institute))


# --- minutes ---------------------------------------------------------------------------------

ACTION_FIELDS = ("action", "responsible_institute", "responsible_name", "deadline", "expected_result")


@transaction.atomic
def save_minutes(*, item, recorded_by, notes="", professionals_view="", targets="", actions=()):
    """Save one item's minutes. For a case item: the professionals' view goes to the case, new
    targets are added, and `actions` (dicts of ACTION_FIELDS, with "row" for an existing row and
    "delete") become rows of the case's action plan with this meeting as their source.
    """
    minutes, _created = MinutesItem.objects.get_or_create(agenda_item=item)
    minutes.notes, minutes.professionals_view, minutes.targets = notes, professionals_view, targets
    minutes.save()
    if not item.case_id:
        return minutes
    case = Case.objects.select_for_update().get(pk=item.case_id)
    if professionals_view.strip() and professionals_view.strip() != case.professionals_view.strip():
        case.professionals_view = professionals_view.strip()
        case.version = F("version") + 1
        case.save(update_fields=["professionals_view", "version", "updated_at"])
    known = set(case.targets.values_list("text", flat=True))
    top = case.targets.aggregate(top=Max("position"))["top"] or 0
    for text in (line.strip() for line in targets.splitlines()):
        if text and text not in known:
            top += 1
            Target.objects.create(case=case, text=text, position=top)
            known.add(text)
    _save_action_rows(case=case, meeting=item.meeting, actions=actions)
    add_event(
        case=case,
        kind=CaseEvent.Kind.MEETING,
        actor=recorded_by,
        summary=_("Minutes of %(meeting)s, %(date)s")
        % {"meeting": item.meeting.display_title, "date": item.meeting.date.isoformat()},
    )
    return minutes


def _save_action_rows(*, case, meeting, actions):
    top = case.actions.aggregate(top=Max("position"))["top"] or 0
    for data in actions:
        row = data.get("row")
        if row is not None and (row.case_id != case.pk or row.source_meeting_id != meeting.pk):
            continue  # only this meeting's rows of this case are edited from its minutes
        if data.get("delete"):
            if row is not None:
                row.delete()
            continue
        if not (data.get("action") or "").strip():
            continue
        if row is None:
            top += 1
            row = ActionItem(case=case, source_meeting=meeting, position=top)
        for name in ACTION_FIELDS:
            setattr(row, name, data.get(name) or ("" if name != "deadline" else None))
        row.save()


@transaction.atomic
def set_next_meeting(*, meeting, date, start_time, end_time, convened_by):
    """The next meeting from the minutes: same kind, place and invitees; open consented cases carried over."""
    following = convene_meeting(
        convened_by=convened_by,
        kind=meeting.kind,
        title=meeting.title,
        date=date,
        start_time=start_time,
        end_time=end_time,
        place=meeting.place,
        area=meeting.area,
        school=meeting.school,
        chair=meeting.chair,
    )
    following.previous = meeting
    following.save(update_fields=["previous"])
    for invitation in meeting.invitations.all():
        Invitation.objects.create(
            meeting=following,
            user=invitation.user,
            partner=invitation.partner,
            email=invitation.email,
            name=invitation.name,
            institute=invitation.institute,
            is_core=invitation.is_core,
        )
    for item in meeting.agenda.exclude(case=None).select_related("case"):
        if agenda_refusal(item.case, meeting=following) is None:
            add_case_to_agenda(meeting=following, case=item.case, topic=_("Follow-up"), added_by=convened_by)
    return following


# --- summaries -------------------------------------------------------------------------------


@dataclass
class SummaryRecipient:
    attendance: Attendance
    item: AgendaItem
    mode: str  # "link" (has an account that may open the case) or "pdf" (e-mail with the summary)
    address: str


def _user_of(row):
    if row.user_id:
        return row.user
    if row.partner_id and row.partner.user_id:
        return row.partner.user
    return None


def summary_recipients(meeting):
    """Who receives which case's summary: present AND took part in that case item; within consent.

    People with an account who may open the case get a link; others an e-mail with the PDF, but
    only when the consent covers their directory entry. Nobody gets a case they did not take part in.
    """
    recipients = []
    items = meeting.agenda.exclude(case=None).select_related("case")
    for item in items:
        for row in item.participants.filter(present=True).select_related("user", "partner__user"):
            user = _user_of(row)
            address = row.email or (user.email if user else "") or (row.partner.email if row.partner_id else "")
            if not address:
                continue
            if user is not None and user.is_active and Case.objects.visible_to(user).filter(pk=item.case_id).exists():
                recipients.append(SummaryRecipient(row, item, "link", user.email))
            elif (row.partner_id and consent_allows(item.case, partner=row.partner)) or (
                user is not None and consent_allows_user(item.case, user=user)
            ):
                recipients.append(SummaryRecipient(row, item, "pdf", address))
    return recipients


@transaction.atomic
def send_summaries(*, meeting):
    """Queue each case's summary to each of its participants; returns how many e-mails."""
    from cases.tasks_meetings import send_case_summary

    recipients = summary_recipients(meeting)
    for recipient in recipients:
        _on_commit_enqueue(send_case_summary, recipient.attendance.pk, recipient.item.pk)
    meeting.summaries_sent_at = timezone.now()
    meeting.save(update_fields=["summaries_sent_at"])
    return len(recipients)
