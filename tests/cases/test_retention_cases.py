"""Retention of cases with simulated time: nothing before the cutoff; after it the case, everything
about it and its files are gone; open cases and other areas' cases stay; a dry run only counts."""

import datetime
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from cases.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Case,
    CaseEvent,
    CaseSheetVersion,
    Concern,
    Consent,
    InvolvedProfessional,
    MinutesItem,
    SheetBatch,
    Student,
)
from cases.services import cases as case_service
from crocoos import retention
from crocoos.models import AuditEvent

from ..matrix_meetings import meeting_world
from .factories import CaseFactory, ConcernFactory, InvolvedProfessionalFactory

CLOSED = datetime.datetime(2026, 1, 10, 12, tzinfo=datetime.UTC)
BEFORE = CLOSED + datetime.timedelta(days=5 * 365 - 1)  # area keeps closed cases 5 years
AFTER = CLOSED + datetime.timedelta(days=5 * 365 + 2)


def close(case, when=CLOSED):
    case_service.close_case(case=case, closed_by=None, outcome="Lezárva.")
    Case.objects.filter(pk=case.pk).update(closed_at=when)


@pytest.fixture
def scene(world):
    """student_a's closed case with everything around it; an open case, a register case, another area's case."""
    w = meeting_world(world)
    w.area.retention_years_after_close = 5
    w.area.save()
    w.other_area.retention_years_after_close = 10
    w.other_area.save()
    Concern.objects.filter(pk=w.concern_a.pk).update(case=w.case_a, status=Concern.Status.LINKED)
    InvolvedProfessionalFactory(case=w.case_a)
    bystander = Attendance.objects.create(meeting=w.meeting, name="Kari Nordmann", present=True)
    close(w.case_a)
    batch = SheetBatch.objects.create(created_by=w.coordinator, case_ids=[w.case_a.pk], total=1)
    batch.file.save("batch.pdf", ContentFile(b"%PDF-1.4 batch"))
    # Printed just before the cutoff, so the batches' own 7 days have not run out: the case takes it.
    SheetBatch.objects.filter(pk=batch.pk).update(created_at=BEFORE - datetime.timedelta(days=1))
    w.batch = batch
    w.files = [w.sheet_a.file.name, w.consent_a.document.name, batch.file.name]
    w.open_case = CaseFactory(student=w.student_b)
    w.open_concern = ConcernFactory(student=w.student_b, case=w.open_case, status=Concern.Status.LINKED)
    # On the register since 2025 (the simulated clock runs from 2026).
    Student.objects.filter(pk=w.register_student.pk).update(created_at=CLOSED - datetime.timedelta(days=365))
    w.register_case = CaseFactory(student=w.register_student, school=None, area=w.area)
    close(w.register_case)
    w.other_case = CaseFactory(student=w.other_area_student)
    close(w.other_case)
    w.bystander = bystander
    w.case_count = Case.objects.count()
    return w


def storage_has(scene, name):
    return scene.sheet_a.file.storage.exists(name)


def test_before_the_cutoff_nothing_changes(scene):
    results = retention.apply_retention(now=BEFORE)
    assert Case.objects.count() == scene.case_count
    assert all(storage_has(scene, name) for name in scene.files)
    assert results["cases.retention.closed_cases"] == {}


def test_after_the_cutoff_the_case_everything_about_it_and_its_files_are_gone(scene):
    case = scene.case_a
    results = retention.apply_retention(now=AFTER)
    counts = results["cases.retention.closed_cases"]
    assert not Case.objects.filter(pk=case.pk).exists()
    for model in (Consent, ActionItem, CaseEvent, InvolvedProfessional, CaseSheetVersion, AgendaItem):
        assert not model.objects.filter(case_id=case.pk).exists(), model.__name__
    assert not Concern.objects.filter(pk=scene.concern_a.pk).exists()
    assert not MinutesItem.objects.filter(agenda_item_id=scene.item.pk).exists()
    assert not Attendance.objects.filter(pk=scene.attendance.pk).exists()  # took part only in this case
    assert Attendance.objects.filter(pk=scene.bystander.pk).exists()
    assert not any(storage_has(scene, name) for name in scene.files)
    assert counts["cases deleted"] == 2  # student_a's and the register youth's
    assert counts["files deleted"] == 3  # signed sheet, signed consent, printed batch
    assert counts["printed batches deleted"] == 1
    assert not SheetBatch.objects.filter(pk=scene.batch.pk).exists()
    assert counts["concerns deleted"] == 1
    assert counts["agenda items deleted"] == counts["minutes deleted"] == 1
    # Open cases and other areas' cases stay; so do the meeting and the school's student.
    kept = {scene.open_case.pk, scene.other_case.pk, scene.decoy.pk}  # the decoy: student_b's open case
    assert set(Case.objects.values_list("pk", flat=True)) == kept
    assert Concern.objects.filter(pk=scene.open_concern.pk).exists()
    assert Student.objects.filter(pk=scene.student_a.pk).exists()
    assert scene.meeting.__class__.objects.filter(pk=scene.meeting.pk).exists()
    # The register youth has nothing left: deleted with the case.
    assert not Student.objects.filter(pk=scene.register_student.pk).exists()
    assert results["cases.retention.register_youth"] == {"register youth deleted": 1}
    # Every handler's run is in the audit trail, with counts only.
    assert AuditEvent.objects.filter(action="retention.applied").count() == len(results)


def test_the_other_area_keeps_its_cases_for_its_own_period(scene):
    retention.apply_retention(now=CLOSED + datetime.timedelta(days=10 * 365 - 5))
    assert Case.objects.filter(pk=scene.other_case.pk).exists()
    retention.apply_retention(now=CLOSED + datetime.timedelta(days=10 * 365 + 5))
    assert not Case.objects.filter(pk=scene.other_case.pk).exists()


def test_a_dry_run_counts_and_changes_nothing(scene):
    out = StringIO()
    call_command("apply_retention", "--dry-run", "--now", AFTER.strftime("%Y-%m-%d"), stdout=out)
    assert "[dry run]" in out.getvalue()
    assert "cases deleted: 2" in out.getvalue()
    assert "files deleted: 3" in out.getvalue()
    assert Case.objects.count() == scene.case_count
    assert all(storage_has(scene, name) for name in scene.files)
    assert not AuditEvent.objects.filter(action="retention.applied").exists()


def test_concerns_closed_without_a_case_go_after_the_period(world):
    concern = ConcernFactory(
        student=world.student_a, status=Concern.Status.NO_CASE, no_case_reason="Nem szükséges.", decided_at=CLOSED
    )
    retention.apply_retention(now=BEFORE)
    assert Concern.objects.filter(pk=concern.pk).exists()
    retention.apply_retention(now=AFTER)
    assert not Concern.objects.filter(pk=concern.pk).exists()


def test_a_reopened_case_is_kept(scene):
    case_service.reopen_case(case=scene.case_a, reopened_by=None)
    retention.apply_retention(now=AFTER)
    assert Case.objects.filter(pk=scene.case_a.pk).exists()
