"""Opening, saving and closing cases."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import gettext_noop

from cases.models import Case, CaseEvent

from .timeline import add_event

REFERENCE_PREFIX = "EWS"


class EditConflict(Exception):
    """Someone else saved the case since the form was opened."""

    def __init__(self, current):
        super().__init__("The case was changed by someone else")
        self.current = current


def _next_reference(year):
    prefix = f"{REFERENCE_PREFIX}-{year}-"
    # Longest first: past 9999 a year, "…-10000" sorts before "…-9999" as text.
    last = (
        Case.objects.filter(reference__startswith=prefix)
        .order_by(Length("reference").desc(), "-reference")
        .values_list("reference", flat=True)
    )
    number = int(last[0].rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


def open_case(*, student, opened_by, date=None, submission_key=None, **fields):
    """Open a case for `student` with the next reference of the year, like EWS-2026-0007."""
    if submission_key is not None:
        existing = Case.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return existing
    date = date or timezone.localdate()
    for _attempt in range(5):
        try:
            with transaction.atomic():
                case = Case.objects.create(
                    reference=_next_reference(date.year),
                    student=student,
                    school=student.school,
                    area=student.area,
                    date=date,
                    opened_by=opened_by,
                    submission_key=submission_key,
                    **fields,
                )
                add_event(case=case, kind=CaseEvent.Kind.OPENED, actor=opened_by, summary=case.reference)
                return case
        except IntegrityError:
            # Another case took the same reference at the same moment: take the next one.
            continue
    raise RuntimeError("Could not allocate a case reference")


@transaction.atomic
def save_case(*, case, expected_version, changed_by, changed_fields=(), save_related=None, submission_key=None):
    """Save the edited `case` if nobody saved it since `expected_version`; else raise EditConflict.

    `save_related()` (the formsets) runs in the same transaction after the version check.
    """
    updated = Case.objects.filter(pk=case.pk, version=expected_version).update(version=F("version") + 1)
    if not updated:
        raise EditConflict(Case.objects.get(pk=case.pk))
    case.version = expected_version + 1
    if submission_key is not None:
        case.submission_key = submission_key
    case.save()
    if save_related is not None:
        save_related()
    if changed_fields:
        add_event(
            case=case,
            kind=CaseEvent.Kind.CHANGED,
            actor=changed_by,
            message=gettext_noop("Changed: %(fields)s"),
            params={"fields": list(changed_fields)},
        )
    return case


@transaction.atomic
def close_case(*, case, closed_by, outcome):
    if not outcome.strip():
        raise ValueError("A closed case needs an outcome")
    case.status = Case.Status.CLOSED
    case.outcome = outcome.strip()
    case.closed_at = timezone.now()
    case.version += 1
    case.save(update_fields=["status", "outcome", "closed_at", "version", "updated_at"])
    add_event(case=case, kind=CaseEvent.Kind.CLOSED, actor=closed_by, summary=case.outcome)
    return case


@transaction.atomic
def reopen_case(*, case, reopened_by):
    case.status = Case.Status.OPEN
    case.closed_at = None
    case.version += 1
    case.save(update_fields=["status", "closed_at", "version", "updated_at"])
    add_event(case=case, kind=CaseEvent.Kind.REOPENED, actor=reopened_by)
    return case
