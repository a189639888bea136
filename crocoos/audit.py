"""Append-only audit trail: who viewed, printed, exported or changed what, when, from where.

Call `record(...)` from views and services. Values of changed fields are never stored,
only their names (children's data must not leak into the log).
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent


def client_ip(request):
    """The client's address; behind CROCOOS_TRUSTED_PROXY_COUNT proxies, from X-Forwarded-For.

    Only the entries the trusted proxies appended are believed: the client may send any
    X-Forwarded-For it likes, so we count from the right.
    """
    if request is None:
        return None
    proxies = getattr(settings, "CROCOOS_TRUSTED_PROXY_COUNT", 0)
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def record(action, *, request=None, actor=None, obj=None, student=None, changed_fields=(), detail=None):
    """Write one audit event. `action` is dotted: "case.viewed", "student.changed", "directory.exported"."""
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    return AuditEvent.objects.create(
        action=action,
        actor=actor,
        ip_address=client_ip(request),
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        student_id=getattr(student, "pk", student),
        changed_fields=sorted(changed_fields),
        detail=detail or {},
    )


def record_for_students(action, *, student_ids, request=None, actor=None, obj=None, detail=None):
    """One event per student, for a document that shows several (a batch of case sheets), so that
    each student's trail and right-of-access report lists it."""
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    ip_address = client_ip(request)
    AuditEvent.objects.bulk_create(
        AuditEvent(
            action=action,
            actor=actor,
            ip_address=ip_address,
            object_type=obj._meta.label_lower if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
            student_id=student_id,
            detail=detail or {},
        )
        for student_id in sorted(set(student_ids))
    )


# How audit actions read in the trail pages; apps add theirs with register_action().
ACTION_LABELS = {
    "student.viewed": _("Opened the student's record"),
    "concern.created": _("Logged a concern"),
    "concern.viewed": _("Opened a concern"),
    "concern.linked": _("Linked a concern to a case"),
    "concern.closed": _("Closed a concern"),
    "case.created": _("Opened a case"),
    "case.viewed": _("Opened the case"),
    "case.changed": _("Changed the case"),
    "case.closed": _("Closed the case"),
    "case.reopened": _("Reopened the case"),
    "case.printed": _("Printed the case sheet"),
    "case.sheet_signed": _("Filed a signed case sheet"),
    "case.sheet_downloaded": _("Downloaded a signed case sheet"),
    "case.sheets_batch_requested": _("Asked for the case sheets of several cases"),
    "case.sheets_batch_downloaded": _("Downloaded the case sheets of several cases"),
    "consent.created": _("Recorded a consent"),
    "consent.withdrawn": _("Recorded the withdrawal of a consent"),
    "consent.downloaded": _("Downloaded a signed consent"),
    "account.two_factor_enrolled": _("Turned on two-factor sign-in"),
    "account.two_factor_verified": _("Confirmed sign-in with a second factor"),
    "account.two_factor_failed": _("Entered a wrong sign-in code"),
    "account.recovery_codes_renewed": _("Made new recovery codes"),
    "audit.trail_viewed": _("Looked at who has seen or changed a record"),
    "audit.access_report_viewed": _("Ran an access report on a user"),
    "student.right_of_access_exported": _("Exported everything held about the student (right of access)"),
    "retention.applied": _("Deleted or anonymised data whose retention period was over"),
}


def register_action(action, label):
    ACTION_LABELS[action] = label


def action_label(action):
    return ACTION_LABELS.get(action, action)
