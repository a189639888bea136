"""Retention of the cases app's data (crocoos.retention), per area's `retention_years_after_close`.

- `closed_cases`: a case closed longer ago than its area keeps closed cases is deleted with
  everything about it: its concerns, consents (and their signed documents), action plan, timeline,
  involved and present people, targets, signed sheet versions (and their files), its agenda items
  on meetings with their minutes, and the attendance lines of people who took part only in it.
- `concerns_without_case`: concerns closed as "no case needed" go after the same period.
- `register_youth`: a young person of the follow-up service's register (no school) with nothing
  left about them is deleted. A school's students stay: the school's class list owns them.

Generated PDFs (case sheets, agendas, minutes, summaries) are never stored: they are rendered on
request, so only uploaded files have to be removed from storage. The audit trail keeps its events
(append-only; they hold ids and field names, no content), so the deletion itself stays provable.
"""

from collections import Counter

from django.db.models import Count, F, Q

from crocoos import retention
from crocoos.models import Area

from .models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Case,
    CaseEvent,
    CasePresence,
    CaseSheetVersion,
    Concern,
    Consent,
    InvolvedProfessional,
    MinutesItem,
    Student,
    Target,
)


def _due_cases(area, now):
    return Case.objects.filter(area=area, status=Case.Status.CLOSED, closed_at__lt=retention.cutoff(area, now))


def _files(cases):
    """(storage, name) of every uploaded file of these cases."""
    files = []
    for sheet in CaseSheetVersion.objects.filter(case__in=cases).exclude(file=""):
        files.append((sheet.file.storage, sheet.file.name))
    for consent in Consent.objects.filter(case__in=cases).exclude(document=""):
        files.append((consent.document.storage, consent.document.name))
    return files


def _attendance_only_for(items):
    """Attendance lines linked to these agenda items and to no other item (the family, case-only guests)."""
    return (
        Attendance.objects.filter(items__in=items)
        .annotate(
            linked=Count("items", distinct=True),
            here=Count("items", filter=Q(items__in=items), distinct=True),
        )
        .filter(linked=F("here"))
    )


@retention.register
def closed_cases(*, now, dry_run):
    counts = Counter()
    for area in Area.objects.all():
        cases = _due_cases(area, now)
        if not cases.exists():
            continue
        items = AgendaItem.objects.filter(case__in=cases)
        attendance = _attendance_only_for(items)
        files = _files(cases)
        counts["cases deleted"] += cases.count()
        counts["concerns deleted"] += Concern.objects.filter(case__in=cases).count()
        counts["consents deleted"] += Consent.objects.filter(case__in=cases).count()
        counts["action rows deleted"] += ActionItem.objects.filter(case__in=cases).count()
        counts["timeline events deleted"] += CaseEvent.objects.filter(case__in=cases).count()
        counts["involved people deleted"] += (
            InvolvedProfessional.objects.filter(case__in=cases).count()
            + CasePresence.objects.filter(case__in=cases).count()
        )
        counts["targets deleted"] += Target.objects.filter(case__in=cases).count()
        counts["signed sheets deleted"] += CaseSheetVersion.objects.filter(case__in=cases).count()
        counts["agenda items deleted"] += items.count()
        counts["minutes deleted"] += MinutesItem.objects.filter(agenda_item__in=items).count()
        counts["attendance lines deleted"] += attendance.count()
        counts["files deleted"] += len(files)
        if dry_run:
            continue
        Attendance.objects.filter(pk__in=list(attendance.values_list("pk", flat=True))).delete()
        Concern.objects.filter(case__in=cases).delete()
        # Deleting the cases takes their consents, actions, timeline, people, sheets and agenda items.
        Case.objects.filter(pk__in=list(cases.values_list("pk", flat=True))).delete()
        for storage, name in files:
            storage.delete(name)
    return dict(counts)


@retention.register
def concerns_without_case(*, now, dry_run):
    count = 0
    for area in Area.objects.all():
        due = Concern.objects.filter(
            student__area=area, status=Concern.Status.NO_CASE, decided_at__lt=retention.cutoff(area, now)
        )
        count += due.count()
        if not dry_run:
            due.delete()
    return {"concerns closed without a case deleted": count}


@retention.register
def register_youth(*, now, dry_run):
    """Young people of the register (no school) with no case and no concern left, put on the register
    longer ago than the area keeps closed cases. Runs after the handlers above, so a dry run does not
    count those whose last case is only now due."""
    count = 0
    for area in Area.objects.all():
        due = Student.objects.filter(
            area=area, school__isnull=True, created_at__lt=retention.cutoff(area, now), cases=None, concerns=None
        )
        count += due.count()
        if not dry_run:
            Student.objects.filter(pk__in=list(due.values_list("pk", flat=True))).delete()
    return {"register youth deleted": count}
