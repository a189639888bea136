"""Background tasks (django-tasks) of meetings: invitations with the agenda and .ics, case summaries.

Each task re-reads the database: what is sent is what holds when the worker runs (a withdrawn
consent, a removed invitee or a cancelled meeting is respected).
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from cases.models import AgendaItem, Attendance, Invitation
from cases.services.meeting_calendar import meeting_ics
from cases.services.meeting_pdfs import case_summary_pdf
from cases.services.meeting_records import summary_recipients
from cases.services.meetings import account_of, agenda_for, named_students, new_token
from crocoos import audit


def _absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def _language(user):
    return (getattr(user, "language", "") if user else "") or settings.LANGUAGE_CODE


@task()
def send_invitation(invitation_id, method="REQUEST"):
    """E-mail one invitee: the agenda as they may read it, a link to answer, and the .ics."""
    invitation = (
        Invitation.objects.select_related("meeting__area", "meeting__school", "user", "partner__user")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or not invitation.address:
        return 0
    meeting = invitation.meeting
    account = account_of(invitation)
    if account is not None:
        url = _absolute(reverse("meeting_detail", args=[meeting.pk]))
    else:
        url = _absolute(reverse("meeting_invitation", args=[new_token(invitation)]))
    lines = agenda_for(meeting, invitation=invitation)
    with translation.override(_language(account)):
        context = {
            "meeting": meeting,
            "invitation": invitation,
            "lines": lines,
            "url": url,
            "cancelled": method == "CANCEL",
            "update": method == "REQUEST" and meeting.sequence > 0,
        }
        subject = render_to_string("cases/meetings/email/invitation_subject.txt", context).strip()
        body = render_to_string("cases/meetings/email/invitation.txt", context)
        ics = meeting_ics(meeting, method=method, attendee=invitation.address, summary=subject)
    message = EmailMultiAlternatives(subject, body, None, [invitation.address])
    message.attach("meeting.ics", ics, f"text/calendar; method={method}; charset=UTF-8")
    message.send()
    invitation.sent_sequence = meeting.sequence
    invitation.save(update_fields=["sent_sequence"])
    # The disclosure log: which young people's names went to which address.
    audit.record_for_students(
        "meeting.invitation_emailed", named_students(lines), obj=meeting, detail={"to": invitation.address}
    )
    return 1


@task()
def send_case_summary(attendance_id, agenda_item_id):
    """One case's summary to one participant, if they still qualify (present, took part, consent)."""
    item = AgendaItem.objects.select_related("meeting__area", "meeting__school", "case__student").filter(
        pk=agenda_item_id
    )
    item = item.first()
    row = Attendance.objects.filter(pk=attendance_id).first()
    if item is None or row is None or item.case_id is None:
        return 0
    recipient = next(
        (r for r in summary_recipients(item.meeting) if r.attendance.pk == row.pk and r.item.pk == item.pk), None
    )
    if recipient is None:
        return 0
    account = recipient.attendance.user or (
        recipient.attendance.partner.user if recipient.attendance.partner_id else None
    )
    with translation.override(_language(account)):
        context = {
            "meeting": item.meeting,
            "case": item.case,
            "mode": recipient.mode,
            "url": _absolute(reverse("case_detail", args=[item.case_id])),
        }
        subject = render_to_string("cases/meetings/email/summary_subject.txt", context).strip()
        body = render_to_string("cases/meetings/email/summary.txt", context)
        pdf = case_summary_pdf(item.meeting, item) if recipient.mode == "pdf" else None
    message = EmailMultiAlternatives(subject, body, None, [recipient.address])
    if pdf is not None:
        message.attach(f"{item.case.reference}.pdf", pdf, "application/pdf")
    message.send()
    audit.record(
        "meeting.summary_emailed",
        obj=item.meeting,
        student=item.case.student_id,
        detail={"to": recipient.address, "mode": recipient.mode, "case": item.case.reference},
    )
    return 1
