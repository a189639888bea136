"""Import, export, printable lists and the HSDS feed."""

import json

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crocoos import audit

from .. import exporting, importing, tasks
from ..forms import ImportUploadForm
from ..kinds import KIND_BY_BATCH, PARTNERS
from ..models import ImportBatch
from ..scope import directory_scope
from ..selectors import filtered_entries
from .common import directory_user_required

EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
PREVIEW_ROWS = 200


def _download(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _filter_summary(form):
    """The filters in words, printed under the PDF's heading."""
    if not form.is_valid():
        return []
    parts = []
    for name in ("q", "help_area", "sector"):
        if form.cleaned_data.get(name):
            parts.append(f"{form.fields[name].label}: {form.cleaned_data[name]}")
    for name in ("stale", "archived"):
        if form.cleaned_data.get(name):
            parts.append(str(form.fields[name].label))
    return parts


@directory_user_required
def directory_export(request, kind, fmt):
    if fmt not in EXPORT_TYPES:
        raise Http404
    form, entries = filtered_entries(kind, request.user, request.GET)
    stamp = timezone.localdate().isoformat()
    filename = f"{kind.slug}-{stamp}.{fmt}"
    if fmt == "csv":
        content = exporting.to_csv(kind.export_columns, entries)
    elif fmt == "xlsx":
        content = exporting.to_xlsx(kind.export_columns, entries, kind.title)
    else:
        targets = entries.order_by().values_list(f"{kind.target_field}__name", flat=True).distinct()
        heading = " – ".join([str(kind.title), ", ".join(sorted(targets))]) if targets else kind.title
        content = exporting.to_pdf(
            kind=kind, entries=entries, heading=heading, filters=_filter_summary(form), request=request
        )
    audit.record("directory.exported", request=request, detail={"list": kind.slug, "format": fmt})
    return _download(content, EXPORT_TYPES[fmt], filename)


@directory_user_required
def directory_hsds(request):
    _form, partners = filtered_entries(PARTNERS, request.user, request.GET)
    partners = partners.select_related("municipality")
    audit.record("directory.exported", request=request, detail={"list": "partners", "format": "hsds"})
    content = json.dumps(exporting.to_hsds(partners), ensure_ascii=False, indent=2)
    return _download(content, "application/json", f"partners-hsds-{timezone.localdate().isoformat()}.json")


# --- import -------------------------------------------------------------------------------------


def _get_batch_for_user(request, pk):
    """Only the person who uploaded a file sees its batch, and only while they may still import."""
    batch = get_object_or_404(ImportBatch.objects.defer("rows"), pk=pk, created_by=request.user)
    kind = KIND_BY_BATCH[batch.kind]
    if getattr(batch, f"{kind.target_field}_id") not in {t.pk for t in kind.targets(directory_scope(request.user))}:
        raise Http404
    return kind, batch


@directory_user_required
def directory_import(request, kind):
    targets = list(kind.targets(directory_scope(request.user)))
    if not targets:
        raise Http404
    form = ImportUploadForm(request.POST or None, request.FILES or None, targets=targets)
    if request.method == "POST" and form.is_valid():
        try:
            batch = importing.start_import(
                kind=kind,
                upload=form.cleaned_data["file"],
                target=form.cleaned_data["target"],
                user=request.user,
                language=get_language(),
            )
        except importing.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            tasks.run_import_step(tasks.validate_import, batch)
            return redirect("directory_import_batch", pk=batch.pk)
    return render(request, "directory/directory_import.html", {"kind": kind, "form": form})


def _batch_context(kind, batch):
    columns = {column.key: column.label for column in kind.data_columns}
    errors = [
        {"line": int(line), "column": columns.get(column, ""), "messages": messages_}
        for line, by_column in batch.errors.items()
        for column, messages_ in by_column.items()
    ]
    errors.sort(key=lambda error: error["line"])
    return {"kind": kind, "batch": batch, "errors": errors[:PREVIEW_ROWS], "error_count": len(batch.errors)}


@directory_user_required
def directory_import_batch(request, pk):
    kind, batch = _get_batch_for_user(request, pk)
    ctx = _batch_context(kind, batch)
    if batch.status == ImportBatch.Status.PREVIEW and batch.duplicates:
        existing = kind.model.objects.in_bulk(list(batch.duplicates.values()))
        rows = {str(row["line"]): row["values"] for row in ImportBatch.objects.get(pk=batch.pk).rows}
        ctx["duplicates"] = [
            {"line": line, "summary": " · ".join(filter(None, rows[line].values())), "entry": existing.get(entry_id)}
            for line, entry_id in sorted(batch.duplicates.items(), key=lambda item: int(item[0]))
        ]
        ctx["new_count"] = batch.total - len(batch.duplicates) - len(batch.errors)
    elif batch.status == ImportBatch.Status.PREVIEW:
        ctx["new_count"] = batch.total - len(batch.errors)
    return render(request, "directory/directory_import_batch.html", ctx)


@directory_user_required
def directory_import_progress(request, pk):
    """The progress bar, polled by htmx while a step runs; a finished step reloads the page."""
    kind, batch = _get_batch_for_user(request, pk)
    response = render(request, "directory/_import_progress.html", {"kind": kind, "batch": batch})
    if batch.status not in (ImportBatch.Status.VALIDATING, ImportBatch.Status.IMPORTING):
        response["HX-Refresh"] = "true"
    return response


@require_POST
@directory_user_required
def directory_import_confirm(request, pk):
    _kind, batch = _get_batch_for_user(request, pk)
    if batch.status != ImportBatch.Status.PREVIEW or batch.errors:
        messages.error(request, _("This import cannot be confirmed. Upload the corrected file again."))
        return redirect("directory_import_batch", pk=batch.pk)
    decisions = {line: request.POST.get(f"duplicate-{line}", "skip") for line in batch.duplicates}
    importing.confirm_batch(batch=batch, decisions=decisions)
    tasks.run_import_step(tasks.apply_import, batch)
    return redirect("directory_import_batch", pk=batch.pk)
