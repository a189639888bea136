from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import services
from ..scope import directory_scope
from .common import directory_user_required, get_rw_entry_for_user


def _entry_url(kind, entry):
    return redirect("directory_detail", kind=kind.slug, pk=entry.pk)


@directory_user_required
def directory_create(request, kind):
    scope = directory_scope(request.user)
    if not kind.targets(scope).exists():
        raise Http404
    form = kind.form_class(request.POST or None, scope=scope)
    if request.method == "POST" and form.is_valid():
        entry = services.entry_create(form=form, actor=request.user, request=request)
        messages.success(request, _("The entry was added."))
        return _entry_url(kind, entry)
    return render(request, "directory/directory_form.html", {"kind": kind, "form": form})


@directory_user_required
def directory_edit(request, kind, pk):
    entry = get_rw_entry_for_user(request, kind, pk)
    form = kind.form_class(request.POST or None, instance=entry, scope=directory_scope(request.user))
    if request.method == "POST" and form.is_valid():
        services.entry_update(form=form, actor=request.user, request=request)
        messages.success(request, _("Your changes were saved."))
        return _entry_url(kind, entry)
    return render(request, "directory/directory_form.html", {"kind": kind, "form": form, "entry": entry})


@require_POST
@directory_user_required
def directory_verify(request, kind, pk):
    entry = get_rw_entry_for_user(request, kind, pk)
    services.entry_verify(entry=entry, actor=request.user, request=request)
    messages.success(request, _("Marked as verified today."))
    return _entry_url(kind, entry)


@require_POST
@directory_user_required
def directory_archive(request, kind, pk):
    entry = get_rw_entry_for_user(request, kind, pk)
    archive = request.POST.get("archive") != "0"
    services.entry_set_archived(entry=entry, archived=archive, actor=request.user, request=request)
    messages.success(request, _("The entry was archived.") if archive else _("The entry was restored."))
    return _entry_url(kind, entry)
