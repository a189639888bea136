"""Which objects have a "who has seen or changed this" page, and who may open it.

Each app registers its audited object types:

    from crocoos.audit_trail import register

    register(
        "cases.case",                       # AuditEvent.object_type (the model's label_lower)
        get_for_user=get_case_trail_object, # (request, object_id) -> the object; Http404 if out of scope
        events=lambda case: Q(object_type="cases.case", object_id=str(case.pk)),  # optional
    )

`get_for_user` decides who may see the trail: by default the EWS coordinators of the
object's school (house rule: anything out of scope answers 404).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Q
from django.http import Http404

from .access import access_for


@dataclass(frozen=True)
class AuditedType:
    label: str
    get_for_user: Callable
    events: Callable
    may_see: Callable | None = None  # (user, obj) -> bool without a query, for links on pages that have obj


_REGISTRY: dict[str, AuditedType] = {}


def register(label, *, get_for_user, events=None, may_see=None):
    """Give objects of type `label` a trail page; `events(obj)` is a Q over AuditEvent.

    `may_see(user, obj)`, when given, tells a page that already shows `obj` whether to link the trail
    (no query); without it the link costs one `get_for_user` lookup.
    """
    _REGISTRY[label] = AuditedType(
        label=label,
        get_for_user=get_for_user,
        events=events or (lambda obj: Q(object_type=label, object_id=str(obj.pk))),
        may_see=may_see,
    )


def audited_type(label) -> AuditedType:
    try:
        return _REGISTRY[label]
    except KeyError:
        raise Http404 from None


def may_see_trail_of_student(user, student) -> bool:
    """EWS coordinators of the student's school; for the register (no school), the area's follow-up officers."""
    access = access_for(user)
    if student.school_id is not None:
        return access.is_coordinator_of(student.school_id)
    return student.area_id in access.follow_up_area_ids


def _student_for_trail(request, object_id):
    student_model = apps.get_model("cases", "Student")
    student = student_model.objects.visible_to(request.user).filter(pk=_int_or_404(object_id)).first()
    if student is None or not may_see_trail_of_student(request.user, student):
        raise Http404
    return student


def _int_or_404(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


# Everything about a student: views of the record and of their cases, changes, exports.
register(
    "cases.student",
    get_for_user=_student_for_trail,
    events=lambda student: Q(student_id=student.pk),
    may_see=may_see_trail_of_student,
)
