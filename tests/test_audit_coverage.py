"""Every view, print, download and export of a young person's data leaves an audit event.

The URL list comes from the resolver: every URL served by an app that holds young people's data
(`cases`, `crocoos`) must be in SENSITIVE (the action it records, checked below) or in
NOT_SENSITIVE (why not: a list, a form that changes data, a page without a young person's data).
A new URL in those apps fails `test_every_url_is_classified` until someone decides.

Each SENSITIVE URL is opened by a persona the permission matrix allows (the entry's `persona`, else
the first allowed one); the event must name that person and, unless `names_student=False`, student_a.
"""

from collections import Counter
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from crocoos.models import AuditEvent

from .test_permission_matrix import ANONYMOUS, MATRIX, PERSONAS, SKIPPED_PREFIXES, page_for

# Apps whose URLs can show a young person's data: each of their URLs is classified below.
CHILD_DATA_APPS = ("cases.", "crocoos.")


@dataclass(frozen=True)
class Audited:
    action: str
    method: str = "get"
    persona: str | None = None
    names_student: bool = True


SENSITIVE = {
    "student_detail": Audited("student.viewed"),
    "concern_detail": Audited("concern.viewed"),
    "case_detail": Audited("case.viewed"),
    "case_edit": Audited("case.edit_opened"),
    "case_sheet_pdf": Audited("case.printed"),
    "sheet_download": Audited("case.sheet_downloaded"),
    "case_sheet_batch_download": Audited("case.sheets_batch_downloaded"),
    "consent_document": Audited("consent.downloaded"),
    "action_update": Audited("action.viewed"),
    "meeting_detail": Audited("meeting.viewed", persona="coordinator"),
    "meeting_pdf": Audited("meeting.agenda_printed"),
    "meeting_minutes": Audited("meeting.minutes_viewed"),
    "meeting_attendance": Audited("meeting.attendance_viewed"),
    # The matrix's guest is outside the consent scope: the agenda hides the name, the visit is still recorded.
    "meeting_invitation": Audited("meeting.invitation_opened", names_student=False),
    "right_of_access_export": Audited("student.right_of_access_exported", method="post"),
    "audit_trail": Audited("audit.trail_viewed", names_student=False),
}

LIST = "a list or search: names and links only; what is opened from it is audited"
CHANGE = "changes data: records its own event with the names of the changed fields"
NO_CHILD_DATA = "shows no young person's data"
NOT_SENSITIVE = {
    "home": LIST,
    "student_list": LIST,
    "concern_mine": LIST,
    "concern_inbox": LIST,
    "case_list": LIST,
    "action_mine": LIST,
    "action_overdue": LIST,
    "meeting_list": LIST,
    "class_detail": LIST,
    "school_detail": NO_CHILD_DATA,
    "set_language": NO_CHILD_DATA,
    "two_factor_verify": NO_CHILD_DATA,
    "two_factor_setup": NO_CHILD_DATA,
    "processing_record": NO_CHILD_DATA,
    "audit_access_report": "the empty form; each report run is recorded (tests/test_audit.py)",
    "meeting_new": NO_CHILD_DATA,
    "meeting_group_list": NO_CHILD_DATA,
    "meeting_group_new": "names of professionals in a saved invitee group; saves recorded as invitee_group.saved",
    "meeting_group_edit": "names of professionals in a saved invitee group; saves recorded as invitee_group.saved",
    "meeting_group_delete": "no young person's data; recorded as invitee_group.deleted",
    "meeting_edit": "date, time and place of a meeting; changes recorded as meeting.changed",
    "meeting_next": "date and time of the next meeting; recorded as meeting.convened",
    "meeting_signature": "a professional's signature image on the attendance sheet",
    "meeting_invitees_save_group": "a group of professionals, no young person's data",
    "meeting_invitees_find": "names of professionals to invite, no young person's data",
    "meeting_agenda_find": LIST,
    "student_import": "upload form; each imported student is recorded as student.imported",
    "concern_new": "empty form; the saved concern is recorded as concern.created",
    "case_new": "empty form with the student's name; the case is recorded as case.created",
    "consent_new": "empty form; recorded as consent.created",
    "sheet_upload": "upload form; recorded as case.sheet_signed",
    "case_sheet_batch_new": "a count of cases; the request is recorded as case.sheets_batch_requested",
    "case_sheet_batch": "the progress of a batch; each sheet printed is recorded as case.printed",
    "case_sheet_batch_progress": "the progress of a batch; each sheet printed is recorded as case.printed",
    "concern_decide": CHANGE,
    "case_close": CHANGE,
    "case_reopen": CHANGE,
    "consent_withdraw": CHANGE,
    "meeting_cancel": CHANGE,
    "meeting_agenda_add": CHANGE,
    "meeting_agenda_item": CHANGE,
    "meeting_invitees_add": CHANGE,
    "meeting_invitation_remove": CHANGE,
    "meeting_invitations_send": "queues e-mails; each e-mail sent is recorded as meeting.invitation_emailed",
    "meeting_respond": CHANGE,
    "meeting_summaries_send": "queues e-mails; each e-mail sent is recorded as meeting.summary_emailed",
}
COVERAGE = Counter()


def child_data_urls(patterns=None, prefix=""):
    """Names of the URLs served by views of CHILD_DATA_APPS, walking the resolver like the matrix does."""
    names = set()
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(SKIPPED_PREFIXES):
            continue
        if isinstance(pattern, URLResolver):
            names |= child_data_urls(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            view = getattr(pattern.callback, "view_class", pattern.callback)
            if view.__module__.startswith(CHILD_DATA_APPS):
                names.add(pattern.name)
    return names


def test_every_url_is_classified():
    names = child_data_urls()
    assert "student_detail" in names and "meeting_pdf" in names  # the walk finds the apps' URLs
    missing = sorted(names - SENSITIVE.keys() - NOT_SENSITIVE.keys())
    assert not missing, "\n".join(
        f"URL '{name}': add it to SENSITIVE (and record an audit event) or to NOT_SENSITIVE with the reason"
        for name in missing
    )
    both = sorted(SENSITIVE.keys() & NOT_SENSITIVE.keys())
    assert not both, f"URLs both sensitive and not: {both}"
    stale = sorted((SENSITIVE.keys() | NOT_SENSITIVE.keys()) - names)
    assert not stale, f"entries for URLs that no longer exist: {stale}"


@pytest.mark.parametrize("name", sorted(SENSITIVE))
def test_sensitive_views_are_audited(world, name):
    assert name in MATRIX, f"URL '{name}' is gone from the permission matrix: update SENSITIVE here"
    spec = SENSITIVE[name]
    rule = MATRIX[name]
    persona = spec.persona or next(p for p in PERSONAS if p in rule.allow and p != ANONYMOUS)
    assert persona in rule.allow
    user = getattr(world, persona)
    url, response = page_for(world, name, persona, spec.method)
    assert response.status_code == 200, f"{spec.method.upper()} {url} as {persona}: {response.status_code}"
    events = AuditEvent.objects.filter(action=spec.action, actor=user)
    assert events.exists(), f"{spec.method.upper()} {url} ({name}) as {persona} recorded no '{spec.action}'"
    if spec.names_student:
        assert events.filter(student_id=world.student_a.pk).exists(), f"{name}: '{spec.action}' names no student"
    COVERAGE["audited"] += 1


def test_every_meeting_pdf_is_audited(client, world):
    from .matrix_meetings import meeting_world

    meeting_world(world)
    client.force_login(world.coordinator)
    for document in ("agenda", "attendance", "minutes"):
        response = client.get(reverse("meeting_pdf", args=[world.meeting.pk, document]))
        assert response.status_code == 200
        assert AuditEvent.objects.filter(
            action=f"meeting.{document}_printed", actor=world.coordinator, student_id=world.student_a.pk
        ).exists()
