"""A teacher logs a concern; the coordinator opens a case, records consent, adds two
professionals and three action rows, and downloads the case sheet PDF."""

import datetime
import subprocess

from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS


def sign_out(page):
    page.locator("#user-menu").click()
    page.get_by_role("button", name="Sign out").click()


def test_concern_to_case_to_pdf(demo, page, sign_in, screenshot, live_server):
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    # 1. The teacher logs a concern from the home page.
    sign_in("teacher@example.org")
    form = page.locator("form.concern-form")
    form.get_by_label("Student").fill("Lőrinc Győri")
    form.get_by_label("Attendance").check()
    form.get_by_label("Family").check()
    form.get_by_label("Observed problem").fill("Három hete nem jár be hétfőnként; azt mondja, dolgoznia kell.")
    screenshot("case-flow-1-teacher-logs-concern")
    form.get_by_role("button", name="Log the concern").click()
    expect(page.get_by_role("heading", name="My concerns")).to_be_visible()
    expect(page.get_by_text("Lőrinc Győri").first).to_be_visible()
    screenshot("case-flow-2-teacher-my-concerns")
    sign_out(page)

    # 2. The coordinator opens a case from the inbox.
    sign_in("coordinator@example.org")
    page.goto(f"{live_server.url}/concerns/inbox/")
    row = page.get_by_role("row").filter(has_text="Három hete nem jár be")
    screenshot("case-flow-3-coordinator-inbox")
    row.get_by_role("link", name="Decide").click()
    page.get_by_role("button", name="Open a case").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lőrinc Győri")
    case_url = page.url
    screenshot("case-flow-4-case-opened")

    # 3. Consent.
    page.get_by_role("link", name="Record consent").click()
    page.get_by_label("A parent or guardian").check()
    page.get_by_label("Name of the person who consented").fill("Győri Ilona")
    page.get_by_label("Child Welfare Service Tisza-Fjord").check()
    screenshot("case-flow-5-consent-form")
    page.get_by_role("button", name="Record the consent").click()
    expect(page.get_by_text("The consent was recorded.")).to_be_visible()

    # 4. Two professionals (one from the directory, one typed) and three action rows.
    page.get_by_role("link", name="Edit the case").click()
    page.get_by_label("The problem according to involved professionals").fill(
        "Anyagi gondok a családban; a fiú esti munkát vállalt. Støtte fra barnevernet (æ ø å)."
    )
    # a person present picked from the suggestions: the row's empty institute is filled in
    page.get_by_role("button", name="Add a person present").click()
    page.get_by_role("button", name="Add a person present").click()
    suggestion = page.locator("#case-people option:not([data-institute=''])").first
    present, present_institute = suggestion.get_attribute("value"), suggestion.get_attribute("data-institute")
    page.locator("#id_presences-0-name").fill(present)
    page.locator("#id_presences-0-name").press("Tab")
    expect(page.locator("#id_presences-0-institute")).to_have_value(present_institute)
    page.locator("#id_presences-1-institute").fill("Primăria Mărăști")  # typed first: kept
    page.locator("#id_presences-1-name").fill(present)
    page.locator("#id_presences-1-name").press("Tab")
    expect(page.locator("#id_presences-1-institute")).to_have_value("Primăria Mărăști")
    page.get_by_role("button", name="Add a professional").click()
    page.get_by_role("button", name="Add a professional").click()
    expect(page.get_by_test_id("professionals-row")).to_have_count(2)
    # what was typed before adding rows is still there
    expect(page.get_by_label("The problem according to involved professionals")).to_have_value(
        "Anyagi gondok a családban; a fiú esti munkát vállalt. Støtte fra barnevernet (æ ø å)."
    )
    page.locator("#id_professionals-0-outside_partner").select_option(
        label="Child Welfare Service Tisza-Fjord – Bjørn Løvås"
    )
    page.locator("#id_professionals-0-role").fill("Családtámogatás")
    page.locator("#id_professionals-1-name").fill("Zsófia Szűcs")
    page.locator("#id_professionals-1-name").press("Tab")  # (a name suggested fills the institute first)
    page.locator("#id_professionals-1-institute").fill("Iskolapszichológus")
    page.locator("#id_professionals-1-role").fill("Tanácsadás")
    deadline = timezone.localdate() + datetime.timedelta(days=14)
    actions = [
        ("Családlátogatás", "Child Welfare Service Tisza-Fjord", "Bjørn Løvås"),
        ("Heti beszélgetés a pszichológussal", "Bartók Béla Secondary School", "Zsófia Szűcs"),
        ("Ștefan Țurcanu: pályaorientációs nap", "Tisza-Fjord Follow-up Service", "Ana-Maria Țurcanu"),
    ]
    for index, (action, institute, name) in enumerate(actions):
        page.get_by_role("button", name="Add an action").click()
        page.locator(f"#id_actions-{index}-action").fill(action)
        page.locator(f"#id_actions-{index}-responsible_institute").fill(institute)
        page.locator(f"#id_actions-{index}-responsible_name").fill(name)
        page.locator(f"#id_actions-{index}-deadline").fill(deadline.isoformat())
    expect(page.get_by_test_id("actions-row")).to_have_count(3)
    expect(page.locator("#id_professionals-1-name")).to_have_value("Zsófia Szűcs")
    # the action rows and typed professionals are offered the same people: a pick fills the row's
    # empty institute field
    page.locator("#id_actions-2-responsible_institute").fill("")
    page.locator("#id_actions-2-responsible_name").fill(present)
    page.locator("#id_actions-2-responsible_name").press("Tab")
    expect(page.locator("#id_actions-2-responsible_institute")).to_have_value(present_institute)
    expect(page.locator("#id_actions-0-responsible_institute")).to_have_value("Child Welfare Service Tisza-Fjord")
    screenshot("case-flow-6-edit-form")
    page.get_by_role("button", name="Save the case").click()
    expect(page.get_by_text("The case was saved.")).to_be_visible()
    expect(page.get_by_text("Heti beszélgetés a pszichológussal")).to_be_visible()
    expect(page.get_by_text(f"{present} – {present_institute}")).to_be_visible()
    expect(page.get_by_text(f"{present} – Primăria Mărăști")).to_be_visible()
    expect(page.get_by_text("Zsófia Szűcs – Iskolapszichológus")).to_be_visible()
    screenshot("case-flow-7-case-page")

    # 5. The case sheet PDF.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Case sheet (PDF)").click()
    pdf_path = ARTIFACTS / "case-flow-8-case-sheet.pdf"
    download_info.value.save_as(pdf_path)
    text = subprocess.run(["/usr/bin/pdftotext", str(pdf_path), "-"], capture_output=True, text=True, check=True).stdout
    assert "CASE DOCUMENTATION" in text and "Lőrinc Győri" in text and "Családlátogatás" in text
    subprocess.run(
        [
            "/usr/bin/pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            str(pdf_path),
            str(ARTIFACTS / "case-flow-8-case-sheet"),
        ],
        check=True,
    )
    assert page.url == case_url
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_partner_and_follow_up_pages(demo, page, sign_in, screenshot, live_server):
    sign_in("partner@example.org")
    screenshot("case-flow-9-partner-home")
    page.goto(f"{live_server.url}/actions/mine/")
    expect(page.get_by_role("heading", name="My actions")).to_be_visible()
    page.get_by_role("link", name="Update").first.click()
    page.get_by_label("Status").select_option("in_progress")
    page.get_by_label("Result").fill("Første samtale med familien er gjennomført.")
    screenshot("case-flow-10-partner-updates-action")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The action was updated.")).to_be_visible()
    sign_out(page)
    sign_in("coordinator@example.org")
    page.goto(f"{live_server.url}/actions/overdue/")
    expect(page.get_by_text("overdue").first).to_be_visible()
    screenshot("case-flow-11-overdue-actions")
    page.goto(f"{live_server.url}/cases/?status=all")
    screenshot("case-flow-12-case-list")
