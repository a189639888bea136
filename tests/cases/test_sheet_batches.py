"""Printing the case sheets of a selection as one PDF, in the background, with progress."""

import pytest
from django.urls import reverse

from cases.models import Case, CaseEvent, SheetBatch
from cases.services.sheet_batches import print_batch, start_batch
from cases.tasks import print_sheet_batch
from crocoos.models import AuditEvent, Membership
from tests.factories import StudentFactory

from .factories import ActionItemFactory, CaseFactory
from .test_case_sheet import flat, pdf_text

NAMES = [("Ödön", "Lőrincz"), ("Ingrid", "Sæther"), ("Ștefan", "Țurcanu"), ("Zsófia", "Szűcs"), ("Bjørn", "Løvås")]


@pytest.fixture
def school_cases(world):
    """Five open cases of school 1 (one per student, with action rows) and one closed."""
    cases = []
    for number, (first, last) in enumerate(NAMES):
        student = (
            world.student_a
            if number == 0
            else StudentFactory(school_class=world.class_a, first_name=first, last_name=last)
        )
        case = CaseFactory(student=student)
        ActionItemFactory(case=case, action=f"Lépés {number}", position=1)
        cases.append(case)
    closed = CaseFactory(
        student=StudentFactory(school_class=world.class_b, first_name="Closed", last_name="Zárt"),
        status="closed",
        outcome="Rendben.",
    )
    return cases, closed


def test_task_prints_every_sheet_into_one_pdf_and_progress_goes_up(world, school_cases, tmp_path):
    cases, _closed = school_cases
    batch = start_batch(
        cases=Case.objects.filter(pk__in=[c.pk for c in cases]).order_by("pk"),
        user=world.coordinator,
        language="en",
    )
    seen = []

    def on_progress(done, total):
        seen.append((done, SheetBatch.objects.get(pk=batch.pk).processed, total))

    print_batch(batch, on_progress=on_progress)
    assert [done for done, _stored, _total in seen] == [1, 2, 3, 4, 5]
    assert [stored for _done, stored, _total in seen] == [1, 2, 3, 4, 5]  # what the page polls
    batch.refresh_from_db()
    assert batch.status == SheetBatch.Status.DONE and batch.processed == batch.total == 5
    pdf = batch.file.read()
    (tmp_path.parent / "case-sheet-batch.pdf").write_bytes(pdf)
    pages = [page for page in pdf_text(pdf, tmp_path).split("\f") if page.strip()]
    for case in cases:
        text = [page for page in pages if case.reference in page]
        assert text, f"{case.reference} missing"
        assert case.student.full_name in flat(" ".join(text))
        # each sheet keeps its own page numbers
        assert "page 1 of" in flat(text[0])
    assert "Zárt" not in flat(" ".join(pages))
    assert CaseEvent.objects.filter(kind=CaseEvent.Kind.SHEET_PRINTED, actor=world.coordinator).count() == 5
    printed = AuditEvent.objects.filter(action="case.printed", actor=world.coordinator)
    assert set(printed.values_list("student_id", flat=True)) == {case.student_id for case in cases}


def test_task_leaves_out_cases_the_user_may_no_longer_print(world, school_cases, tmp_path):
    cases, _closed = school_cases
    other = CaseFactory(student=world.student_c)  # school 2
    batch = SheetBatch.objects.create(
        created_by=world.coordinator, case_ids=[cases[0].pk, other.pk], total=2, language="en"
    )
    print_sheet_batch.call(batch.pk)
    batch.refresh_from_db()
    assert batch.total == 1
    assert other.reference not in pdf_text(batch.file.read(), tmp_path)


def test_coordinator_prints_the_case_lists_selection_and_downloads_it(
    client, world, school_cases, tmp_path, django_capture_on_commit_callbacks
):
    cases, _closed = school_cases
    client.force_login(world.coordinator)
    confirm = client.get(reverse("case_sheet_batch_new"), {"status": "open"}).content.decode()
    assert "The case sheets of 5 cases will be printed" in confirm
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("case_sheet_batch_new"), {"status": "open", "q": "", "sort": "student"})
    batch = SheetBatch.objects.get(created_by=world.coordinator)
    assert response.url == reverse("case_sheet_batch", args=[batch.pk])
    # The page polls the progress; once printed it offers the file.
    progress = client.get(reverse("case_sheet_batch_progress", args=[batch.pk])).content.decode()
    assert "hx-trigger" not in progress
    assert reverse("case_sheet_batch_download", args=[batch.pk]) in progress
    download = client.get(reverse("case_sheet_batch_download", args=[batch.pk]))
    assert download["Content-Disposition"].startswith("attachment")
    text = flat(pdf_text(b"".join(download.streaming_content), tmp_path))
    for first, last in NAMES:
        assert f"{first} {last}" in text
    # Sorted like the list: by student name.
    positions = [text.find(case.reference) for case in sorted(cases, key=lambda c: c.student.last_name)]
    assert positions == sorted(positions)
    downloaded = AuditEvent.objects.filter(action="case.sheets_batch_downloaded", actor=world.coordinator)
    assert set(downloaded.values_list("student_id", flat=True)) == {case.student_id for case in cases}
    assert AuditEvent.objects.filter(action="case.sheets_batch_requested", actor=world.coordinator).exists()


def test_progress_shows_n_of_total_while_printing(client, world, school_cases):
    cases, _closed = school_cases
    batch = SheetBatch.objects.create(
        created_by=world.coordinator, case_ids=[case.pk for case in cases], total=5, processed=2, status="running"
    )
    client.force_login(world.coordinator)
    page = client.get(reverse("case_sheet_batch", args=[batch.pk])).content.decode()
    assert "2 of 5 sheets" in page
    assert 'hx-trigger="every 1s"' in page
    assert reverse("case_sheet_batch_download", args=[batch.pk]) not in page
    assert client.get(reverse("case_sheet_batch_download", args=[batch.pk])).status_code == 404


def test_selection_follows_the_filter_and_the_users_schools(client, world, school_cases):
    cases, _closed = school_cases
    client.force_login(world.coordinator)
    client.post(reverse("case_sheet_batch_new"), {"status": "all", "q": "Sæther"})
    assert SheetBatch.objects.get().case_ids == [cases[1].pk]
    client.force_login(world.coordinator2)  # school 2: none of these cases
    response = client.post(reverse("case_sheet_batch_new"), {"status": "all"})
    assert "No cases match this selection." in response.content.decode()
    assert SheetBatch.objects.count() == 1


@pytest.mark.parametrize("persona", ["coordinator2", "partner", "followup", "other_followup", "ews", "teacher"])
def test_others_get_404_for_the_batch_and_its_file(client, world, school_cases, persona):
    cases, _closed = school_cases
    batch = start_batch(cases=Case.objects.filter(pk=cases[0].pk), user=world.coordinator, language="en")
    print_batch(batch)
    client.force_login(getattr(world, persona))
    for name in ("case_sheet_batch", "case_sheet_batch_progress", "case_sheet_batch_download"):
        assert client.get(reverse(name, args=[batch.pk])).status_code == 404, name


def test_a_coordinator_who_left_the_school_gets_404(client, world, school_cases):
    cases, _closed = school_cases
    batch = start_batch(cases=Case.objects.filter(pk=cases[0].pk), user=world.coordinator, language="en")
    print_batch(batch)
    Membership.objects.filter(user=world.coordinator).delete()
    client.force_login(world.coordinator)
    assert client.get(reverse("case_sheet_batch_download", args=[batch.pk])).status_code == 404


def test_progress_page_queries_do_not_grow_with_the_batch(client, world, school_cases, django_assert_max_num_queries):
    cases, _closed = school_cases
    batch = SheetBatch.objects.create(
        created_by=world.coordinator, case_ids=[case.pk for case in cases], total=5, status="running"
    )
    client.force_login(world.coordinator)
    with django_assert_max_num_queries(8):
        client.get(reverse("case_sheet_batch_progress", args=[batch.pk]))
