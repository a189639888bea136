from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Student
from crocoos.access import access_for
from crocoos.models import User


def test_coordinator_sees_who_opened_a_student_and_admin_runs_the_access_report(
    demo, page, sign_in, screenshot, live_server
):
    coordinator = User.objects.get(email="coordinator@example.org")
    student = Student.objects.filter(school_id__in=access_for(coordinator).whole_school_ids).first()
    sign_in("teacher@example.org")
    sign_in("coordinator@example.org")
    page.goto(f"{live_server.url}{reverse('student_detail', args=[student.pk])}")
    page.goto(f"{live_server.url}{reverse('audit_trail', args=['cases.student', student.pk])}")
    expect(page.get_by_role("heading", name="Who has seen or changed this")).to_be_visible()
    expect(page.get_by_text("Opened the student's record")).to_be_visible()
    screenshot("audit-trail")

    sign_in("admin@example.org")
    page.get_by_role("link", name="Access report").click()
    page.get_by_label("User's e-mail address").fill("coordinator@example.org")
    end = timezone.localtime() + timezone.timedelta(hours=1)
    page.get_by_label("Until").fill(end.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Show the report").click()
    expect(page.get_by_text("opened or changed the data of 1 student")).to_be_visible()
    expect(page.get_by_role("cell", name=student.full_name, exact=False)).to_be_visible()
    screenshot("audit-access-report")


def test_administrator_reads_the_record_of_processing(demo, page, sign_in, screenshot):
    sign_in("admin@example.org")
    page.get_by_role("link", name="Record of processing activities").click()
    expect(page.get_by_role("heading", name="Record of processing activities")).to_be_visible()
    expect(page.get_by_text("closed cases are kept for 5 years").first).to_be_visible()
    screenshot("processing-record")


def test_coordinator_follows_the_trail_link_from_a_case_page(demo, page, sign_in, screenshot, live_server):
    from cases.models import Case

    coordinator = User.objects.get(email="coordinator@example.org")
    case = Case.objects.filter(school_id__in=access_for(coordinator).school_ids_with("ews_coordinator")).first()
    sign_in("coordinator@example.org")
    page.goto(f"{live_server.url}{reverse('case_detail', args=[case.pk])}")
    screenshot("case-page-trail-link")
    page.get_by_role("link", name="Who has seen or changed this").click()
    expect(page.get_by_role("heading", name="Who has seen or changed this")).to_be_visible()
    expect(page.get_by_role("cell", name="Opened the case", exact=True).first).to_be_visible()
    screenshot("case-audit-trail")
