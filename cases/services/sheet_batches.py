"""Case sheets of many cases at once (for a meeting, a file review): one PDF, printed in the
background with progress, each sheet starting on its own page with its own page numbers and an
entry in the PDF's bookmarks.

`start_batch` freezes the selection; `print_batch` (run by the `print_sheet_batch` task) renders
the sheets one by one, notes each print on the case and in the audit trail, and stores the file.
"""

import io

from django.core.files.base import ContentFile
from django.db.models import Q
from django.utils import timezone

from cases.models import Case, SheetBatch
from crocoos import audit
from crocoos.access import access_for
from crocoos.models import Role

from .sheets import note_printed, render_case_sheet, with_sheet_data

# One batch is a meeting's or a review's worth of sheets; more is a sign the filter was forgotten.
MAX_BATCH = 300
# Sheets loaded from the database at a time (with everything they show).
CHUNK = 25


def batch_printable_cases(user):
    """Cases whose sheets the user may print in a batch: the schools they coordinate and the
    cases of the area they follow up. Empty for everyone else."""
    access = access_for(user)
    schools = access.school_ids_with(Role.EWS_COORDINATOR)
    areas = access.follow_up_area_ids
    if not (schools or areas):
        return Case.objects.none()
    return Case.objects.filter(Q(school_id__in=schools) | Q(area_id__in=areas))


def may_print_batches(user):
    access = access_for(user)
    return bool(access.school_ids_with(Role.EWS_COORDINATOR) or access.follow_up_area_ids)


def start_batch(*, cases, user, language, selection=""):
    """Freeze the selection (a queryset, in the order wanted) into a batch waiting for the worker."""
    case_ids = list(cases.values_list("pk", flat=True)[: MAX_BATCH + 1])
    if len(case_ids) > MAX_BATCH:
        raise ValueError("too many cases")
    return SheetBatch.objects.create(
        created_by=user, language=language, selection=selection[:200], case_ids=case_ids, total=len(case_ids)
    )


def print_batch(batch, *, on_progress=None):
    """Render every sheet of the batch into one PDF and store it; `processed` counts up as it goes."""
    from pypdf import PdfWriter

    SheetBatch.objects.filter(pk=batch.pk).update(status=SheetBatch.Status.RUNNING)
    user = batch.created_by
    # Checked again now: a case may have moved, or the user lost the role, since they asked.
    allowed = batch_printable_cases(user).filter(pk__in=batch.case_ids)
    order = {pk: position for position, pk in enumerate(batch.case_ids)}
    case_ids = sorted(allowed.values_list("pk", flat=True), key=order.__getitem__)
    writer = PdfWriter()
    done = 0
    for start in range(0, len(case_ids), CHUNK):
        chunk = case_ids[start : start + CHUNK]
        cases = with_sheet_data(Case.objects.filter(pk__in=chunk)).in_bulk()
        for pk in chunk:
            case = cases[pk]
            pdf = render_case_sheet(case, language=batch.language)
            writer.append(io.BytesIO(pdf), outline_item=f"{case.reference} – {case.student.full_name}")
            note_printed(case=case, printed_by=user)
            audit.record("case.printed", actor=user, obj=case, student=case.student_id, detail={"batch": batch.pk})
            done += 1
            SheetBatch.objects.filter(pk=batch.pk).update(processed=done)
            if on_progress is not None:
                on_progress(done, batch.total)
    out = io.BytesIO()
    writer.write(out)
    batch.file.save("sheets.pdf", ContentFile(out.getvalue()), save=False)
    batch.status, batch.processed, batch.total = SheetBatch.Status.DONE, done, done
    batch.finished_at = timezone.now()
    batch.save(update_fields=["file", "status", "processed", "total", "finished_at"])
    return batch
