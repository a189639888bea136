"""The coordinator prints the case sheets of the case list as one PDF; the page polls the progress."""

import subprocess

from playwright.sync_api import expect

from cases.models import Case, SheetBatch
from cases.services.sheet_batches import batch_printable_cases
from crocoos.models import User


def test_coordinator_prints_the_open_cases_and_downloads_one_pdf(
    demo, page, sign_in, screenshot, live_server, tmp_path
):
    sign_in("coordinator@example.org")
    page.goto(f"{live_server.url}/cases/")
    page.get_by_role("link", name="Print the case sheets of this list").click()
    expect(page.get_by_text("will be printed into one PDF file")).to_be_visible()
    screenshot("sheet-batch-1-confirm")
    page.get_by_role("button", name="Print the case sheets").click()
    # The test settings run tasks at once: the page offers the file straight away.
    link = page.get_by_role("link", name="Download the PDF")
    expect(link).to_be_visible()
    screenshot("sheet-batch-3-ready")
    with page.expect_download() as download:
        link.click()
    path = tmp_path / "sheets.pdf"
    download.value.save_as(path)
    text = subprocess.run(["/usr/bin/pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    batch = SheetBatch.objects.get()
    for case in Case.objects.filter(pk__in=batch.case_ids).select_related("student"):
        assert case.reference in text


def test_progress_counts_up_and_the_download_appears_without_reloading(demo, page, sign_in, screenshot, live_server):
    coordinator = User.objects.get(email="coordinator@example.org")
    case_ids = list(batch_printable_cases(coordinator).values_list("pk", flat=True))
    batch = SheetBatch.objects.create(
        created_by=coordinator, case_ids=case_ids, total=len(case_ids), processed=1, status=SheetBatch.Status.RUNNING
    )
    sign_in("coordinator@example.org")
    page.goto(f"{live_server.url}/cases/sheets/{batch.pk}/")
    expect(page.get_by_text(f"1 of {len(case_ids)} sheets")).to_be_visible()
    SheetBatch.objects.filter(pk=batch.pk).update(processed=2)
    expect(page.get_by_text(f"2 of {len(case_ids)} sheets")).to_be_visible(timeout=5000)
    screenshot("sheet-batch-2-progress")
    SheetBatch.objects.filter(pk=batch.pk).update(processed=len(case_ids), status=SheetBatch.Status.DONE)
    expect(page.get_by_role("link", name="Download the PDF")).to_be_visible(timeout=5000)
