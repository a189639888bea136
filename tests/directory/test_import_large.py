import time

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from directory.models import ImportBatch, OutsidePartner

ROWS = 5000


def test_a_5000_row_file_imports(client, world, entries, capsys):
    lines = ["Name of institute,Sector,Tel.,E-mail,Contact person's name,Help areas"]
    lines += [
        f"Intézet {number:04} Ózd,Health,+36 1 {number:07},contact{number}@example.org,Kovács {number},addiction;health"
        for number in range(ROWS)
    ]
    file = SimpleUploadedFile("big.csv", "\n".join(lines).encode())
    client.force_login(world.followup)
    started = time.monotonic()
    response = client.post(reverse("directory_import", args=["partners"]), {"file": file, "target": world.area.pk})
    batch = ImportBatch.objects.get()
    checked = time.monotonic()
    assert batch.status == ImportBatch.Status.PREVIEW and not batch.errors
    client.post(reverse("directory_import_confirm", args=[batch.pk]))
    done = time.monotonic()
    batch.refresh_from_db()
    assert (batch.status, batch.created_count, batch.processed) == (ImportBatch.Status.DONE, ROWS, ROWS)
    assert OutsidePartner.objects.filter(area=world.area).count() == ROWS + 2
    assert OutsidePartner.objects.visible_to(world.coordinator).matching("intezet 4999 ozd").count() == 1
    assert response.status_code == 302
    with capsys.disabled():
        print(f"\n5000 rows: checked in {checked - started:.1f} s, imported in {done - checked:.1f} s")
