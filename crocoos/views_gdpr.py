"""GDPR pages: the right-of-access export of one young person, the record of processing purposes."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from . import audit
from .access import access_for
from .models import Area, Role
from .right_of_access import build_export, get_student_for_export


@login_required
def right_of_access_export(request, student_id):
    """GET explains the export; POST downloads the zip (and is audited)."""
    student = get_student_for_export(request, student_id)
    if request.method != "POST":
        return render(request, "crocoos/right_of_access.html", {"student": student})
    content = build_export(student, generated_by=request.user)
    audit.record("student.right_of_access_exported", request=request, obj=student, student=student)
    response = HttpResponse(content, content_type="application/zip")
    filename = f"right-of-access-{student.pk}-{timezone.localdate():%Y-%m-%d}.zip"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def processing_record(request):
    """The record of processing activities (GDPR Art. 30), for administrators."""
    access = access_for(request.user)
    if not access.has_role(Role.ADMINISTRATOR):
        raise Http404
    areas = (
        Area.objects.all()
        if access.is_installation_admin
        else Area.objects.filter(id__in=access.area_ids_with(Role.ADMINISTRATOR))
    )
    return render(request, "crocoos/processing_record.html", {"areas": areas.order_by("name")})
