from playwright.sync_api import expect

from directory.models import OutsidePartner


def test_coordinator_finds_who_helps_with_addiction_and_marks_it_verified(demo, page, sign_in, screenshot):
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    sign_in("coordinator@example.org")
    page.get_by_role("link", name="Directory").click()
    page.get_by_label("Who can help with …").fill("addiction")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("link", name="Addiction Outpatient Clinic Ózd-Újtelep")).to_be_visible()
    expect(page.get_by_role("link", name="Lőrinc Bíró")).to_be_visible()  # in-school social worker
    screenshot("directory-search-addiction")

    page.get_by_role("link", name="Open Door Youth Association").click()
    expect(page.get_by_text("Not verified for more than 12 months")).to_be_visible()
    page.get_by_role("button", name="Mark verified").click()
    expect(page.get_by_text("Marked as verified today.")).to_be_visible()
    expect(page.locator("#verified")).to_contain_text("by Gábor Tóth")
    expect(page.get_by_text("Not verified for more than 12 months")).to_have_count(0)
    screenshot("directory-partner-verified")
    partner = OutsidePartner.objects.get(institute="Open Door Youth Association")
    assert partner.verified_by.email == "coordinator@example.org"
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_partner_list_with_filters(demo, page, sign_in, screenshot):
    sign_in("followup@example.org")
    page.get_by_role("link", name="Directory").click()
    page.get_by_role("link", name="Partners outside school").click()
    page.get_by_label("Not verified for 12 months").check()
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", name="Partner directory")).to_be_visible()
    expect(page.get_by_text("Not verified since").first).to_be_visible()
    screenshot("directory-partners-stale")


def test_coordinator_imports_a_file_after_the_preview(demo, page, sign_in, screenshot):
    sign_in("coordinator@example.org")
    page.get_by_role("link", name="Directory").click()
    page.get_by_role("link", name="Professionals in school").click()
    page.get_by_role("link", name="Import").click()
    bad = "Position and responsibility,Name,E-mail\nMentor,Júlia Sárközi,julia@@example\n"
    page.get_by_label("File").set_input_files({"name": "staff.csv", "mimeType": "text/csv", "buffer": bad.encode()})
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("1 row has errors.")).to_be_visible()
    expect(page.locator("#import-errors")).to_contain_text("Enter a valid email address.")
    screenshot("directory-import-errors")

    page.get_by_role("link", name="Upload a corrected file").click()
    good = (
        "Position and responsibility,Name,E-mail,Help areas\n"
        "Mentor,Júlia Sárközi,julia@example.org,Behaviour and fitting in\n"
        "School nurse and health visitor,Erika Ács,erika.acs@example.org,Health; Sexual health and contraception\n"
    )
    page.get_by_label("File").set_input_files({"name": "staff.csv", "mimeType": "text/csv", "buffer": good.encode()})
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("1 new entry will be added.")).to_be_visible()
    expect(page.locator("#import-duplicates")).to_contain_text("Erika Ács")
    page.get_by_label("Update the entry").check()
    screenshot("directory-import-preview")
    page.get_by_role("button", name="Confirm the import").click()
    expect(page.get_by_text("Import finished: 1 added, 1 updated, 0 skipped.")).to_be_visible()
    screenshot("directory-import-done")
