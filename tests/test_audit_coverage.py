"""Every view, print, download and export of one young person's data leaves an audit event.

SENSITIVE lists those URLs (from the permission matrix) with the action they must record; the
first persona the matrix allows opens each, and the event must name that person and student_a.
"""

from collections import Counter

import pytest

from crocoos.models import AuditEvent

from .test_permission_matrix import ANONYMOUS, MATRIX, PERSONAS, page_for

# URL name -> (method, audit action)
SENSITIVE = {
    "student_detail": ("get", "student.viewed"),
    "concern_detail": ("get", "concern.viewed"),
    "case_detail": ("get", "case.viewed"),
    "case_sheet_pdf": ("get", "case.printed"),
    "sheet_download": ("get", "case.sheet_downloaded"),
    "case_sheet_batch_download": ("get", "case.sheets_batch_downloaded"),
    "consent_document": ("get", "consent.downloaded"),
    "right_of_access_export": ("post", "student.right_of_access_exported"),
}
COVERAGE = Counter()


@pytest.mark.parametrize("name", sorted(SENSITIVE))
def test_sensitive_views_are_audited(world, name):
    assert name in MATRIX, f"URL '{name}' is gone from the permission matrix: update SENSITIVE here"
    method, action = SENSITIVE[name]
    rule = MATRIX[name]
    persona = next(p for p in PERSONAS if p in rule.allow and p != ANONYMOUS)
    user = getattr(world, persona)
    url, response = page_for(world, name, persona, method)
    assert response.status_code == 200, f"{method.upper()} {url} as {persona}: {response.status_code}"
    events = AuditEvent.objects.filter(action=action, actor=user)
    assert events.exists(), f"{method.upper()} {url} ({name}) as {persona} recorded no '{action}'"
    assert events.filter(student_id=world.student_a.pk).exists(), f"{name}: '{action}' does not name the student"
    COVERAGE["audited"] += 1
