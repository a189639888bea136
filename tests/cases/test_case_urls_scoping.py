"""Every object URL of the cases app answers 404 outside its scope: school 2, other areas,
partners without consent or involvement; a withdrawn consent closes the door at once."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseSheetVersion
from cases.services.consent import withdraw_consent

from .factories import ConcernFactory, InvolvedProfessionalFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def objects(world, full_case):
    concern = ConcernFactory(student=world.student_a, case=full_case, status="linked")
    consent = full_case.consents.get()
    consent.document.save("consent.pdf", ContentFile(PDF), save=True)
    sheet = CaseSheetVersion(
        case=full_case, number=1, content_type="application/pdf", size=len(PDF), checksum="0" * 64, case_version=1
    )
    sheet.file.save("sheet.pdf", ContentFile(PDF), save=False)
    sheet.save()
    action = full_case.actions.first()
    return {"case": full_case, "concern": concern, "consent": consent, "action": action}


def object_urls(o):
    case = o["case"].pk
    return {
        "concern_detail": ("get", reverse("concern_detail", args=[o["concern"].pk])),
        "concern_decide": ("post", reverse("concern_decide", args=[o["concern"].pk])),
        "case_detail": ("get", reverse("case_detail", args=[case])),
        "case_edit": ("get", reverse("case_edit", args=[case])),
        "case_close": ("post", reverse("case_close", args=[case])),
        "case_reopen": ("post", reverse("case_reopen", args=[case])),
        "case_new": ("get", reverse("case_new") + f"?student={o['case'].student_id}"),
        "consent_new": ("get", reverse("consent_new", args=[case])),
        "consent_withdraw": ("post", reverse("consent_withdraw", args=[case, o["consent"].pk])),
        "consent_document": ("get", reverse("consent_document", args=[case, o["consent"].pk])),
        "case_sheet_pdf": ("get", reverse("case_sheet_pdf", args=[case])),
        "sheet_upload": ("get", reverse("sheet_upload", args=[case])),
        "sheet_download": ("get", reverse("sheet_download", args=[case, 1])),
        "action_update": ("get", reverse("action_update", args=[o["action"].pk])),
    }


NAMES = [
    "concern_detail",
    "concern_decide",
    "case_detail",
    "case_edit",
    "case_close",
    "case_reopen",
    "case_new",
    "consent_new",
    "consent_withdraw",
    "consent_document",
    "case_sheet_pdf",
    "sheet_upload",
    "sheet_download",
    "action_update",
]


def fetch(client, method, url):
    return (
        client.post(url, {"decision": "open", "outcome": "x", "reason": "x"}) if method == "post" else client.get(url)
    )


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("persona", ["coordinator2", "other_followup", "partner", "admin"])
def test_outsiders_get_404(client, world, objects, name, persona):
    client.force_login(getattr(world, persona))
    method, url = object_urls(objects)[name]
    assert fetch(client, method, url).status_code == 404


@pytest.mark.parametrize("name", NAMES)
def test_coordinator_of_the_school_gets_the_page(client, world, objects, name):
    client.force_login(world.coordinator)
    method, url = object_urls(objects)[name]
    assert fetch(client, method, url).status_code in (200, 302)


@pytest.mark.parametrize(
    "name", ["case_edit", "case_close", "consent_new", "consent_document", "case_sheet_pdf", "sheet_download"]
)
def test_teacher_cannot_use_the_editing_urls(client, world, objects, name):
    client.force_login(world.teacher)
    method, url = object_urls(objects)[name]
    assert fetch(client, method, url).status_code == 404


def test_involved_partner_with_consent_reads_the_case_until_withdrawal(client, world, objects):
    case = objects["case"]
    entry = case.partner_entry
    entry.user = world.partner
    entry.save()
    client.force_login(world.partner)
    url = reverse("case_detail", args=[case.pk])
    page = client.get(url).content.decode()
    assert "Hjemmebesøk hos familien" in page
    assert "Edit the case" not in page and "Ilona Lőrincz" not in page
    assert client.get(reverse("case_edit", args=[case.pk])).status_code == 404
    assert client.get(reverse("consent_document", args=[case.pk, objects["consent"].pk])).status_code == 404
    withdraw_consent(consent=objects["consent"], withdrawn_by=world.coordinator, reason="Visszavonta")
    assert client.get(url).status_code == 404
    assert client.get(reverse("action_update", args=[objects["action"].pk])).status_code == 404


def test_partner_with_consent_but_not_involved_gets_404(client, world, objects):
    case = objects["case"]
    case.professionals.all().delete()
    entry = case.partner_entry
    entry.user = world.partner
    entry.save()
    client.force_login(world.partner)
    assert client.get(reverse("case_detail", args=[case.pk])).status_code == 404


def test_involved_partner_without_consent_gets_404(client, world, objects):
    case = objects["case"]
    InvolvedProfessionalFactory(case=case, user=world.partner)
    case.consents.update(withdrawn_at=timezone.now(), withdrawal_reason="x")
    client.force_login(world.partner)
    assert client.get(reverse("case_detail", args=[case.pk])).status_code == 404


def test_lists_leak_nothing_of_another_school(client, world, objects):
    client.force_login(world.coordinator2)
    for name in ["case_list", "concern_inbox", "concern_mine", "action_mine", "action_overdue"]:
        page = client.get(reverse(name) + "?status=all").content.decode()
        assert objects["case"].reference not in page, name
        assert "Lőrincz" not in page, name
