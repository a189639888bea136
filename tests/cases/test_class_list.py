"""Class-list import: preview with per-row errors, nothing saved until confirmed."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from cases.models import Student

CSV = (
    "Last name;First name;Class;Date of birth;Place of birth\n"
    "Kovács;Ábel;9.A;2010-04-02;Szeged\n"
    "Hagen;Sølvi;9.B;14.03.2010;Nordvik\n"
    "Popa;Ștefania;12.C;2010-01-01;Iași\n"
    ";Nameless;9.A;;\n"
    "Lőrincz;Ödön;9.A;not a date;\n"
)


def upload(client, world, content, name="class.csv"):
    return client.post(
        reverse("student_import"), {"school": world.school1.pk, "file": SimpleUploadedFile(name, content)}
    )


def test_preview_shows_every_row_and_saves_nothing(client, world):
    before = Student.objects.count()
    client.force_login(world.coordinator)
    response = upload(client, world, CSV.encode())
    page = response.content.decode()
    assert response.status_code == 200
    assert "2 rows can be imported; 3 rows have problems" in page
    assert "No class “12.C” at this school." in page
    assert "last name is empty." in page
    assert "“not a date” is not a date" in page
    assert Student.objects.count() == before


def test_confirm_imports_the_good_rows_once(client, world):
    client.force_login(world.coordinator)
    page = upload(client, world, CSV.encode()).content.decode()
    token = page.split('name="confirm" value="')[1].split('"')[0]
    response = client.post(reverse("student_import"), {"confirm": token})
    assert response.status_code == 302
    abel = Student.objects.get(first_name="Ábel")
    assert abel.school_class == world.class_a and abel.place_of_birth == "Szeged"
    assert Student.objects.get(first_name="Sølvi").date_of_birth.isoformat() == "2010-03-14"
    assert not Student.objects.filter(first_name="Ștefania").exists()
    # the same confirmation again imports nothing more
    client.post(reverse("student_import"), {"confirm": token})
    assert Student.objects.filter(first_name="Ábel").count() == 1


def test_xlsx_works_too(client, world):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["First name", "Last name", "Class"])
    sheet.append(["Åsmund", "Brekke", "9.B"])
    data = io.BytesIO()
    workbook.save(data)
    client.force_login(world.coordinator)
    page = upload(client, world, data.getvalue(), name="list.xlsx").content.decode()
    assert "Åsmund" in page and "1 rows can be imported" in page


def test_missing_columns_and_bad_files_are_explained(client, world):
    client.force_login(world.coordinator)
    response = upload(client, world, b"Name;Class\nX;9.A\n")
    assert response.status_code == 400
    assert "Columns missing from the first row: last name, first name." in response.content.decode()
    response = upload(client, world, b"whatever", name="list.pdf")
    assert "Upload a .csv or .xlsx file." in response.content.decode()


def test_only_coordinators_import_and_only_for_their_school(client, world):
    client.force_login(world.teacher)
    assert client.get(reverse("student_import")).status_code == 404
    client.force_login(world.coordinator2)
    response = upload(client, world, CSV.encode())  # school 1 is not theirs
    assert response.status_code == 400
    assert not Student.objects.filter(first_name="Ábel").exists()
