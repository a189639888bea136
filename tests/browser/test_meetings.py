"""A follow-up officer runs a case clarification meeting from convening to the action plan."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from cases.models import ActionItem, Attendance, Case, Meeting, Student
from tests.cases.factories import CaseFactory, ConsentFactory


@pytest.fixture
def demo(transactional_db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    call_command("load_demo")
    students = list(Student.objects.filter(school__isnull=False).order_by("last_name")[:3])
    cases = [CaseFactory(student=student, reference=f"EWS-2026-09{n}") for n, student in enumerate(students, 1)]
    for case in cases[:2]:
        ConsentFactory(case=case)
    return cases


def test_follow_up_officer_runs_a_case_clarification_meeting(demo, page, sign_in, screenshot):
    consented, unconsented = demo[:2], demo[2]
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    sign_in("followup@example.org")
    page.get_by_role("link", name="Meetings", exact=True).click()
    page.get_by_role("link", name="Convene a meeting").click()
    page.get_by_label("Kind of meeting").select_option(label="Case clarification meeting")
    page.get_by_label("Title").fill("Esetmegbeszélés – november")
    page.get_by_label("Date").fill(timezone.localdate().isoformat())
    page.get_by_label("Starts").fill("09:00")
    page.get_by_label("Ends").fill("11:00")
    page.get_by_label("Place").fill("Városháza, 2-es terem")
    screenshot("meeting-1-convene")
    page.get_by_role("button", name="Convene").click()
    expect(page.get_by_text("The meeting is convened.")).to_be_visible()
    meeting = Meeting.objects.get(title="Esetmegbeszélés – november")

    # agenda: cases found by typing their number (htmx); the unconsented one is shown disabled with the reason
    page.get_by_label("Find a case").fill(unconsented.reference)
    candidates = page.get_by_test_id("agenda-candidates")
    expect(candidates).to_contain_text(unconsented.reference)
    expect(candidates).to_contain_text("No valid written consent")
    for case in consented:
        page.get_by_label("Find a case").fill(case.reference)
        expect(page.get_by_test_id(f"add-case-{case.reference}")).to_be_visible()
        page.get_by_label("Topic").first.fill("Nem jár iskolába az őszi szünet óta")
        page.get_by_test_id(f"add-case-{case.reference}").click()
        expect(page.get_by_text(f"Case {case.reference} is on the agenda.")).to_be_visible()
    expect(page.get_by_test_id("agenda-item")).to_have_count(2)

    # invitees: a partner found by typing part of a name without its accents (htmx type-ahead) ...
    page.get_by_label("Partner from the directory or colleague with an account").fill("menesi")
    result = page.get_by_test_id("invitee-candidates")
    expect(result).to_contain_text("Pedagogical Advisory Service")
    screenshot("meeting-2a-invitee-search")
    result.get_by_role("button", name="Invite").first.click()
    expect(page.get_by_test_id("invitee")).to_contain_text("Ménesi")
    # ... then the saved core group, then the invitations (with the .ics) go out
    page.get_by_label("Saved group").select_option(label="CSC core group (Core group)")
    page.get_by_role("button", name="Invite the group").click()
    expect(page.get_by_test_id("invitee").first).to_be_visible()
    invitees = page.get_by_test_id("invitee").count()
    assert invitees >= 3
    screenshot("meeting-2-agenda-and-invitees")
    mail.outbox.clear()
    page.get_by_role("button", name="Send the invitations").click()
    expect(page.get_by_text(f"{invitees} invitations are on their way.")).to_be_visible()
    assert len(mail.outbox) == invitees
    event = Calendar.from_ical(mail.outbox[0].attachments[0][1]).walk("VEVENT")[0]
    assert str(event["UID"]) == meeting.uid

    # attendance: two present, each for the case they took part in; one signs on screen
    page.get_by_role("link", name="Record attendance").click()
    rows = page.get_by_test_id("attendance-row")
    expect(rows).to_have_count(invitees)
    first, second = rows.nth(0), rows.nth(1)
    for row in (first, second):
        row.get_by_label("Present").check()
    first.get_by_label(consented[0].reference).check()
    second.get_by_label(consented[0].reference).check()
    second.get_by_label(consented[1].reference).check()
    box = first.locator("canvas").bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 60)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(box["x"] + 20 + step * 25, box["y"] + 60 + (20 if step % 2 else -20))
    page.mouse.up()
    screenshot("meeting-3-attendance-signing")
    page.get_by_role("button", name="Save the attendance").click()
    expect(page.get_by_text("The attendance is saved.")).to_be_visible()
    signed = Attendance.objects.get(meeting=meeting, position=1)
    assert signed.present and bytes(signed.signature).startswith(b"\x89PNG")
    expect(page.locator("img.signature-saved")).to_have_count(1)
    screenshot("meeting-4-attendance-saved")

    # minutes of the first case: the action row goes into the case's action plan
    page.get_by_role("link", name=meeting.title).click()
    page.get_by_role("link", name="Write minutes").first.click()
    page.get_by_label("Notes").fill("A család támogatást kér.")
    page.get_by_label("Targets (one a line)").fill("Vissza az iskolába két hónapon belül")
    row = page.get_by_test_id("action-row").first
    row.get_by_label("Who").fill("Bjørn Løvås")
    row.get_by_label("Responsible institute").fill("Child Welfare Service Tisza-Fjord")
    row.get_by_label("Does what").fill("Családlátogatás és támogatási terv")
    row.get_by_label("When").fill("2026-12-15")
    row.get_by_label("Expected result").fill("Közös terv a családdal")
    screenshot("meeting-5-minutes")
    page.get_by_role("button", name="Save the minutes").click()
    expect(page.get_by_text("The minutes are saved.")).to_be_visible()
    action = ActionItem.objects.get(source_meeting=meeting)
    assert action.case == consented[0]

    page.goto(page.url.split("/meetings/")[0] + f"/cases/{consented[0].pk}/")
    expect(page.get_by_text("Családlátogatás és támogatási terv")).to_be_visible()
    screenshot("meeting-6-case-action-plan")
    assert Case.objects.get(pk=consented[0].pk).presences.count() == 2

    page.get_by_role("link", name="Home", exact=True).click()
    expect(page.get_by_role("heading", name="Upcoming meetings")).to_be_visible()
    expect(page.get_by_role("link", name=f"– {meeting.title}")).to_be_visible()
    screenshot("meeting-7-home")
    page.get_by_role("link", name="Meetings", exact=True).click()
    page.get_by_label("Kind").select_option(label="Case clarification meeting")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("link", name=meeting.title)).to_be_visible()
    screenshot("meeting-8-list")
    assert not [e for e in errors if "Content Security Policy" in e], errors
