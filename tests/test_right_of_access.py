"""Right of access: one young person's data, documents and disclosure log as a zip; the record of processing."""

import io
import json
import zipfile

import pytest
from django.urls import reverse

from crocoos import audit, right_of_access
from crocoos.models import AuditEvent


def export(client, user, student):
    client.force_login(user)
    return client.post(reverse("right_of_access_export", args=[student.pk]))


def unzip(response):
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return {name: archive.read(name) for name in archive.namelist()}


def test_coordinator_downloads_everything_about_a_student(client, world):
    audit.record("student.viewed", actor=world.teacher, obj=world.student_a, student=world.student_a)
    audit.record("student.viewed", actor=world.followup, obj=world.student_a, student=world.student_a)
    audit.record("student.viewed", actor=world.teacher, obj=world.student_b, student=world.student_b)
    response = export(client, world.coordinator, world.student_a)
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="right-of-access-')
    files = unzip(response)
    assert {"README.txt", "data.json", "disclosure_log.json"} <= set(files)
    data = json.loads(files["data.json"])
    assert data["sections"]["student"]["first_name"] == "Ödön"
    assert data["sections"]["student"]["school"] == "Petőfi Gimnázium"
    log = json.loads(files["disclosure_log.json"])
    assert [(entry["email"], entry["outside_school"]) for entry in log] == [
        ("teacher@test.example.org", False),
        ("followup@test.example.org", True),
    ]
    assert "Ștefan" not in files["data.json"].decode()
    event = AuditEvent.objects.get(action="student.right_of_access_exported")
    assert (event.actor, event.student_id) == (world.coordinator, world.student_a.pk)


def test_collectors_of_other_apps_add_data_and_documents_with_safe_names(client, world):
    def notes(student):
        return right_of_access.Section(
            name="notes",
            data=[{"note": f"Talked with {student.first_name}"}],
            files=[("../../etc/passwd", b"x"), ("/!!/..", b"y"), ("meeting 1/report.pdf", lambda: b"%PDF-1.7")],
        )

    right_of_access.register(notes)
    try:
        files = unzip(export(client, world.coordinator, world.student_a))
    finally:
        right_of_access.unregister(notes)
    assert json.loads(files["data.json"])["sections"]["notes"] == [{"note": "Talked with Ödön"}]
    assert files["documents/notes/meeting_1/report.pdf"] == b"%PDF-1.7"
    assert all(".." not in name.split("/") and not name.startswith("/") for name in files)


def test_the_follow_up_service_exports_its_register(client, world):
    files = unzip(export(client, world.followup, world.register_student))
    assert json.loads(files["data.json"])["sections"]["student"]["school"] is None


@pytest.mark.parametrize("persona", ["teacher", "ews", "coordinator2", "other_followup", "partner", "admin"])
def test_nobody_else_can_export(client, world, persona):
    response = export(client, getattr(world, persona), world.student_a)
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="student.right_of_access_exported").exists()


def test_the_page_explains_before_downloading(client, world):
    client.force_login(world.coordinator)
    page = client.get(reverse("right_of_access_export", args=[world.student_a.pk])).content.decode()
    assert "Everything held about Ödön Lőrincz" in page
    assert "disclosure log" in page
    assert not AuditEvent.objects.filter(action="student.right_of_access_exported").exists()


def test_administrators_read_the_record_of_processing_with_area_retention(client, world):
    world.area.retention_years_after_close = 7
    world.area.save()
    client.force_login(world.admin)
    page = client.get(reverse("processing_record")).content.decode()
    assert "Record of processing activities" in page
    assert "Written informed consent" in page
    assert "Testvidék: closed cases are kept for 7 years." in page


@pytest.mark.parametrize("persona", ["coordinator", "followup", "partner"])
def test_the_record_of_processing_is_for_administrators(client, world, persona):
    client.force_login(getattr(world, persona))
    assert client.get(reverse("processing_record")).status_code == 404
