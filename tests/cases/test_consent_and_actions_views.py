"""Recording consent on the page; my actions, overdue lists and reminder e-mails."""

import datetime
import uuid

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cases.models import ActionItem, CaseEvent, Consent

from .factories import ActionItemFactory, CaseFactory, ConsentFactory, OutsidePartnerFactory, SectorFactory

PDF = b"%PDF-1.4\n%%EOF\n"


def test_coordinator_records_consent_with_document_once(client, world):
    case = CaseFactory(student=world.student_a)
    sector = SectorFactory(code="child-welfare", name="Child welfare")
    client.force_login(world.coordinator)
    data = {
        "given_by": "guardian",
        "given_by_name": "Ilona Lőrincz",
        "given_on": timezone.localdate().isoformat(),
        "sectors": [sector.pk],
        "submission_key": str(uuid.uuid4()),
    }
    url = reverse("consent_new", args=[case.pk])
    for _ in range(2):
        response = client.post(url, {**data, "document": SimpleUploadedFile("aláírt.pdf", PDF)})
        assert response.status_code == 302
    consent = Consent.objects.get()
    assert list(consent.sectors.all()) == [sector]
    assert consent.document_content_type == "application/pdf"
    assert "aláírt" not in consent.document.name
    download = client.get(reverse("consent_document", args=[case.pk, consent.pk]))
    assert download["Content-Disposition"].startswith("attachment")


def test_withdrawal_needs_a_reason_shown_on_its_form(client, world):
    case = CaseFactory(student=world.student_a)
    first, second = ConsentFactory(case=case), ConsentFactory(case=case)
    client.force_login(world.coordinator)
    url = reverse("consent_withdraw", args=[case.pk, second.pk])
    response = client.post(url, {"reason": " "})
    assert response.status_code == 400
    page = response.content.decode()
    assert page.count('<details class="small" open>') == 1
    assert f'id="withdraw-{second.pk}-reason"' in page and f'id="withdraw-{first.pk}"' in page
    assert 'class="textarea form-control is-invalid"' in page and "Write the reason for the withdrawal." in page
    response = client.post(url, {"reason": "A gyám\x00 kérésére."})
    assert response.status_code == 400
    assert " kérésére." in response.content.decode()  # kept as typed
    assert not Consent.objects.filter(withdrawn_at__isnull=False).exists()


def test_consent_form_refuses_bad_input_and_keeps_it(client, world):
    case = CaseFactory(student=world.student_a)
    client.force_login(world.coordinator)
    response = client.post(
        reverse("consent_new", args=[case.pk]),
        {
            "given_by": "young_person",
            "given_by_name": "Ödön Lőrincz",
            "given_on": timezone.localdate().isoformat(),
            "submission_key": str(uuid.uuid4()),
            "document": SimpleUploadedFile("x.pdf", b"<html>not a pdf</html>"),
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose at least one sector or partner" in page
    assert "Upload a PDF, PNG or JPEG file." in page
    assert 'value="Ödön Lőrincz"' in page
    assert not Consent.objects.exists()


def test_withdrawal_from_the_page_records_reason_and_timeline(client, world, full_case):
    consent = full_case.consents.get()
    client.force_login(world.coordinator)
    client.post(reverse("consent_withdraw", args=[full_case.pk, consent.pk]), {"reason": "A gyám visszavonta"})
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None and consent.withdrawal_reason == "A gyám visszavonta"
    assert full_case.events.filter(kind=CaseEvent.Kind.CONSENT_WITHDRAWN).exists()
    page = client.get(reverse("case_detail", args=[full_case.pk])).content.decode()
    assert "cannot go on a meeting agenda" in page


def test_my_actions_lists_staff_and_partner_rows(client, world, full_case):
    entry = full_case.partner_entry
    entry.user = world.partner
    entry.save()
    ActionItemFactory(case=full_case, action="Partner: családlátogatás", responsible_partner=entry)
    ActionItemFactory(case=full_case, action="EWS: beszélgetés", responsible_user=world.ews)
    other = CaseFactory(student=world.student_c)
    ActionItemFactory(case=other, action="Not mine", responsible_user=world.coordinator2)
    client.force_login(world.partner)
    page = client.get(reverse("action_mine")).content.decode()
    assert "Partner: családlátogatás" in page and "EWS: beszélgetés" not in page
    client.force_login(world.ews)
    page = client.get(reverse("action_mine")).content.decode()
    assert "EWS: beszélgetés" in page and "Partner: családlátogatás" not in page and "Not mine" not in page


def test_partner_updates_own_action_and_the_timeline_shows_it(client, world, full_case):
    entry = full_case.partner_entry
    entry.user = world.partner
    entry.save()
    row = ActionItemFactory(case=full_case, action="Hjemmebesøk", responsible_partner=entry)
    other_row = full_case.actions.exclude(pk=row.pk).first()
    client.force_login(world.partner)
    assert client.get(reverse("action_update", args=[other_row.pk])).status_code == 404
    response = client.post(reverse("action_update", args=[row.pk]), {"status": "done", "result": "Gjennomført"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == "done" and row.result == "Gjennomført"
    assert full_case.events.filter(kind=CaseEvent.Kind.ACTION, actor=world.partner).exists()


def test_overdue_list_for_coordinators_only_of_their_school(client, world, full_case):
    ActionItemFactory(
        case=CaseFactory(student=world.student_c),
        action="Forsinket i skole 2",
        deadline=timezone.localdate() - datetime.timedelta(days=2),
    )
    client.force_login(world.coordinator)
    page = client.get(reverse("action_overdue")).content.decode()
    assert "Heti beszélgetés az iskolapszichológussal" in page
    assert "Hjemmebesøk hos familien" not in page  # not overdue
    assert "Forsinket i skole 2" not in page
    home = client.get(reverse("home")).content.decode()
    assert "1 overdue action" in home


def test_send_reminders_e_mails_before_and_after_the_deadline_once(world, full_case):
    today = timezone.localdate()
    soon = ActionItemFactory(case=full_case, responsible_user=world.ews, deadline=today + datetime.timedelta(days=2))
    late = ActionItemFactory(case=full_case, responsible_user=world.ews, deadline=today - datetime.timedelta(days=1))
    ActionItemFactory(case=full_case, responsible_user=world.ews, deadline=today + datetime.timedelta(days=30))
    ActionItemFactory(
        case=full_case, responsible_user=world.ews, deadline=today - datetime.timedelta(days=1), status="done"
    )
    call_command("send_reminders")
    to_ews = [message for message in mail.outbox if message.to == [world.ews.email]]
    assert len(to_ews) == 2
    subjects = sorted(message.subject for message in to_ews)
    assert any("due soon" in subject for subject in subjects)
    assert any("Overdue" in subject for subject in subjects)
    assert all("Lőrincz" not in message.body + message.subject for message in mail.outbox)  # no names in e-mails
    assert ActionItem.objects.get(pk=soon.pk).reminder_before_sent_at is not None
    assert ActionItem.objects.get(pk=late.pk).reminder_after_sent_at is not None
    mail.outbox.clear()
    call_command("send_reminders")
    assert [m for m in mail.outbox if m.to == [world.ews.email]] == []


def test_partner_gets_reminders_through_the_directory_entry(world):
    partner_entry = OutsidePartnerFactory(area=world.area, user=world.partner)
    case = CaseFactory(student=world.student_a)
    ActionItemFactory(case=case, responsible_partner=partner_entry, deadline=timezone.localdate())
    ConsentFactory(case=case, partners=[partner_entry])
    call_command("send_reminders")
    assert [m.to for m in mail.outbox] == [[world.partner.email]]


def test_partner_without_consent_gets_no_reminder(world):
    partner_entry = OutsidePartnerFactory(area=world.area, user=world.partner)
    case = CaseFactory(student=world.student_a)
    ActionItemFactory(case=case, responsible_partner=partner_entry, deadline=timezone.localdate())
    call_command("send_reminders")
    assert mail.outbox == []
