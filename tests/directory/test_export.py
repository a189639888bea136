import csv
import io
import json
import shutil
import subprocess

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import formats, timezone, translation
from openpyxl import load_workbook

from crocoos.models import AuditEvent
from directory.models import ImportBatch, InSchoolProfessional, OutsidePartner

POPPLER = {name: shutil.which(name) for name in ("pdftotext", "pdfinfo")}
SEED_SCHOOL_COLUMNS = ["Position and responsibility", "Name", "Tel.", "E-mail", "What can he/she help with"]
SEED_PARTNER_COLUMNS = [
    "Name of institute",
    "Address",
    "Tel.",
    "E-mail",
    "Contact person's name",
    "Position, responsibility",
    "Direct contact",
    "What can he/she help with",
]


def pdf_text(content, tmp_path):
    path = tmp_path / "list.pdf"
    path.write_bytes(content)
    return subprocess.run(
        [POPPLER["pdftotext"], "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def test_csv_export_is_scoped_filtered_and_guarded_against_formulas(client, world, entries):
    OutsidePartner.objects.create(area=world.area, institute='=HYPERLINK("http://evil")', phone="+36 1 234")
    client.force_login(world.coordinator2)
    response = client.get(reverse("directory_export", args=["partners", "csv"]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Name of institute", "Sector", "Address"]
    institutes = [row[0] for row in rows[1:]]
    assert institutes == ['\'=HYPERLINK("http://evil")', "Addiktológiai Rendelő Ózd", "Police Crime Prevention"]
    assert rows[1][3] == "'+36 1 234"
    assert "Faraway Addiction Centre" not in response.content.decode("utf-8-sig")
    filtered = client.get(reverse("directory_export", args=["partners", "csv"]), {"help_area": "addiction"})
    assert "Police Crime Prevention" not in filtered.content.decode("utf-8-sig")
    assert AuditEvent.objects.filter(action="directory.exported", actor=world.coordinator2).count() == 2


def test_xlsx_export_of_in_school_list(client, world, entries):
    InSchoolProfessional.objects.create(school=world.school1, name="@SUM(1)", position="-Nurse")
    client.force_login(world.coordinator)
    response = client.get(reverse("directory_export", args=["school", "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell or "" for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0][:4] == ["Position and responsibility", "Name", "Tel.", "E-mail"]
    assert rows[1][:2] == ["'-Nurse", "'@SUM(1)"]
    assert rows[2][:2] == ["Speech therapist", "Ödön Kertész"]
    assert rows[2][4] == "Learning disorders"
    assert all("Kari Østby" not in str(row) for row in rows)


def test_export_reimports_cleanly(client, world, entries):
    """An exported file can be imported again: its rows are found as duplicates, not errors."""
    client.force_login(world.coordinator)
    exported = client.get(reverse("directory_export", args=["partners", "csv"])).content
    client.post(
        reverse("directory_import", args=["partners"]),
        {"file": SimpleUploadedFile("again.csv", exported), "target": world.area.pk},
    )
    batch = ImportBatch.objects.get()
    assert batch.errors == {}
    assert len(batch.duplicates) == 1  # the clinic has an e-mail; the police entry nothing to match


def test_pdf_of_in_school_list_has_the_seed_columns(client, world, entries, tmp_path):
    client.force_login(world.coordinator)
    response = client.get(reverse("directory_export", args=["school", "pdf"]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    for column in SEED_SCHOOL_COLUMNS:
        assert column in " ".join(text.split()), column
    assert "Ödön Kertész" in text and "Learning disorders" in text
    assert "Professionals in school – Petőfi Gimnázium" in text
    assert "Kari Østby" not in text


def test_pdf_of_partners_is_landscape_filtered_as_on_screen(client, world, entries, tmp_path):
    client.force_login(world.coordinator)
    response = client.get(reverse("directory_export", args=["partners", "pdf"]), {"q": "ozd"})
    text = pdf_text(response.content, tmp_path)
    flat = " ".join(text.split())
    for column in SEED_PARTNER_COLUMNS:
        assert column in flat, column
    assert "Addiktológiai Rendelő Ózd" in text
    assert "Police Crime Prevention" not in text
    assert "Who can help with …: ozd" in flat
    info = subprocess.run(
        [POPPLER["pdfinfo"], "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert "841.89 x 595.276" in info  # A4 landscape, in points


def test_pdf_is_in_the_users_language(client, world, entries, tmp_path):
    world.coordinator.language = "hu"
    world.coordinator.save()
    client.force_login(world.coordinator)
    text = pdf_text(client.get(reverse("directory_export", args=["school", "pdf"])).content, tmp_path)
    with translation.override("hu"):
        today = formats.date_format(timezone.localdate(), "DATE_FORMAT")
    assert today in " ".join(text.split())  # Hungarian month name and date order


def test_hsds_export_of_partners(client, world, entries):
    client.force_login(world.coordinator2)
    data = json.loads(client.get(reverse("directory_hsds")).content)
    names = [organization["name"] for organization in data["organizations"]]
    assert names == ["Addiktológiai Rendelő Ózd", "Police Crime Prevention"]
    clinic_org = data["organizations"][0]["id"]
    service = next(service for service in data["services"] if service["organization_id"] == clinic_org)
    assert service["attributes"][0]["taxonomy_term"]["code"] == "addiction"
    assert data["contacts"][0]["name"] == "Dr. Ferenc Ódor"
    assert data["contacts"][0]["service_id"] == service["id"]
    assert {"organizations", "services", "contacts", "locations"} <= set(data)
