"""Meeting PDFs: agenda, attendance sheet, minutes, and the per-case summary for participants."""

import base64

from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from cases.models import AgendaItem
from crocoos.pdf import render_pdf

from .meetings import agenda_for
from .sheets import _css_string, _page_x_of_y


def _render(template, meeting, context, *, language=None):
    with translation.override(language or translation.get_language()):
        html = render_to_string(
            template,
            {
                "meeting": meeting,
                "css_header": _css_string(
                    f"{meeting.display_title} · {formats.date_format(meeting.date, 'DATE_FORMAT')}"
                ),
                "css_owner": _css_string(meeting.school.name if meeting.school_id else meeting.area.name),
                "css_page_x_of_y": _page_x_of_y(),
                "css_printed": _css_string(
                    _("Printed %(when)s") % {"when": formats.date_format(timezone.localtime(), "SHORT_DATETIME_FORMAT")}
                ),
                **context,
            },
        )
    return render_pdf(html)


def agenda_pdf(meeting, *, invitation=None, **options):
    return _render(
        "cases/meetings/pdf/agenda.html",
        meeting,
        {"lines": agenda_for(meeting, invitation=invitation), "invitations": meeting.invitations.all()},
        **options,
    )


def attendance_pdf(meeting, **options):
    rows = []
    for row in meeting.attendance.all():
        image = base64.b64encode(bytes(row.signature)).decode() if row.signature else ""
        rows.append({"row": row, "image": image})
    blank = range(max(3, 12 - len(rows)))
    return _render("cases/meetings/pdf/attendance.html", meeting, {"rows": rows, "blank": blank}, **options)


def minutes_context(meeting):
    items = meeting.agenda.select_related("case__student", "minutes").prefetch_related("participants")
    return [
        {
            "item": item,
            "minutes": getattr(item, "minutes", None),
            "actions": list(item.case.actions.filter(source_meeting=meeting)) if item.case_id else [],
        }
        for item in items
    ]


def minutes_pdf(meeting, **options):
    present = meeting.attendance.filter(present=True)
    return _render(
        "cases/meetings/pdf/minutes.html", meeting, {"items": minutes_context(meeting), "present": present}, **options
    )


def case_summary_pdf(meeting, item, **options):
    """One case's summary for its participants: minutes of that item and the case's action plan."""
    item = AgendaItem.objects.select_related("case__student", "minutes").get(pk=item.pk)
    return _render(
        "cases/meetings/pdf/case_summary.html",
        meeting,
        {
            "item": item,
            "case": item.case,
            "minutes": getattr(item, "minutes", None),
            "present": item.participants.filter(present=True),
            "targets": item.case.targets.all(),
            "actions": item.case.actions.select_related("source_meeting").exclude(status="cancelled"),
        },
        **options,
    )
