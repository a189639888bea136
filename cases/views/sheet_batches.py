"""Printing the case sheets of the case list's selection as one PDF, in the background."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cases.models import Case, SheetBatch
from cases.services.sheet_batches import MAX_BATCH, batch_printable_cases, may_print_batches, start_batch
from cases.tasks import print_sheet_batch
from crocoos import audit
from crocoos.uploads import protected_download

from .cases import filter_case_list


def _selection(request):
    """The case list's filter applied to the cases the user may print, and how it reads."""
    params = request.POST if request.method == "POST" else request.GET
    cases, chosen = filter_case_list(batch_printable_cases(request.user), params)
    status = dict(Case.Status.choices).get(chosen["status"], _("All"))
    summary = " · ".join(filter(None, [str(status), chosen["query"]]))
    return cases, chosen, summary


def get_batch_for_user(request, pk):
    """Only the person who asked for a batch sees it, and only while they may print every case in it."""
    batch = get_object_or_404(SheetBatch, pk=pk, created_by=request.user)
    allowed = batch_printable_cases(request.user).filter(pk__in=batch.case_ids).count()
    if allowed != len(batch.case_ids):
        raise Http404
    return batch


@login_required
def case_sheet_batch_new(request):
    """Confirm (GET) and start (POST) printing the sheets of the case list's selection."""
    if not may_print_batches(request.user):
        raise Http404
    cases, chosen, summary = _selection(request)
    count = cases.count()
    if request.method == "POST":
        if count == 0:
            messages.error(request, _("No cases match this selection."))
        elif count > MAX_BATCH:
            messages.error(
                request,
                _("%(count)s cases match: print at most %(max)s at a time. Narrow the selection on the case list.")
                % {"count": count, "max": MAX_BATCH},
            )
        else:
            batch = start_batch(cases=cases, user=request.user, language=get_language(), selection=summary)
            audit.record("case.sheets_batch_requested", request=request, obj=batch, detail={"cases": batch.total})
            transaction.on_commit(lambda: print_sheet_batch.enqueue(batch.pk))
            return redirect("case_sheet_batch", pk=batch.pk)
    return render(
        request,
        "cases/case_sheet_batch_new.html",
        {"count": count, "summary": summary, "max": MAX_BATCH, **chosen},
    )


@login_required
def case_sheet_batch(request, pk):
    batch = get_batch_for_user(request, pk)
    return render(request, "cases/case_sheet_batch.html", {"batch": batch})


@login_required
def case_sheet_batch_progress(request, pk):
    """The progress bar, polled by htmx while the sheets are printed; it offers the file when done."""
    batch = get_batch_for_user(request, pk)
    return render(request, "cases/_case_sheet_batch_progress.html", {"batch": batch})


@login_required
def case_sheet_batch_download(request, pk):
    batch = get_batch_for_user(request, pk)
    if batch.status != SheetBatch.Status.DONE or not batch.file:
        raise Http404
    students = Case.objects.filter(pk__in=batch.case_ids).values_list("student_id", flat=True)
    audit.record_for_students(
        "case.sheets_batch_downloaded", students, request=request, obj=batch, detail={"cases": batch.total}
    )
    name = _("case-sheets") + f"-{timezone.localtime(batch.created_at):%Y-%m-%d-%H%M}"
    return protected_download(batch.file, download_name=name, content_type="application/pdf")
