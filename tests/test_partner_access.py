"""The two outside-partner personas beyond one matrix cell: their own action rows, searches,
a consent withdrawn mid-session, and an invitation that outlives the consent.

`world` + `case_world` (tests/matrix_cases.py): `partner_consented` is involved in student_a's case
and covered by its consent; `partner_withdrawn` is involved but their consent was withdrawn.
"""

import pytest
from django.urls import reverse

from cases.models import ActionItem, Meeting
from cases.services import meetings as svc
from cases.services.consent import withdraw_consent
from cases.tasks_meetings import send_invitation

from .matrix_cases import case_world
from .matrix_meetings import meeting_world


@pytest.fixture
def w(world):
    return case_world(world)


def signed_in(client, user):
    client.force_login(user)
    return client


def test_consented_partner_updates_their_own_action_row_only(client, w):
    signed_in(client, w.partner_consented)
    url = reverse("action_update", args=[w.action_in.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"status": ActionItem.Status.IN_PROGRESS, "result": "Felvettük a kapcsolatot."})
    assert response.status_code == 302
    w.action_in.refresh_from_db()
    assert w.action_in.result == "Felvettük a kapcsolatot."
    # Rows of the same case that are not theirs, and the decoy's row, answer 404 and stay as they were.
    for action in (w.action_a, w.action_out, w.decoy_action):
        before = ActionItem.objects.values("status", "result").get(pk=action.pk)
        path = reverse("action_update", args=[action.pk])
        assert client.get(path).status_code == 404
        assert client.post(path, {"status": ActionItem.Status.DONE, "result": "x"}).status_code == 404
        assert ActionItem.objects.values("status", "result").get(pk=action.pk) == before


def test_partner_without_consent_cannot_touch_their_row(client, w):
    signed_in(client, w.partner_withdrawn)
    for action in (w.action_out, w.decoy_action):
        path = reverse("action_update", args=[action.pk])
        assert client.get(path).status_code == 404
        assert client.post(path, {"status": ActionItem.Status.DONE, "result": "x"}).status_code == 404
        assert ActionItem.objects.get(pk=action.pk).status == ActionItem.Status.PLANNED


@pytest.mark.parametrize("persona", ["partner_consented", "partner_withdrawn"])
def test_case_search_finds_nothing_outside_the_consent(client, w, persona):
    signed_in(client, getattr(w, persona))
    decoy_link = f'href="{reverse("case_detail", args=[w.decoy.pk])}"'  # the query is echoed in the search box
    for query in ("Ionescu", w.decoy.reference, "Matrix", "EWS"):
        for status in ("open", "closed", "all"):
            page = client.get(reverse("case_list"), {"q": query, "status": status}).content.decode()
            assert decoy_link not in page and w.student_b.first_name not in page
    page = client.get(reverse("case_list"), {"q": w.student_a.last_name, "status": "all"}).content.decode()
    assert (f'href="{reverse("case_detail", args=[w.case_a.pk])}"' in page) == (persona == "partner_consented")


def test_withdrawing_the_consent_closes_every_door_at_once(client, w):
    signed_in(client, w.partner_consented)
    case_url = reverse("case_detail", args=[w.case_a.pk])
    assert client.get(case_url).status_code == 200
    withdraw_consent(consent=w.consent_a, withdrawn_by=w.coordinator, reason="A gyám visszavonta.")
    assert client.get(case_url).status_code == 404
    assert client.get(reverse("action_update", args=[w.action_in.pk])).status_code == 404
    for name in ("home", "case_list", "action_mine"):
        page = client.get(reverse(name)).content.decode()
        assert case_url not in page and "Matrix-látogatás" not in page and w.student_a.last_name not in page, name


def test_invitation_outliving_the_consent_never_shows_the_name(client, w, mailoutbox):
    """An invited partner whose consent was withdrawn sees the meeting, not who it is about: page,
    invitation link, e-mail and calendar file alike."""
    meeting_world(w)
    invitation = svc.invite(meeting=w.meeting, partner=w.entry_out)
    w.entry_out.email = "partner-out@test.example.org"
    w.entry_out.save()
    signed_in(client, w.partner_withdrawn)
    name = w.student_a.last_name
    page = client.get(reverse("meeting_detail", args=[w.meeting.pk])).content.decode()
    assert "Hiányzások" in page and name not in page
    token_page = client.get(reverse("meeting_invitation", args=[svc.new_token(invitation)])).content.decode()
    assert "Hiányzások" in token_page and name not in token_page
    for document in ("agenda", "attendance", "minutes"):
        assert client.get(reverse("meeting_pdf", args=[w.meeting.pk, document])).status_code == 404
    mailoutbox.clear()
    send_invitation.call(invitation.pk)
    assert mailoutbox, "the invitation e-mail was not sent"
    for message in mailoutbox:
        parts = [message.subject, message.body] + [
            content.decode() if isinstance(content, bytes) else str(content) for _n, content, _t in message.attachments
        ]
        parts += [content for content, _type in getattr(message, "alternatives", [])]
        assert all(name not in part for part in parts)
    assert Meeting.objects.visible_to(w.partner_withdrawn).filter(pk=w.meeting.pk).exists()
