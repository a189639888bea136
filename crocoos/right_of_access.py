"""Right of access (GDPR Art. 15): everything held about one young person, as a zip.

The zip holds `data.json` (the record and every registered section), `disclosure_log.json`
(who opened, printed, exported or changed the data, and whether they work outside the
student's school), `documents/...` (files the sections hand in) and a README.

Each app registers a collector for the data it owns:

    from crocoos import right_of_access

    @right_of_access.register
    def cases(student):
        return right_of_access.Section(
            name="cases",
            data=[{...} for case in student.cases.all()],
            files=[(f"case-{case.pk}/{doc.name}", doc.file.open("rb").read) for ...],  # bytes or a callable
        )
"""

import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import SuspiciousFileOperation
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404
from django.utils import timezone
from django.utils.text import get_valid_filename

from .access import access_for
from .audit import action_label
from .models import AuditEvent, Membership, User
from .registry import FunctionRegistry


@dataclass
class Section:
    name: str
    data: object
    files: list[tuple[str, bytes | Callable[[], bytes]]] = field(default_factory=list)


# Collectors: `collector(student) -> Section | list[Section] | None`.
COLLECTORS = FunctionRegistry()
register = COLLECTORS.register
unregister = COLLECTORS.unregister


def may_export(user, student) -> bool:
    """EWS coordinators of the student's school and follow-up officers of the student's area."""
    access = access_for(user)
    return (student.school_id is not None and access.is_coordinator_of(student.school_id)) or (
        student.area_id in access.follow_up_area_ids
    )


def get_student_for_export(request, pk):
    student_model = apps.get_model("cases", "Student")
    student = (
        student_model.objects.visible_to(request.user)
        .select_related("school", "school_class", "home_municipality", "area")
        .filter(pk=pk)
        .first()
    )
    if student is None or not may_export(request.user, student):
        raise Http404
    return student


@register
def student_record(student):
    return Section(
        name="student",
        data={
            "first_name": student.first_name,
            "last_name": student.last_name,
            "date_of_birth": student.date_of_birth,
            "place_of_birth": student.place_of_birth,
            "area": student.area.name,
            "school": student.school.name if student.school_id else None,
            "class": student.school_class.name if student.school_class_id else None,
            "home_municipality": student.home_municipality.name if student.home_municipality_id else None,
            "recorded_at": student.created_at,
            "last_changed_at": student.updated_at,
        },
    )


def disclosure_log(student):
    """Every audited access to the student's data, and every e-mail or invitation link that showed it.

    `to` is the address an e-mail went to (or the invitee who opened their link without an account);
    `outside_school` marks people who do not work at the student's school.
    """
    events = list(AuditEvent.objects.filter(student_id=student.pk).select_related("actor").order_by("at", "id"))
    recipients = {_recipient(event) for event in events} - {""}
    accounts = {user.email.lower(): user.pk for user in User.objects.filter(email__in=recipients)}
    actor_ids = {event.actor_id for event in events if event.actor_id} | set(accounts.values())
    roles = {}
    for membership in Membership.objects.filter(user_id__in=actor_ids).select_related("school", "area"):
        roles.setdefault(membership.user_id, []).append(membership)
    log = []
    for event in events:
        to = _recipient(event)
        person = event.actor_id or accounts.get(to.lower())
        held = roles.get(person, [])
        log.append(
            {
                "at": event.at,
                "action": str(action_label(event.action)),
                "who": event.actor.full_name if event.actor else None,
                "email": event.actor.email if event.actor else None,
                "to": to or None,
                "roles": [_role_text(membership) for membership in held],
                "outside_school": bool(person or to)
                and not any(m.school_id and m.school_id == student.school_id for m in held),
                "fields_changed": event.changed_fields,
            }
        )
    return log


def _recipient(event):
    return event.detail.get("to") or event.detail.get("invitee") or ""


def _role_text(membership):
    where = membership.organisation or membership.school or membership.area
    return f"{membership.get_role_display()} – {where}" if where else str(membership.get_role_display())


README = """Right of access export (GDPR Article 15)

data.json            everything recorded about the young person, by section
disclosure_log.json  who opened, printed, exported or changed the data, when, in which role, and
                     which e-mails (invitations, meeting summaries) showed it to whom ("to");
                     "outside_school": true marks people who do not work at the young person's school
documents/           documents kept with the record: signed case sheets and signed consents
"""


def build_export(student, *, generated_by) -> bytes:
    sections = []
    for collector in COLLECTORS:
        result = collector(student)
        if result is None:
            continue
        sections.extend(result if isinstance(result, list | tuple) else [result])
    data = {
        "generated_at": timezone.now(),
        "generated_by": generated_by.email,
        "sections": {section.name: section.data for section in sections},
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", README)
        archive.writestr("data.json", _json(data))
        archive.writestr("disclosure_log.json", _json(disclosure_log(student)))
        for section in sections:
            for name, content in section.files:
                archive.writestr(
                    f"documents/{_safe_path(section.name, name)}", content() if callable(content) else content
                )
    return buffer.getvalue()


def _safe_path(*parts):
    """A zip member path that cannot climb out of its folder ("..", absolute paths, odd characters)."""
    pieces = [piece for part in parts for piece in str(part).replace("\\", "/").split("/")]
    return "/".join(_safe_name(piece) for piece in pieces if piece.strip(". "))


def _safe_name(piece):
    try:
        return get_valid_filename(piece)
    except SuspiciousFileOperation:
        return "file"


def _json(value):
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
