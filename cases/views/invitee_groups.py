"""Saved invitee groups (the core group, occasional invitees): list, create, change, delete.

They belong to an area; whoever convenes meetings there (the area's follow-up officers, the EWS
coordinators of its schools) looks after them. Anyone else gets 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.forms.meetings import InviteeGroupForm
from cases.models import InviteeGroup
from cases.services import meetings as svc
from crocoos import audit
from crocoos.models import Area


def _areas(user):
    areas = list(Area.objects.filter(pk__in=svc.group_area_ids(user)).order_by("name"))
    if not areas:
        raise Http404
    return areas


def _group(request, pk):
    return get_object_or_404(
        InviteeGroup.objects.select_related("area").filter(area_id__in=svc.group_area_ids(request.user)), pk=pk
    )


@login_required
def group_list(request):
    areas = _areas(request.user)
    groups = (
        InviteeGroup.objects.filter(area__in=areas)
        .select_related("area")
        .annotate(partner_count=Count("partners", distinct=True), user_count=Count("users", distinct=True))
        .order_by("area__name", "kind", "name")
    )
    return render(request, "cases/meetings/group_list.html", {"groups": groups, "several_areas": len(areas) > 1})


def _save(request, group, template):
    form = InviteeGroupForm(request.POST or None, instance=group, areas=_areas(request.user))
    if request.method == "POST" and form.is_valid():
        group = form.save()
        audit.record("invitee_group.saved", request=request, obj=group, changed_fields=form.changed_data)
        messages.success(request, _("The group %(name)s is saved.") % {"name": group.name})
        return redirect("meeting_group_list")
    return render(request, template, {"form": form, "group": group if group.pk else None})


@login_required
def group_new(request):
    return _save(request, InviteeGroup(), "cases/meetings/group_form.html")


@login_required
def group_edit(request, pk):
    return _save(request, _group(request, pk), "cases/meetings/group_form.html")


@login_required
@require_POST
def group_delete(request, pk):
    group = _group(request, pk)
    name = group.name
    audit.record("invitee_group.deleted", request=request, obj=group, detail={"name": name})
    group.delete()
    messages.success(request, _("The group %(name)s is deleted.") % {"name": name})
    return redirect("meeting_group_list")
