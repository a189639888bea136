"""The "who has seen or changed this" pages of the cases app's records (crocoos.audit_trail).

Who may open them: the EWS coordinators of the record's school; for the follow-up service's
register (no school), the area's follow-up officers. Anyone else gets 404.
"""

from django.db.models import Q
from django.http import Http404

from crocoos.access import access_for
from crocoos.audit_trail import _int_or_404, register

from .models import ActionItem, AgendaItem, Case, CaseSheetVersion, Concern, Consent, Meeting


def may_see_trail(user, *, school_id, area_id) -> bool:
    access = access_for(user)
    if school_id is not None:
        return access.is_coordinator_of(school_id)
    return area_id in access.follow_up_area_ids


def _case_in_scope(request, pk):
    case = Case.objects.visible_to(request.user).filter(pk=_int_or_404(pk)).first()
    if case is None or not may_see_trail(request.user, school_id=case.school_id, area_id=case.area_id):
        raise Http404
    return case


def _ids(queryset):
    return [str(pk) for pk in queryset.values_list("pk", flat=True)]


def case_events(case):
    """Events about the case, its consents, signed sheets, action rows and concerns, and the meetings
    that had it on the agenda (only their events naming this case's young person)."""
    meetings = [str(pk) for pk in AgendaItem.objects.filter(case=case).values_list("meeting_id", flat=True)]
    return (
        Q(object_type="cases.case", object_id=str(case.pk))
        | Q(object_type="cases.consent", object_id__in=_ids(case.consents.all()))
        | Q(object_type="cases.casesheetversion", object_id__in=_ids(case.sheet_versions.all()))
        | Q(object_type="cases.actionitem", object_id__in=_ids(case.actions.all()))
        | Q(object_type="cases.concern", object_id__in=_ids(case.concerns.all()))
        | Q(object_type="cases.meeting", object_id__in=meetings, student_id=case.student_id)
    )


def _meeting_for_trail(request, object_id):
    meeting = Meeting.objects.visible_to(request.user).filter(pk=_int_or_404(object_id)).first()
    if meeting is None or not may_see_trail(request.user, school_id=meeting.school_id, area_id=meeting.area_id):
        raise Http404
    return meeting


def _concern_for_trail(request, object_id):
    concern = (
        Concern.objects.visible_to(request.user).select_related("student").filter(pk=_int_or_404(object_id)).first()
    )
    student = concern.student if concern else None
    if student is None or not may_see_trail(request.user, school_id=student.school_id, area_id=student.area_id):
        raise Http404
    return concern


def _part_of_case(model):
    """A record that belongs to one case (consent, signed sheet, action row): the case's trail rule."""

    def get_for_user(request, object_id):
        obj = model.objects.filter(pk=_int_or_404(object_id)).first()
        if obj is None:
            raise Http404
        _case_in_scope(request, obj.case_id)
        return obj

    return get_for_user


register(
    "cases.case",
    get_for_user=_case_in_scope,
    events=case_events,
    may_see=lambda user, case: may_see_trail(user, school_id=case.school_id, area_id=case.area_id),
)
register(
    "cases.meeting",
    get_for_user=_meeting_for_trail,
    may_see=lambda user, meeting: may_see_trail(user, school_id=meeting.school_id, area_id=meeting.area_id),
)
register("cases.concern", get_for_user=_concern_for_trail)
register("cases.consent", get_for_user=_part_of_case(Consent))
register("cases.casesheetversion", get_for_user=_part_of_case(CaseSheetVersion))
register("cases.actionitem", get_for_user=_part_of_case(ActionItem))
