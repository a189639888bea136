"""Concerns: logged by a teacher, triaged by the school's EWS coordinator."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from cases.models import Case, CaseEvent, Concern

from .cases import open_case
from .timeline import add_event


def log_concern(
    *, student, logged_by, text, categories, observer_name, observer_position="", date=None, submission_key=None
):
    """Log a concern; the same form sent twice (same key) logs it once."""
    if submission_key is not None:
        existing = Concern.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return existing
    return Concern.objects.create(
        student=student,
        logged_by=logged_by,
        text=text,
        categories=list(categories),
        observer_name=observer_name,
        observer_position=observer_position,
        date=date or timezone.localdate(),
        submission_key=submission_key,
    )


def _decide(concern, *, status, by, case=None, reason=""):
    concern.status = status
    concern.case = case
    concern.no_case_reason = reason
    concern.decided_by = by
    concern.decided_at = timezone.now()
    concern.save(update_fields=["status", "case", "no_case_reason", "decided_by", "decided_at"])


def _concern_entry(concern):
    """The timeline entry's message and values for a concern."""
    return {
        "message": gettext_noop("Concern of %(date)s by %(observer)s"),
        "params": {"date": concern.date.isoformat(), "observer": concern.observer_name},
    }


@transaction.atomic
def open_case_from_concern(*, concern, opened_by):
    """Open a case from a new concern (its text and observer fill the form). Twice: one case."""
    concern = Concern.objects.select_for_update().get(pk=concern.pk)
    if concern.status != Concern.Status.NEW:
        return concern.case
    observer = ", ".join(part for part in (concern.observer_name, concern.observer_position) if part)
    case = open_case(
        student=concern.student,
        opened_by=opened_by,
        date=timezone.localdate(),
        observed_problem=concern.text,
        observers=observer,
    )
    _decide(concern, status=Concern.Status.CASE_OPENED, by=opened_by, case=case)
    add_event(case=case, kind=CaseEvent.Kind.CONCERN, actor=opened_by, **_concern_entry(concern))
    return case


@transaction.atomic
def link_concern(*, concern, case, linked_by):
    """Attach a new concern to an open case of the same student."""
    if case.student_id != concern.student_id or case.status != Case.Status.OPEN:
        raise ValueError("A concern can only be linked to an open case of the same student")
    concern = Concern.objects.select_for_update().get(pk=concern.pk)
    if concern.status != Concern.Status.NEW:
        return concern
    _decide(concern, status=Concern.Status.LINKED, by=linked_by, case=case)
    add_event(case=case, kind=CaseEvent.Kind.CONCERN, actor=linked_by, **_concern_entry(concern))
    return concern


@transaction.atomic
def close_concern(*, concern, closed_by, reason):
    """Record why no case is needed."""
    if not reason.strip():
        raise ValueError("A reason is required")
    concern = Concern.objects.select_for_update().get(pk=concern.pk)
    if concern.status != Concern.Status.NEW:
        return concern
    _decide(concern, status=Concern.Status.NO_CASE, by=closed_by, reason=reason.strip())
    return concern
