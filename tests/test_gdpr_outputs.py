"""Outputs of a young person's data: every print, download and export is an attachment that no cache
keeps, uploaded files have no public address, and a withdrawn consent stops e-mails already queued."""

import pytest
from django.core import mail
from django.urls import reverse

from cases.services.consent import withdraw_consent
from cases.tasks_meetings import send_case_summary
from crocoos.models import AuditEvent

from .cases.factories import OutsidePartnerFactory
from .matrix_meetings import meeting_world


@pytest.fixture
def w(world):
    return meeting_world(world)


def downloads(w):
    return {
        "case sheet": ("get", reverse("case_sheet_pdf", args=[w.case_a.pk])),
        "signed sheet": ("get", reverse("sheet_download", args=[w.case_a.pk, w.sheet_a.number])),
        "signed consent": ("get", reverse("consent_document", args=[w.case_a.pk, w.consent_a.pk])),
        "agenda": ("get", reverse("meeting_pdf", args=[w.meeting.pk, "agenda"])),
        "attendance": ("get", reverse("meeting_pdf", args=[w.meeting.pk, "attendance"])),
        "minutes": ("get", reverse("meeting_pdf", args=[w.meeting.pk, "minutes"])),
        "right of access": ("post", reverse("right_of_access_export", args=[w.student_a.pk])),
    }


def test_prints_downloads_and_exports_are_attachments_never_cached(client, w):
    client.force_login(w.coordinator)
    for name, (method, url) in downloads(w).items():
        response = getattr(client, method)(url)
        assert response.status_code == 200, name
        assert response["Content-Disposition"].startswith("attachment"), name
        assert "no-store" in response["Cache-Control"], name
        assert response["X-Content-Type-Options"] == "nosniff", name


def test_the_invitation_link_page_is_never_cached(client, w):
    from cases.services import meetings as svc

    response = client.get(reverse("meeting_invitation", args=[svc.new_token(w.guest)]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_uploaded_files_have_no_public_address(client, w, settings):
    client.force_login(w.coordinator)
    for name in (w.sheet_a.file.name, w.consent_a.document.name):
        assert "Lőrincz" not in name and "consent.pdf" not in name
        assert client.get("/" + settings.MEDIA_URL.strip("/") + "/" + name).status_code == 404
        assert client.get("/" + name).status_code == 404


def test_a_summary_queued_before_a_withdrawal_is_not_sent(w, settings):
    """The worker re-checks consent when it runs: the withdrawal wins even over a queued e-mail."""
    entry = OutsidePartnerFactory(area=w.area, email="bjorn@example.org")
    w.consent_a.partners.add(entry)
    w.attendance.partner = entry
    w.attendance.email = "bjorn@example.org"
    w.attendance.save()
    withdraw_consent(consent=w.consent_a, withdrawn_by=w.coordinator, reason="Visszavonta a szülő.")
    send_case_summary.enqueue(w.attendance.pk, w.item.pk)
    assert mail.outbox == []
    assert not AuditEvent.objects.filter(action="meeting.summary_emailed").exists()


def test_the_same_summary_goes_out_while_the_consent_holds(w):
    entry = OutsidePartnerFactory(area=w.area, email="bjorn@example.org")
    w.consent_a.partners.add(entry)
    w.attendance.partner = entry
    w.attendance.email = "bjorn@example.org"
    w.attendance.save()
    send_case_summary.enqueue(w.attendance.pk, w.item.pk)
    assert [message.to for message in mail.outbox] == [["bjorn@example.org"]]
    event = AuditEvent.objects.get(action="meeting.summary_emailed")
    assert (event.student_id, event.detail["to"], event.detail["mode"]) == (w.student_a.pk, "bjorn@example.org", "pdf")
