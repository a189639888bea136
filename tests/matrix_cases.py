"""Permission-matrix entries for the cases app (students' concerns, cases, consent, actions, sheets).

`case_world(w)` adds, once per `world`, one object of each kind around student_a (class_a,
school 1): a concern logged by the class teacher, a case with an action row for the EWS
member, a consent with a signed document, and a signed sheet version.

It also involves the two outside partners of `world` in that case, each through a directory
entry of theirs and an action row: the consent covers `partner_consented`; the consent that
covered `partner_withdrawn` is withdrawn. A decoy case of student_b (class_b) is shared with
neither: `partner_consented` is in its consent scope but not involved, `partner_withdrawn` is
involved (responsible for a row) without consent. Partners must see case_a and nothing else.
"""

import datetime

from django.core.files.base import ContentFile
from django.urls import reverse

from cases.models import CaseSheetVersion, SheetBatch
from cases.services.consent import withdraw_consent

from .cases.factories import (
    ActionItemFactory,
    CaseFactory,
    ConcernFactory,
    ConsentFactory,
    InvolvedProfessionalFactory,
    OutsidePartnerFactory,
)

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
        partners_world(w)
    return w


def partners_world(w):
    """The two outside partners' part in case_a, and the decoy case shared with neither."""
    w.entry_in = OutsidePartnerFactory(area=w.area, user=w.partner_consented, institute="Matrix Barnevern Inn")
    w.entry_out = OutsidePartnerFactory(area=w.area, user=w.partner_withdrawn, institute="Matrix Gyermekjólét Ki")
    for entry in (w.entry_in, w.entry_out):
        InvolvedProfessionalFactory(case=w.case_a, outside_partner=entry, name="", institute="")
    w.action_in = ActionItemFactory(case=w.case_a, responsible_partner=w.entry_in, action="Matrix-látogatás")
    w.action_out = ActionItemFactory(case=w.case_a, responsible_partner=w.entry_out, action="Matrix-hívás")
    w.consent_a.partners.set([w.entry_in])
    withdrawn = ConsentFactory(case=w.case_a, partners=[w.entry_out], given_by_name="Ilona Lőrincz")
    withdraw_consent(consent=withdrawn, withdrawn_by=w.coordinator, reason="Kérésre.")
    w.decoy = CaseFactory(student=w.student_b, observed_problem="Matrix-titok B.")
    ConsentFactory(case=w.decoy, partners=[w.entry_in])
    InvolvedProfessionalFactory(case=w.decoy, outside_partner=w.entry_out, name="", institute="")
    w.decoy_action = ActionItemFactory(case=w.decoy, responsible_partner=w.entry_out, action="Matrix-titkos lépés")


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
        OTHER_TEACHER,
        PARTNER_IN,
        SCHOOL1_CLASS_A,
        SIGNED_IN,
        TEACHER,
        Rule,
    )

    # Who may work on student_a's case: school 1's EWS team and the area's follow-up service.
    case_team = frozenset({EWS, COORDINATOR, FOLLOWUP})
    # Who reads student_a's case: those who see the student, and the partner its consent covers.
    case_readers = SCHOOL1_CLASS_A | {PARTNER_IN}
    # Who sees the decoy case of student_b: class_b's teacher and school 1's EWS team, no partner.
    decoy_readers = frozenset({OTHER_TEACHER}) | case_team

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
            "action_in": (f'href="{reverse("action_update", args=[w.action_in.pk])}"', "Matrix-látogatás"),
            "action_out": (f'href="{reverse("action_update", args=[w.action_out.pk])}"', "Matrix-hívás"),
            "decoy": (f'href="{reverse("case_detail", args=[w.decoy.pk])}"', w.decoy.reference),
            "decoy_action": (f'href="{reverse("action_update", args=[w.decoy_action.pk])}"', "Matrix-titkos lépés"),
        }

    def case_rows(w):
        """A case list: case_a for its readers, the decoy for its own, the partners' rows for nobody."""
        m = marks(w)
        return {m["case"]: case_readers, m["decoy"]: decoy_readers}

    def partner_rows(w, **mine):
        """Partners' action rows: only `partner_consented`'s own, on the pages where `mine` says."""
        m = marks(w)
        return {
            m["action_in"]: mine.get("action_in", frozenset()),
            m["action_out"]: frozenset(),
            m["decoy_action"]: mine.get("decoy_action", frozenset()),
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
        "case_list": Rule(allow=SIGNED_IN, kwargs=with_cases, rows=case_rows),
        "action_mine": Rule(
            allow=SIGNED_IN,
            kwargs=with_cases,
            rows=lambda w: {marks(w)["action"]: {EWS}, **partner_rows(w, action_in={PARTNER_IN})},
        ),
        "action_overdue": Rule(
            allow=SIGNED_IN,
            kwargs=with_overdue_action,
            rows=lambda w: {marks(w)["action"]: case_team, **partner_rows(w)},
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
            allow=case_readers,
            kwargs=case_kwargs,
            rows=lambda w: {
                ("Sokat hiányzik.",): case_readers,
                ("Matrix-titok B.",): frozenset(),
                # Consents, signed documents and sheets are the school's: never shown to a partner.
                (f'href="{reverse("consent_document", args=[w.case_a.pk, w.consent_a.pk])}"',): case_team,
                (f'href="{reverse("sheet_download", args=[w.case_a.pk, 1])}"',): case_team,
            },
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
