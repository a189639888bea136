"""The right-of-access zip holds everything the cases app keeps about the young person."""

import io
import json
import zipfile

from django.urls import reverse

from cases.models import Concern
from crocoos import audit

from ..matrix_cases import PDF_BYTES
from ..matrix_meetings import meeting_world
from .factories import CaseFactory, InvolvedProfessionalFactory


def export(client, user, student):
    client.force_login(user)
    response = client.post(reverse("right_of_access_export", args=[student.pk]))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return {name: archive.read(name) for name in archive.namelist()}


def test_the_zip_holds_concerns_cases_actions_consents_meetings_documents_and_disclosures(
    client, world, django_capture_on_commit_callbacks
):
    w = meeting_world(world)
    Concern.objects.filter(pk=w.concern_a.pk).update(case=w.case_a, status=Concern.Status.LINKED)
    InvolvedProfessionalFactory(case=w.case_a, name="Sigrid Håkonsen")
    CaseFactory(student=w.student_b, observed_problem="Másik diák gondja.")  # someone else's case
    # Disclosures: the invitations go out by e-mail; a partner outside the school opens the case.
    client.force_login(w.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("meeting_invitations_send", args=[w.meeting.pk]))
    audit.record("case.viewed", actor=w.partner, obj=w.case_a, student=w.student_a)
    audit.record("case.viewed", actor=w.ews, obj=w.case_a, student=w.student_a)
    audit.record("meeting.summary_emailed", obj=w.meeting, student=w.student_a, detail={"to": "nav@example.org"})

    files = export(client, w.coordinator, w.student_a)
    data = json.loads(files["data.json"])["sections"]

    assert data["student"]["last_name"] == "Lőrincz"
    [concern] = data["concerns"]
    assert concern["text"] == w.concern_a.text
    assert concern["case"] == str(w.case_a)
    [case] = data["cases"]
    assert case["reference"] == w.case_a.reference
    assert case["observed_problem"] == "Sokat hiányzik."
    assert {"status", "outcome", "closed_at", "professionals_view", "further_interventions"} <= set(case)
    assert {row["action"] for row in case["action_plan"]} == {
        w.action_a.action,
        w.action_in.action,
        w.action_out.action,
    }
    # Professionals picked from the directory show the entry's name, as the case page does.
    names = [person["name"] for person in case["involved_professionals"]]
    assert sorted(names) == sorted(["Sigrid Håkonsen", w.entry_in.contact_name, w.entry_out.contact_name])
    assert case["timeline"], "the case's timeline"
    # Both consents are there, the withdrawn one with its withdrawal.
    consent, withdrawn = sorted(case["consents"], key=lambda entry: entry["withdrawn_at"] is not None)
    assert consent["given_by_name"] == w.consent_a.given_by_name
    assert (withdrawn["given_by_name"], withdrawn["withdrawal_reason"]) == ("Ilona Lőrincz", "Kérésre.")
    assert files[consent["document"]] == PDF_BYTES
    [sheet] = case["signed_sheets"]
    assert files[sheet["document"]] == PDF_BYTES
    [meeting] = data["meetings"]
    assert (meeting["meeting"], meeting["topic"]) == ("Esetmegbeszélés 9.A", "Hiányzások")
    assert meeting["minutes"]["notes"] == "Megbeszélve."
    assert [person["name"] for person in meeting["took_part"]] == ["Éva Tanár"]
    assert "Másik diák" not in files["data.json"].decode()
    assert "submission_key" not in files["data.json"].decode()

    log = json.loads(files["disclosure_log.json"])
    partner = next(entry for entry in log if entry["email"] == "partner@test.example.org")
    assert partner["outside_school"] is True
    emailed = next(entry for entry in log if entry["to"] == "nav@example.org")
    assert emailed["outside_school"] is True
    assert emailed["action"] == "E-mailed a case summary after a meeting"
    own = next(entry for entry in log if entry["email"] == "ews@test.example.org")
    assert own["outside_school"] is False
