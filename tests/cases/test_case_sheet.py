"""The case sheet PDF and the signed versions."""

import hashlib
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import CaseEvent, CaseSheetVersion
from cases.services.sheets import freeze_signed_sheet, render_case_sheet

from .factories import ActionItemFactory

# The labels of the seed's CASE DOCUMENTATION form, in its order.
SEED_LABELS = [
    "CASE DOCUMENTATION",
    "Date:",
    "Present:",
    "name",
    "institute",
    "signature",
    "Name of student:",
    "Class:",
    "Place and date of birth:",
    "Name of class teacher:",
    "Observed problem with the student:",
    "Observers’ name, position:",
    "Involved professionals:",
    "The problem according to involved professionals:",
    "Targets:",
    "Action plan:",
    "action",
    "responsible institute",
    "responsible professional",
    "deadline",
    "result",
    "Result of intervention:",
    "Further interventions:",
]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def pdf_text(pdf_bytes, tmp_path, *args):
    path = tmp_path / "sheet.pdf"
    path.write_bytes(pdf_bytes)
    return subprocess.run(
        ["/usr/bin/pdftotext", *args, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def flat(text):
    return " ".join(text.split())


def test_pdf_holds_every_seed_label_in_order_and_the_data(client, world, full_case, tmp_path):
    client.force_login(world.coordinator)
    response = client.get(reverse("case_sheet_pdf", args=[full_case.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = flat(pdf_text(response.content, tmp_path))
    position = 0
    for label in SEED_LABELS:
        found = text.find(label, position)
        assert found >= 0, f"{label!r} missing or out of order"
        position = found + len(label)
    for value in [
        full_case.reference,
        "Petőfi Gimnázium",
        "Ödön Lőrincz",
        "Éva Tanár",
        "Kecskemét",
        "9.A",
        "Hűvös a viszony",  # Hungarian ő ű
        "støtte; gutten føler seg utenfor på skolen (æ ø å)",  # Norwegian
        "Școala și familia țin legătura",  # Romanian ș ț
        "Ingrid Sæther",
        "Ștefan Țurcanu",
        "Barnevernet Nordvik",
        "Family support",
        "Bedre søvnrutiner",
        "Hjemmebesøk hos familien",
        "Pályaorientációs",
        "page 1 of",
    ]:
        assert value in text, value
    assert full_case.events.filter(kind=CaseEvent.Kind.SHEET_PRINTED).exists()


def test_pdf_is_in_the_users_language(client, world, full_case, tmp_path):
    world.coordinator.language = "hu"
    world.coordinator.save()
    client.force_login(world.coordinator)
    response = client.get(reverse("case_sheet_pdf", args=[full_case.pk]))
    assert response.status_code == 200  # no Hungarian catalogue yet: the English labels stay


def test_long_action_plan_breaks_across_pages_with_header_and_footer_on_each(world, full_case, tmp_path):
    for n in range(40):
        ActionItemFactory(case=full_case, action=f"Lépés {n:02d}: hosszabb leírás " * 3, position=10 + n)
    pdf = render_case_sheet(full_case, language="en")
    (tmp_path.parent / "long-case-sheet.pdf").write_bytes(pdf)
    pages = pdf_text(pdf, tmp_path).split("\f")
    pages = [page for page in pages if page.strip()]
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert full_case.reference in page
        assert "Petőfi Gimnázium" in page
        assert f"page {number} of {len(pages)}" in page
    # The table header is repeated on every page the action plan runs over.
    assert sum("responsible institute" in flat(page) for page in pages) >= 2
    # No row cut in half: each row's text stays on one page.
    for n in range(40):
        assert sum(f"Lépés {n:02d}" in page for page in pages) == 1


def upload(client, case, content, name):
    return client.post(reverse("sheet_upload", args=[case.pk]), {"file": SimpleUploadedFile(name, content)})


def test_signed_sheet_is_frozen_with_checksum_and_new_versions_follow(client, world, full_case):
    client.force_login(world.coordinator)
    assert upload(client, full_case, PDF, "scan.pdf").status_code == 302
    sheet = full_case.sheet_versions.get()
    assert sheet.number == 1 and sheet.checksum == hashlib.sha256(PDF).hexdigest()
    assert sheet.content_type == "application/pdf" and sheet.case_version == 1
    assert "scan" not in sheet.file.name  # generated storage name
    with pytest.raises(PermissionError):
        sheet.save()
    with pytest.raises(PermissionError):
        sheet.delete()
    # the same file twice: one version; a later edit and a new signed scan: version 2
    upload(client, full_case, PDF, "scan.pdf")
    assert full_case.sheet_versions.count() == 1
    full_case.version = 2
    full_case.save()
    upload(client, full_case, PNG, "photo.png")
    assert [s.number for s in full_case.sheet_versions.all()] == [2, 1]
    page = client.get(reverse("case_detail", args=[full_case.pk])).content.decode()
    assert "Version 1" in page and "Version 2" in page
    response = client.get(reverse("sheet_download", args=[full_case.pk, 1]))
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF
    assert CaseSheetVersion.objects.get(number=1).checksum == hashlib.sha256(PDF).hexdigest()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"MZ\x90\x00 not a pdf", "evil.pdf", "Upload a PDF, PNG or JPEG file."),
        (b"", "empty.pdf", "The submitted file is empty."),
    ],
)
def test_upload_checks_the_content_not_the_name(client, world, full_case, content, name, message):
    client.force_login(world.coordinator)
    response = upload(client, full_case, content, name)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not full_case.sheet_versions.exists()


def test_upload_refuses_too_large_files(world, full_case, settings):
    from django.core.exceptions import ValidationError

    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (11 * 1024 * 1024))
    with pytest.raises(ValidationError):
        freeze_signed_sheet(case=full_case, file=big, uploaded_by=world.coordinator)
