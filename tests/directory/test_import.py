"""Import with a preview: every row checked, nothing saved before confirmation."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from directory.models import EntryChange, ImportBatch, InSchoolProfessional, OutsidePartner

PARTNER_HEADER = "Name of institute,Sector,Address,Tel.,E-mail,Contact person's name,Help areas\n"


def csv_file(text, name="partners.csv", encoding="utf-8"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def upload(client, world, file, kind="partners", target=None):
    target = target or (world.area.pk if kind == "partners" else world.school1.pk)
    return client.post(reverse("directory_import", args=[kind]), {"file": file, "target": target}, follow=True)


def test_good_file_is_previewed_then_imported_on_confirmation(client, world, entries):
    client.force_login(world.followup)
    before = OutsidePartner.objects.count()
    response = upload(
        client,
        world,
        csv_file(
            PARTNER_HEADER + "Családsegítő Központ Ózd,Social and child welfare,Fő utca 1,+36 1 555 0100,"
            "csaladsegito@example.org,Márta Kiss,Family problems and neglect; addiction\n"
            "Ifjúsági Klub,youth-ngo,,,,,\n"
        ),
    )
    page = response.content.decode()
    assert "2 new entries will be added." in page
    assert OutsidePartner.objects.count() == before  # nothing saved yet
    batch = ImportBatch.objects.get()
    response = client.post(reverse("directory_import_confirm", args=[batch.pk]), follow=True)
    assert "Import finished: 2 added, 0 updated, 0 skipped." in response.content.decode()
    assert ImportBatch.objects.get().rows == []  # the file's copy of contact details is gone
    centre = OutsidePartner.objects.get(institute="Családsegítő Központ Ózd")
    assert centre.area == world.area and centre.sector.code == "social-welfare"
    assert sorted(centre.help_areas.values_list("code", flat=True)) == ["addiction", "family"]
    assert centre.changes.get().action == EntryChange.Action.IMPORTED
    assert centre in OutsidePartner.objects.visible_to(world.coordinator2).matching("ozd")


def test_wrong_encoding_is_explained_and_nothing_saved(client, world, entries):
    client.force_login(world.followup)
    response = upload(client, world, csv_file(PARTNER_HEADER + "Gyermekjóléti Szolgálat,,,,,,\n", encoding="cp1250"))
    page = response.content.decode()
    assert "The file is not in UTF-8 encoding" in page
    assert "line 2" in page
    assert not ImportBatch.objects.exists()
    assert not OutsidePartner.objects.filter(institute__startswith="Gyermek").exists()


def test_missing_column_is_named(client, world, entries):
    client.force_login(world.coordinator)
    response = upload(client, world, csv_file("Name,Tel.\nÉva Nagy,123\n", name="staff.csv"), kind="school")
    page = response.content.decode()
    assert "The column “Position and responsibility” is missing." in page
    assert not ImportBatch.objects.exists()


def test_row_errors_are_shown_per_row_and_column_and_block_the_import(client, world, entries):
    client.force_login(world.coordinator)
    response = upload(
        client,
        world,
        csv_file(
            "Position and responsibility;Name;Tel.;E-mail;Help areas\n"
            "Psychologist;Réka Szőke;;reka@example.org;Mental health\n"
            "Nurse;Ágnes Ürögi;;not-an-email;Health\n"
            ";Bence Nagy;;;Astrology\n",
            name="staff.csv",
        ),
        kind="school",
    )
    page = response.content.decode()
    error_table = page.split('id="import-errors"')[1].split("</table>")[0]
    assert "2 rows have errors." in page
    assert "Nothing has been saved." in page
    batch = ImportBatch.objects.get()
    assert batch.errors["3"]["email"] == ["Enter a valid email address."]
    assert "position" in batch.errors["4"]
    assert batch.errors["4"]["help_areas"] == ["“Astrology” is not in the list."]
    assert "Enter a valid email address." in page and "Astrology" in page
    assert error_table.count("<tr>") == 1 + 3  # header, then one line per row and column with a problem
    response = client.post(reverse("directory_import_confirm", args=[batch.pk]), follow=True)
    assert "cannot be confirmed" in response.content.decode()
    assert not InSchoolProfessional.objects.filter(name__in=["Réka Szőke", "Ágnes Ürögi", "Bence Nagy"]).exists()


def test_rows_repeated_within_the_file_are_errors(client, world, entries):
    client.force_login(world.coordinator)
    upload(
        client,
        world,
        csv_file("Position,Name,E-mail\nNurse,Anna Berg,anna@example.org\nNurse,Anna Berg,anna@example.org\n"),
        kind="school",
    )
    assert ImportBatch.objects.get().errors["3"] == {"email": ["Repeats row 2 of this file."]}


@pytest.mark.parametrize(("choice", "expected_phone"), [("update", "+36 30 999 9999"), ("skip", "")])
def test_likely_duplicate_is_offered_to_update_or_skip(client, world, entries, choice, expected_phone):
    client.force_login(world.coordinator)
    response = upload(
        client,
        world,
        csv_file(PARTNER_HEADER + "Addiction clinic,,,+36 30 999 9999,CLINIC@example.org,,\n"),
    )
    page = response.content.decode()
    assert "Likely duplicates" in page
    assert "0 new entries will be added." in page
    batch = ImportBatch.objects.get()
    assert batch.duplicates == {"2": entries["clinic"].pk}
    response = client.post(reverse("directory_import_confirm", args=[batch.pk]), {"duplicate-2": choice}, follow=True)
    entries["clinic"].refresh_from_db()
    assert entries["clinic"].phone == expected_phone
    assert OutsidePartner.objects.filter(area=world.area).count() == 2
    if choice == "update":
        assert entries["clinic"].institute == "Addiction clinic"
        assert entries["clinic"].changes.get().action == EntryChange.Action.UPDATED_BY_IMPORT
        assert "1 updated" in response.content.decode()


def test_xlsx_import_and_formula_guard_is_undone(client, world, entries):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Position and responsibility", "Name", "Tel.", "E-mail"])
    sheet.append(["Social worker", "Miloš Jovanović", "'+381 11 555 0100", "milos@example.org"])
    sheet.append(["Nurse", "Ana Țurcanu", 3612345678, None])
    data = io.BytesIO()
    workbook.save(data)
    client.force_login(world.coordinator)
    upload(client, world, SimpleUploadedFile("staff.xlsx", data.getvalue()), kind="school")
    batch = ImportBatch.objects.get()
    client.post(reverse("directory_import_confirm", args=[batch.pk]))
    assert InSchoolProfessional.objects.get(name="Miloš Jovanović").phone == "+381 11 555 0100"
    assert InSchoolProfessional.objects.get(name="Ana Țurcanu").phone == "3612345678"


def test_a_broken_xlsx_is_explained(client, world, entries):
    client.force_login(world.coordinator)
    page = upload(client, world, SimpleUploadedFile("staff.xlsx", b"not a zip"), kind="school").content.decode()
    assert "could not be read as an Excel workbook" in page


def test_coordinator_cannot_import_into_another_school(client, world, entries):
    client.force_login(world.coordinator)
    response = upload(client, world, csv_file("Position,Name\nNurse,X\n"), kind="school", target=world.school2.pk)
    assert "Select a valid choice" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_batches_are_private_to_who_uploaded_them(client, world, entries):
    client.force_login(world.coordinator)
    upload(client, world, csv_file(PARTNER_HEADER + "Ifjúsági Klub,,,,,,\n"))
    batch = ImportBatch.objects.get()
    for persona in ("coordinator2", "followup", "partner", "other_followup"):
        client.force_login(getattr(world, persona))
        for name in ("directory_import_batch", "directory_import_progress"):
            assert client.get(reverse(name, args=[batch.pk])).status_code == 404
        assert client.post(reverse("directory_import_confirm", args=[batch.pk])).status_code == 404
    assert not OutsidePartner.objects.filter(institute="Ifjúsági Klub").exists()


def test_progress_fragment_shows_rows_done(client, world, entries):
    client.force_login(world.coordinator)
    upload(client, world, csv_file(PARTNER_HEADER + "Ifjúsági Klub,,,,,,\n"))
    batch = ImportBatch.objects.get()
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.IMPORTING, processed=0)
    response = client.get(reverse("directory_import_progress", args=[batch.pk]))
    assert "0 of 1 rows" in response.content.decode()
    assert "HX-Refresh" not in response
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.DONE, processed=1)
    assert client.get(reverse("directory_import_progress", args=[batch.pk]))["HX-Refresh"] == "true"


def test_a_failing_step_marks_the_batch_failed_without_a_server_error(client, world, entries, monkeypatch):
    def broken(batch):
        raise RuntimeError("disk full")

    monkeypatch.setattr("directory.tasks.validate_batch", broken)
    client.force_login(world.coordinator)
    response = upload(client, world, csv_file(PARTNER_HEADER + "Ifjúsági Klub,,,,,,\n"))
    assert "The import stopped because of an error." in response.content.decode()
    assert ImportBatch.objects.get().status == ImportBatch.Status.FAILED
    assert not OutsidePartner.objects.filter(institute="Ifjúsági Klub").exists()
