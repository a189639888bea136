"""The meeting page's type-ahead searches: agenda candidates and people to invite.

The meeting page lists only the first agenda candidates and no partners or colleagues at all; the
searches find the others (as an htmx fragment, or as a page of their own without JavaScript)."""

import re

from django.urls import reverse

from cases.services import meetings as svc
from cases.views.meetings import PICKER_SIZE
from crocoos.models import Role
from tests.cases.factories import CaseFactory, ConsentFactory, OutsidePartnerFactory
from tests.factories import StudentFactory, member

HTMX = {"HTTP_HX_REQUEST": "true"}


def find(client, name, meeting, q, **extra):
    return client.get(reverse(name, args=[meeting.pk]), {"q": q}, **extra)


def test_meeting_page_lists_the_first_candidates_consented_first_and_says_there_are_more(client, scene):
    for n in range(PICKER_SIZE):
        ConsentFactory(
            case=CaseFactory(student=StudentFactory(school_class=scene.w.class_a), reference=f"EWS-2026-8{n:03d}")
        )
    client.force_login(scene.w.followup)
    page = client.get(reverse("meeting_detail", args=[scene.meeting.pk])).content.decode()
    assert page.count('data-testid="add-case-') == PICKER_SIZE
    assert scene.case_c.reference not in page  # unconsented: after the consented ones, beyond the first ten
    assert 'data-testid="agenda-candidates-more"' in page
    # the search finds it, with the reason it cannot be added
    fragment = find(client, "meeting_agenda_find", scene.meeting, scene.case_c.reference, **HTMX).content.decode()
    assert scene.case_c.reference in fragment and "No valid written consent" in fragment
    assert "<html" not in fragment and 'data-testid="agenda-candidates-more"' not in fragment


def test_agenda_search_matches_the_name_without_accents_and_stays_in_scope(client, scene):
    elsewhere = CaseFactory(student=scene.w.other_area_student)
    ConsentFactory(case=elsewhere)
    client.force_login(scene.w.followup)
    fragment = find(client, "meeting_agenda_find", scene.meeting, "lorincz", **HTMX).content.decode()
    assert f'data-testid="add-case-{scene.case_a.reference}"' in fragment
    assert scene.case_b.reference not in fragment
    fragment = find(client, "meeting_agenda_find", scene.meeting, elsewhere.reference, **HTMX).content.decode()
    assert elsewhere.reference not in fragment and "No open case matches the search." in fragment
    # a case already on the agenda is not offered again
    svc.add_case_to_agenda(meeting=scene.meeting, case=scene.case_a)
    fragment = find(client, "meeting_agenda_find", scene.meeting, "lorincz", **HTMX).content.decode()
    assert scene.case_a.reference not in fragment


def test_agenda_search_without_javascript_is_a_page_that_keeps_the_search(client, scene):
    client.force_login(scene.w.followup)
    response = find(client, "meeting_agenda_find", scene.meeting, "Ionescu")
    page = response.content.decode()
    assert response.status_code == 200 and "<html" in page
    assert 'value="Ionescu"' in page and f'data-testid="add-case-{scene.case_b.reference}"' in page
    assert reverse("meeting_detail", args=[scene.meeting.pk]) in page


def test_invitee_search_finds_partners_and_colleagues_of_the_area_only(client, scene):
    colleague = member(
        Role.EWS_MEMBER, school=scene.w.school2, email="ragnhild@test.example.org", full_name="Ragnhild Sæther"
    )
    stranger = member(
        Role.EWS_MEMBER,
        school=scene.w.other_area_student.school,
        email="saether@elsewhere.example.org",
        full_name="Sæther Elsewhere",
    )
    OutsidePartnerFactory(area=scene.w.other_area, institute="Barnevernet Langt Unna", contact_name="Per Løvås")
    client.force_login(scene.w.followup)
    fragment = find(client, "meeting_invitees_find", scene.meeting, "lovas", **HTMX).content.decode()
    assert f'name="partner" value="{scene.welfare.pk}"' in fragment
    assert "Langt Unna" not in fragment and scene.psychiatry.institute not in fragment
    fragment = find(client, "meeting_invitees_find", scene.meeting, "saether", **HTMX).content.decode()
    assert f'name="user" value="{colleague.pk}"' in fragment and f'value="{stranger.pk}"' not in fragment
    # by e-mail too; somebody already invited is not offered again
    svc.invite(meeting=scene.meeting, user=colleague)
    fragment = find(client, "meeting_invitees_find", scene.meeting, "ragnhild@", **HTMX).content.decode()
    assert f'value="{colleague.pk}"' not in fragment
    assert "Nobody who is not invited yet matches the search." in fragment


def test_inviting_from_the_search_result(client, scene):
    client.force_login(scene.w.followup)
    fragment = find(client, "meeting_invitees_find", scene.meeting, "Fjordvik", **HTMX).content.decode()
    assert f'value="{scene.psychiatry.pk}"' in fragment
    client.post(
        reverse("meeting_invitees_add", args=[scene.meeting.pk]), {"partner": scene.psychiatry.pk, "is_core": "on"}
    )
    invitation = scene.meeting.invitations.get()
    assert (invitation.partner, invitation.is_core) == (scene.psychiatry, True)


def test_an_empty_search_offers_nobody_and_bad_input_is_an_error_not_a_500(client, scene):
    client.force_login(scene.w.followup)
    assert (
        "invitee-candidates" not in find(client, "meeting_invitees_find", scene.meeting, "  ", **HTMX).content.decode()
    )
    for name in ("meeting_invitees_find", "meeting_agenda_find"):
        for q in ("a\x00b", "x" * 101):
            response = find(client, name, scene.meeting, q)
            assert response.status_code == 200
            assert 'role="alert"' in response.content.decode()


def test_pickers_answer_404_to_whoever_cannot_manage_the_meeting(client, scene):
    for user in (scene.w.other_followup, scene.w.teacher, scene.w.partner, scene.w.ews):
        client.force_login(user)
        for name in ("meeting_invitees_find", "meeting_agenda_find"):
            assert find(client, name, scene.meeting, "a").status_code == 404, (user, name)


def test_picker_query_counts_do_not_grow_with_results(client, scene, django_assert_max_num_queries):
    for n in range(15):
        OutsidePartnerFactory(area=scene.w.area, institute=f"Helsestasjon {n}")
        ConsentFactory(
            case=CaseFactory(student=StudentFactory(school_class=scene.w.class_b), reference=f"EWS-2026-7{n:03d}")
        )
    client.force_login(scene.w.followup)
    with django_assert_max_num_queries(12):
        assert "Helsestasjon" in find(client, "meeting_invitees_find", scene.meeting, "helse", **HTMX).content.decode()
    with django_assert_max_num_queries(12):
        assert "EWS-2026-7" in find(client, "meeting_agenda_find", scene.meeting, "EWS-2026-7", **HTMX).content.decode()


def test_forms_of_the_meeting_page_keep_what_was_typed_on_error(client, scene):
    client.force_login(scene.w.followup)
    add = reverse("meeting_invitees_add", args=[scene.meeting.pk])
    response = client.post(
        add, {"email": "kari.nordmann(at)example", "name": "Kari Nordmann", "institute": "NAV Fjordvik"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Give a valid e-mail address." in page
    assert 'value="kari.nordmann(at)example"' in page and 'value="NAV Fjordvik"' in page
    assert not scene.meeting.invitations.exists()

    response = client.post(
        reverse("meeting_agenda_add", args=[scene.meeting.pk]), {"title": "", "topic": "Ferieplaner"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "A general item needs a title." in page and "Ferieplaner</textarea>" in page
    assert not scene.meeting.agenda.exists()


def test_an_invitee_answer_with_an_error_keeps_the_answer(client, scene):
    svc.invite(meeting=scene.meeting, user=scene.w.teacher)
    client.force_login(scene.w.teacher)
    response = client.post(reverse("meeting_respond", args=[scene.meeting.pk]), {"response": "substitute"})
    page = response.content.decode()
    assert response.status_code == 200 and "Say who comes instead of you." in page
    assert re.search(r'value="substitute"\s+id="id_response_\d"\s+required\s+checked', page)
    assert scene.meeting.invitations.get().response == "pending"
