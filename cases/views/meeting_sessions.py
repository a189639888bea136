"""At and after the meeting: attendance with signatures, minutes per item, next meeting, summaries."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.forms.meetings import ActionRowFormSet, MinutesForm, NextMeetingForm
from cases.models import ActionItem, AgendaItem, Attendance
from cases.services import meeting_records as records
from crocoos import audit

from .meetings import get_meeting

# What a typed attendance line may hold (the sheet is not a Django form: one card per person).
LINE_FIELDS = {
    "name": forms.CharField(max_length=Attendance._meta.get_field("name").max_length, required=False),
    "institute": forms.CharField(max_length=Attendance._meta.get_field("institute").max_length, required=False),
    "email": forms.EmailField(required=False),
}


def _line_from_post(post, key, case_items, row=None):
    """One attendance line as typed; `error` is set when a value or the drawn signature is not acceptable."""
    line = {
        "attendance": row,
        "key": key,
        "name": post.get(f"name-{key}", row.name if row else "").strip(),
        "institute": post.get(f"institute-{key}", row.institute if row else "").strip(),
        "email": post.get(f"email-{key}", row.email if row else "").strip(),
        "present": post.get(f"present-{key}") == "on",
        "signed_on_paper": post.get(f"paper-{key}") == "on",
        "items": [item for item in case_items if str(item.pk) in post.getlist(f"items-{key}")],
        "signature": None,
        "error": "",
    }
    for name, field in LINE_FIELDS.items():
        try:
            field.clean(line[name])
        except ValidationError as error:
            line["error"] = f"{field_label(name)}: {' '.join(error.messages)}"
            return line
    data_url = post.get(f"signature-{key}", "")
    if data_url:
        try:
            line["signature"] = records.signature_from_data_url(data_url)
        except ValidationError as error:
            line["error"] = " ".join(error.messages)
    return line


def _line_from_row(row, case_items):
    return {
        "attendance": row,
        "key": str(row.pk),
        "name": row.name,
        "institute": row.institute,
        "email": row.email,
        "present": row.present,
        "signed_on_paper": row.signed_on_paper,
        "items": [item for item in case_items if item.pk in row.item_ids],
        "has_signature": bool(row.signature),
        "error": "",
    }


def _changed_fields(lines):
    """Names of what the submitted sheet changes (the audit trail keeps names, never values)."""
    changed = set()
    for line in lines:
        row = line["attendance"]
        if row is None:
            changed.add("attendance")
            continue
        typed = {**line, "name": line["name"] or row.name}  # an emptied name keeps the old one
        changed |= {name for name in ATTENDANCE_FIELDS if typed[name] != getattr(row, name)}
        if line["signature"]:
            changed.add("signature")
        if {item.pk for item in line["items"]} != row.item_ids:
            changed.add("items")
    return sorted(changed)


ATTENDANCE_FIELDS = ("name", "institute", "email", "present", "signed_on_paper")


def field_label(name):
    return str(Attendance._meta.get_field(name).verbose_name).capitalize()


@login_required
def meeting_attendance(request, pk):
    meeting = get_meeting(request, pk, manage=True)
    case_items = list(meeting.agenda.exclude(case=None).select_related("case"))
    if request.method == "GET":
        records.attendance_from_invitations(meeting)
    rows = list(meeting.attendance.prefetch_related("items"))
    for row in rows:
        row.item_ids = {item.pk for item in row.items.all()}
    if request.method == "POST":
        lines = [_line_from_post(request.POST, str(row.pk), case_items, row) for row in rows]
        new = _line_from_post(request.POST, "new", case_items)
        if new["name"]:
            lines.append(new)
        if not any(line["error"] for line in lines):
            changed = _changed_fields(lines)
            records.record_attendance(meeting=meeting, lines=lines, recorded_by=request.user)
            audit.record("meeting.attendance", request=request, obj=meeting, changed_fields=changed)
            messages.success(request, _("The attendance is saved."))
            return redirect("meeting_attendance", meeting.pk)
        messages.error(request, _("Some lines could not be saved: see the marked lines."))
        for line, row in zip(lines, rows, strict=False):
            line["has_signature"] = bool(row.signature)
    else:
        lines = [_line_from_row(row, case_items) for row in rows]
        students = [item.case.student_id for item in case_items]
        audit.record_for_students("meeting.attendance_viewed", students, request=request, obj=meeting)
    return render(
        request,
        "cases/meetings/attendance.html",
        {"meeting": meeting, "lines": lines, "case_items": case_items, "new_key": "new"},
    )


@login_required
def attendance_signature(request, pk, attendance_pk):
    meeting = get_meeting(request, pk, staff=True)
    row = get_object_or_404(meeting.attendance.exclude(signature=None), pk=attendance_pk)
    response = HttpResponse(bytes(row.signature), content_type="image/png")
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _action_initial(item):
    rows = ActionItem.objects.filter(case=item.case, source_meeting=item.meeting).order_by("position", "id")
    return [
        {
            "row": row.pk,
            "action": row.action,
            "responsible_name": row.responsible_name,
            "responsible_institute": row.responsible_institute,
            "deadline": row.deadline,
            "expected_result": row.expected_result,
        }
        for row in rows
    ]


@login_required
def meeting_minutes(request, pk, item_pk):
    meeting = get_meeting(request, pk, manage=True)
    item = get_object_or_404(AgendaItem.objects.filter(meeting=meeting).select_related("case__student"), pk=item_pk)
    minutes = getattr(item, "minutes", None)
    initial = {
        "notes": minutes.notes if minutes else "",
        "professionals_view": minutes.professionals_view
        if minutes
        else (item.case.professionals_view if item.case_id else ""),
        "targets": minutes.targets if minutes else "",
    }
    form = MinutesForm(request.POST or None, initial=initial)
    formset = (
        ActionRowFormSet(request.POST or None, initial=_action_initial(item), prefix="actions")
        if item.case_id
        else None
    )
    if request.method == "POST" and form.is_valid() and (formset is None or formset.is_valid()):
        actions = []
        if formset is not None:
            own = {row.pk: row for row in ActionItem.objects.filter(case=item.case, source_meeting=meeting)}
            for row_form in formset:
                data = dict(row_form.cleaned_data)
                data["row"] = own.get(data.get("row"))
                data["delete"] = data.pop("DELETE", False)
                actions.append(data)
        records.save_minutes(item=item, recorded_by=request.user, actions=actions, **form.cleaned_data)
        audit.record(
            "meeting.minutes",
            request=request,
            obj=meeting,
            student=item.case.student_id if item.case_id else None,
            changed_fields=sorted(form.changed_data),
        )
        messages.success(request, _("The minutes are saved."))
        following = meeting.agenda.filter(position__gt=item.position).first()
        if following is not None and "save_next" in request.POST:
            return redirect("meeting_minutes", meeting.pk, following.pk)
        return redirect(reverse("meeting_detail", args=[meeting.pk]) + "#minutes")
    student = item.case.student_id if item.case_id else None
    audit.record_for_students("meeting.minutes_viewed", [student], request=request, obj=meeting)
    return render(
        request,
        "cases/meetings/minutes.html",
        {"meeting": meeting, "item": item, "form": form, "formset": formset},
    )


@login_required
def meeting_next(request, pk):
    meeting = get_meeting(request, pk, manage=True)
    form = NextMeetingForm(
        request.POST or None,
        initial={"start_time": meeting.start_time, "end_time": meeting.end_time},
    )
    if request.method == "POST" and form.is_valid():
        following = records.set_next_meeting(meeting=meeting, convened_by=request.user, **form.cleaned_data)
        audit.record("meeting.convened", request=request, obj=following)
        messages.success(request, _("The next meeting is set; invitees and open cases are carried over."))
        return redirect("meeting_detail", following.pk)
    return render(request, "cases/meetings/next_meeting.html", {"meeting": meeting, "form": form})


@login_required
@require_POST
def summaries_send(request, pk):
    meeting = get_meeting(request, pk, manage=True)
    if not meeting.attendance.filter(present=True).exists():
        raise Http404
    count = records.send_summaries(meeting=meeting)
    audit.record("meeting.summaries_sent", request=request, obj=meeting)
    messages.success(request, _("%(n)s case summaries are on their way to the participants.") % {"n": count})
    return redirect("meeting_detail", meeting.pk)
