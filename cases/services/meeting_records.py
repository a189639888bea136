"""What happens at and after a meeting: attendance with signatures, minutes whose action rows
go into the cases' action plans, the next meeting, and the case summaries for participants.
Keyword-only arguments; views stay thin. Consent checks go through cases.services.consent.
"""

import base64
import binascii
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

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

from .consent import consent_allows, consent_allows_user
from .meetings import account_of, add_case_to_agenda, agenda_refusal, convene_meeting, on_commit_enqueue
from .timeline import add_event

MAX_SIGNATURE_BYTES = 200 * 1024
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


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
    """One attendance line per invitee who has none yet and did not decline (one insert for all)."""
    have = meeting.attendance.exclude(invitation=None).values("invitation_id")
    top = meeting.attendance.aggregate(top=Max("position"))["top"] or 0
    rows = []
    invitations = (
        meeting.invitations.select_related("user", "partner__user")
        .exclude(pk__in=have)
        .exclude(response=Invitation.Response.DECLINE)
    )
    for position, invitation in enumerate(invitations, start=top + 1):
        substitute = invitation.response == Invitation.Response.SUBSTITUTE
        rows.append(
            Attendance(
                meeting=meeting,
                invitation=invitation,
                user=None if substitute else invitation.user,
                partner=invitation.partner,
                name=invitation.substitute_name if substitute else invitation.display_name,
                institute=invitation.display_institute,
                email="" if substitute else invitation.address,
                position=position,
            )
        )
    Attendance.objects.bulk_create(rows)


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
        message=gettext_noop("Minutes of %(meeting)s, %(date)s"),
        params={
            "meeting": item.meeting.title_label,
            "date": item.meeting.date.isoformat(),
        },
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


def summary_recipients(meeting):
    """Who receives which case's summary: present AND took part in that case item; within consent.

    People with an account who may open the case get a link; others an e-mail with the PDF, but
    only when the consent covers their directory entry. Nobody gets a case they did not take part in.
    """
    recipients = []
    items = meeting.agenda.exclude(case=None).select_related("case")
    for item in items:
        for row in item.participants.filter(present=True).select_related("user", "partner__user"):
            user = account_of(row)
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
        on_commit_enqueue(send_case_summary, recipient.attendance.pk, recipient.item.pk)
    meeting.summaries_sent_at = timezone.now()
    meeting.save(update_fields=["summaries_sent_at"])
    return len(recipients)
