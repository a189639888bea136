"""Audit pages: who has seen or changed a record, and which students a user opened (breach reports)."""

from datetime import timedelta

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from . import audit
from .access import access_for
from .audit_trail import audited_type
from .forms import AccessReportForm
from .models import AuditEvent, Role
from .pagination import KeysetPaginator

PAGE_SIZE = 50


@login_required
def object_trail(request, object_type, object_id):
    """Every event about one object, newest first; a partial for htmx requests."""
    kind = audited_type(object_type)
    obj = kind.get_for_user(request, object_id)
    events = AuditEvent.objects.filter(kind.events(obj)).select_related("actor")
    page = KeysetPaginator(events, PAGE_SIZE, ("-at", "-id")).get_page(request.GET)
    audit.record("audit.trail_viewed", request=request, detail={"object_type": kind.label, "object_id": str(obj.pk)})
    template = "crocoos/_audit_trail.html" if getattr(request, "htmx", False) else "crocoos/audit_trail.html"
    return render(request, template, {"object": obj, "page": page})


def _report_scope(user):
    """Students the report may name: None for every student, else those of the admin's areas; 404 if no admin."""
    access = access_for(user)
    if access.is_installation_admin:
        return None
    area_ids = access.area_ids_with(Role.ADMINISTRATOR)
    if not area_ids:
        raise Http404
    return apps.get_model("cases", "Student").objects.filter(area_id__in=area_ids).values("id")


ACCOUNT_EVENTS = 50  # the latest sign-ins of the period on the access report


@login_required
def access_report(request):
    """For administrators: the students a user opened or changed between two times."""
    scope = _report_scope(request.user)
    now = timezone.localtime().replace(second=0, microsecond=0)
    form = AccessReportForm(request.GET or None, initial={"start": now - timedelta(days=30), "end": now})
    ctx = {"form": form}
    if form.is_valid():
        events = AuditEvent.objects.filter(
            actor=form.actor,
            student_id__isnull=False,
            at__gte=form.cleaned_data["start"],
            at__lt=form.cleaned_data["end"],
        ).select_related("actor")
        if scope is not None:
            events = events.filter(student_id__in=scope)
        page = KeysetPaginator(events, PAGE_SIZE, ("-at", "-id")).get_page(request.GET)
        ctx.update(
            actor=form.actor,
            page=page,
            student_count=events.values("student_id").distinct().count(),
            account_events=_account_events(request.user, form),
        )
        students = _students_by_id({event.student_id for event in page.object_list})
        for event in page.object_list:
            event.student = students.get(event.student_id)
        audit.record(
            "audit.access_report_viewed",
            request=request,
            obj=form.actor,
            detail={"start": form.cleaned_data["start"].isoformat(), "end": form.cleaned_data["end"].isoformat()},
        )
    return render(request, "crocoos/audit_access_report.html", ctx)


def _account_events(admin, form):
    """When the report's user used their account in the period: sign-ins, sign-outs, wrong
    passwords and codes, newest first. An area's administrator sees them for the area's staff only."""
    if not _sees_account_of(admin, form.actor):
        return AuditEvent.objects.none()
    return (
        AuditEvent.objects.filter(
            actor=form.actor,
            action__startswith="account.",
            at__gte=form.cleaned_data["start"],
            at__lt=form.cleaned_data["end"],
        )
        .select_related("actor")
        .order_by("-at", "-id")[:ACCOUNT_EVENTS]
    )


def _sees_account_of(admin, user):
    """Whether `admin` may see when `user`'s account was used: any user for the installation's
    administrators, users working in their areas for an area's administrators."""
    access = access_for(admin)
    if access.is_installation_admin:
        return True
    areas = access.area_ids_with(Role.ADMINISTRATOR)
    return user.memberships.filter(Q(area_id__in=areas) | Q(school__area_id__in=areas)).exists()


def _students_by_id(ids):
    # A breach report must name the young people concerned, so it reads them outside the
    # usual scoping: only administrators reach this, and the report itself is audited.
    student_model = apps.get_model("cases", "Student")
    return {student.pk: student for student in student_model.objects.filter(pk__in=ids).select_related("school")}
