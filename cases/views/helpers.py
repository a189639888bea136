"""Loading objects for the current user: anything out of scope answers 404."""

import uuid

from django.http import Http404
from django.shortcuts import get_object_or_404

from cases.models import Case, Concern
from cases.services.sheets import with_sheet_data
from crocoos.access import access_for


def get_case_for_user(request, pk, *, for_edit=False):
    cases = Case.objects.editable_by(request.user) if for_edit else Case.objects.visible_to(request.user)
    return get_object_or_404(cases.select_related("student__school_class", "school", "area"), pk=pk)


def get_case_page_for_user(request, pk):
    """The case with everything its page shows, in a fixed number of queries."""
    cases = with_sheet_data(Case.objects.visible_to(request.user))
    return get_object_or_404(cases, pk=pk)


def can_edit_case(user, case):
    access = access_for(user)
    return case.school_id in access.whole_school_ids or case.area_id in access.follow_up_area_ids


def can_triage(user, student):
    """Coordinators triage their school's concerns; the follow-up service those of its register."""
    access = access_for(user)
    if student.school_id is not None:
        return access.is_coordinator_of(student.school_id)
    return student.area_id in access.follow_up_area_ids


def get_concern_for_user(request, pk):
    return get_object_or_404(
        Concern.objects.visible_to(request.user).select_related(
            "student__school_class", "student__school", "logged_by", "case"
        ),
        pk=pk,
    )


def submission_key(request):
    """The form's one-time key (a UUID) or None when missing or malformed."""
    try:
        return uuid.UUID(request.POST.get("submission_key", ""))
    except ValueError:
        return None


def require(condition):
    if not condition:
        raise Http404
