"""Permission-matrix entries for the cases app (students' concerns, cases, consent, actions, sheets).

`case_world(w)` adds, once per `world`, one object of each kind around student_a (class_a,
school 1): a concern logged by the class teacher, a case with an action row for the EWS
member, a consent with a signed document, and a signed sheet version.
"""

import datetime

from django.core.files.base import ContentFile
from django.urls import reverse

from cases.models import CaseSheetVersion, SheetBatch

from .cases.factories import ActionItemFactory, CaseFactory, ConcernFactory, ConsentFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def case_world(w):
    if getattr(w, "case_a", None) is None:
        w.case_a = CaseFactory(student=w.student_a, observed_problem="Sokat hiányzik.")
        w.concern_a = ConcernFactory(student=w.student_a, logged_by=w.teacher)
        w.action_a = ActionItemFactory(case=w.case_a, responsible_user=w.ews)
        w.consent_a = ConsentFactory(case=w.case_a)
        w.consent_a.document.save("consent.pdf", ContentFile(PDF_BYTES), save=False)
        w.consent_a.document_content_type = "application/pdf"
        w.consent_a.save()
        w.sheet_a = CaseSheetVersion(
            case=w.case_a,
            number=1,
            content_type="application/pdf",
            size=len(PDF_BYTES),
            checksum="0" * 64,
            case_version=w.case_a.version,
        )
        w.sheet_a.file.save("sheet.pdf", ContentFile(PDF_BYTES), save=False)
        w.sheet_a.save()
    return w


def batch_world(w):
    """A finished batch of case sheets (student_a's case), asked for by school 1's coordinator."""
    w = case_world(w)
    if getattr(w, "sheet_batch", None) is None:
        w.sheet_batch = SheetBatch(
            created_by=w.coordinator, case_ids=[w.case_a.pk], total=1, processed=1, status=SheetBatch.Status.DONE
        )
        w.sheet_batch.file.save("sheets.pdf", ContentFile(PDF_BYTES), save=False)
        w.sheet_batch.save()
    return w


def cases_matrix():
    # Imported here: test_permission_matrix imports this module to extend MATRIX.
    from .test_permission_matrix import (
        COORDINATOR,
        COORDINATOR2,
        EWS,
        FOLLOWUP,
        OTHER_FOLLOWUP,
        SCHOOL1_CLASS_A,
        SIGNED_IN,
        TEACHER,
        Rule,
    )

    # Who may work on student_a's case: school 1's EWS team and the area's follow-up service.
    case_team = frozenset({EWS, COORDINATOR, FOLLOWUP})

    def case_kwargs(w):
        return {"pk": case_world(w).case_a.pk}

    def consent_kwargs(w):
        return {"pk": case_world(w).case_a.pk, "consent_pk": w.consent_a.pk}

    def marks(w):
        w = case_world(w)
        return {
            "case": (f'href="{reverse("case_detail", args=[w.case_a.pk])}"',),
            "concern": (f'href="{reverse("concern_detail", args=[w.concern_a.pk])}"',),
            "action": (f'href="{reverse("action_update", args=[w.action_a.pk])}"',),
        }

    def with_cases(w):
        """kwargs of the list URLs; builds the case objects before the page is fetched."""
        case_world(w)
        return {}

    def with_overdue_action(w):
        case_world(w).action_a.deadline = datetime.date(2020, 1, 6)
        w.action_a.save()
        return {}

    return {
        # Lists: open to every signed-in user, each shows only the rows in the user's scope.
        "concern_new": Rule(
            allow=SIGNED_IN, kwargs=with_cases, rows=lambda w: {("Lőrincz",): {TEACHER, EWS, COORDINATOR, FOLLOWUP}}
        ),
        "concern_mine": Rule(allow=SIGNED_IN, kwargs=with_cases, rows=lambda w: {marks(w)["concern"]: {TEACHER}}),
        "concern_inbox": Rule(allow=SIGNED_IN, kwargs=with_cases, rows=lambda w: {marks(w)["concern"]: {COORDINATOR}}),
        "case_list": Rule(allow=SIGNED_IN, kwargs=with_cases, rows=lambda w: {marks(w)["case"]: SCHOOL1_CLASS_A}),
        "action_mine": Rule(allow=SIGNED_IN, kwargs=with_cases, rows=lambda w: {marks(w)["action"]: {EWS}}),
        "action_overdue": Rule(
            allow=SIGNED_IN, kwargs=with_overdue_action, rows=lambda w: {marks(w)["action"]: case_team}
        ),
        # Objects.
        "concern_detail": Rule(
            allow=SCHOOL1_CLASS_A,
            kwargs=lambda w: {"pk": case_world(w).concern_a.pk},
            rows=lambda w: {("Lőrincz",): SCHOOL1_CLASS_A},
        ),
        "concern_decide": Rule(
            allow={COORDINATOR},
            kwargs=lambda w: {"pk": case_world(w).concern_a.pk},
            get=False,
            post=lambda w, persona: {"decision": "open"},
            post_status=(302,),
        ),
        "case_new": Rule(allow=case_team, query=lambda w: {"student": w.student_a.pk}),
        "case_detail": Rule(
            allow=SCHOOL1_CLASS_A, kwargs=case_kwargs, rows=lambda w: {("Sokat hiányzik.",): SCHOOL1_CLASS_A}
        ),
        "case_edit": Rule(allow=case_team, kwargs=case_kwargs),
        "case_close": Rule(
            allow=case_team, kwargs=case_kwargs, get=False, post=lambda w, persona: {"outcome": "Visszatért."}
        ),
        "case_reopen": Rule(allow=case_team, kwargs=case_kwargs, get=False, post=lambda w, persona: {}),
        "consent_new": Rule(allow=case_team, kwargs=case_kwargs),
        "consent_withdraw": Rule(
            allow=case_team, kwargs=consent_kwargs, get=False, post=lambda w, persona: {"reason": "Kérésre."}
        ),
        "consent_document": Rule(allow=case_team, kwargs=consent_kwargs),
        "case_sheet_pdf": Rule(allow=case_team, kwargs=case_kwargs),
        "sheet_upload": Rule(allow=case_team, kwargs=case_kwargs),
        "sheet_download": Rule(allow=case_team, kwargs=lambda w: {"pk": case_world(w).case_a.pk, "number": 1}),
        # Batches of case sheets: coordinators and follow-up officers ask; only the asker sees the batch.
        "case_sheet_batch_new": Rule(
            allow={COORDINATOR, COORDINATOR2, FOLLOWUP, OTHER_FOLLOWUP},
            kwargs=with_cases,
            post=lambda w, persona: {"status": "open"},
        ),
        "case_sheet_batch": Rule(allow={COORDINATOR}, kwargs=lambda w: {"pk": batch_world(w).sheet_batch.pk}),
        "case_sheet_batch_progress": Rule(allow={COORDINATOR}, kwargs=lambda w: {"pk": batch_world(w).sheet_batch.pk}),
        "case_sheet_batch_download": Rule(allow={COORDINATOR}, kwargs=lambda w: {"pk": batch_world(w).sheet_batch.pk}),
        "action_update": Rule(allow=case_team, kwargs=lambda w: {"pk": case_world(w).action_a.pk}),
        # Class-list import: the school's EWS coordinator.
        "student_import": Rule(allow={COORDINATOR, COORDINATOR2}),
    }
