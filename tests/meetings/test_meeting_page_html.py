"""The meeting page made from plain values and Python sections (cases/templatetags/meeting_rows.py)
writes exactly what the template wrote before (tests/meetings/old/meeting_detail.html, its rows as
the template loops they were) from model rows, for every language and every kind of reader."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db.models import Exists, OuterRef
from django.template import engines
from django.utils import timezone

from cases.forms.meetings import GeneralItemForm, InviteEmailForm, ResponseForm
from cases.models import InviteeGroup, Meeting
from cases.services import meetings as svc
from cases.views import meetings as views
from directory.models import OutsidePartner

from .test_meeting_rows import OLD_AGENDA, OLD_INVITEES

LANGUAGES = [code for code, _name in settings.LANGUAGES]
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def _old_template():
    """The page's template as it was, with the row loops it had before the row tags."""
    text = (Path(__file__).parent / "old" / "meeting_detail.html").read_text()
    agenda_tag = (
        '{% if items %}{% agenda_rows items meeting manage %}{% else %}<tr><td colspan="5" class="text-body-secondary">'
        '{% translate "No items yet." %}</td></tr>\n    {% endif %}'
    )
    invitee_tag = (
        '{% if invitations %}{% invitee_rows invitations meeting %}{% else %}<tr><td colspan="5" '
        'class="text-body-secondary">{% translate "Nobody is invited yet." %}</td></tr>\n    {% endif %}'
    )
    for tag, loop in ((agenda_tag, OLD_AGENDA), (invitee_tag, OLD_INVITEES)):
        assert text.count(tag) == 1
        loop = loop.split("%}", 1)[1].removeprefix("    ")
        text = text.replace(tag, loop)
    return engines["django"].from_string(text)


def _old_context(request, pk):
    """What the view gave the old template: model rows (the view's code as it was)."""
    user = request.user
    meeting = Meeting.objects.get(pk=pk)
    manage = meeting.is_managed_by(user)
    staff = manage or meeting.is_staffed_by(user)
    meeting = (
        Meeting.objects.select_related("chair")
        .annotate(has_following=Exists(Meeting.objects.filter(previous=OuterRef("pk"))))
        .get(pk=pk)
    )
    invitations = list(meeting.invitations.select_related("user", "partner")) if manage else None
    invitation = views.own_invitation(meeting, user)
    context = {"meeting": meeting, "manage": manage, "staff": staff, "invitation": invitation}
    if staff:
        context["items"] = items = list(meeting.agenda.select_related("case__student", "minutes"))
        context["lines"] = svc.agenda_for(meeting, items=items)
    else:
        context["lines"] = svc.agenda_for(meeting, invitation=invitation)
    if manage:
        on_agenda = [item.case_id for item in items if item.case_id]
        candidates, more = views._first(views.agenda_candidates(meeting, user, on_agenda=on_agenda))
        context.update(
            candidates=candidates,
            more_candidates=more,
            pickers=views.pickers(meeting),
            invitations=invitations,
            groups=list(InviteeGroup.objects.filter(area_id=meeting.area_id).order_by("kind", "name")),
            # the directory entries as the models they were
            suggestions=[
                (item, home, [OutsidePartner.objects.get(pk=partner.pk) for partner in partners], more)
                for item, home, partners, more in svc.suggest_home_representatives(meeting)
            ],
            following=list(meeting.following.only("date")) if meeting.has_following else [],
            general_form=GeneralItemForm(),
            email_form=InviteEmailForm(),
        )
    if invitation is not None:
        context["response_form"] = ResponseForm(
            initial={"response": invitation.response, "substitute_name": invitation.substitute_name}
        )
    return context


def assert_page_as_before(client, user, meeting, language):
    user.language = language
    user.save(update_fields=["language"])
    client.force_login(user)
    response = client.get(f"/meetings/{meeting.pk}/")
    assert response.status_code == 200
    request = response.wsgi_request
    old = _old_template().render(_old_context(request, meeting.pk), request)
    new = response.content.decode()
    assert f'<html lang="{language}"' in new
    assert TOKEN.sub("", new) == TOKEN.sub("", old)
    return new


@pytest.mark.parametrize("language", LANGUAGES)
def test_convenor_page_as_before(client, scene, full_meeting, language):
    html = assert_page_as_before(client, scene.w.followup, full_meeting, language)
    assert html.count('data-testid="agenda-item"') == 3 and html.count('data-testid="invitee"') == 3
    assert 'data-testid="agenda-candidates-more"' in html and 'id="suggest-heading"' in html
    assert html.count('name="partner"') == 5 and "Fjellbygd" in html


@pytest.mark.parametrize("language", ["en", "hu", "ca"])
def test_empty_meeting_page_as_before(client, scene, language):
    Meeting.objects.filter(pk=scene.meeting.pk).update(chair=None)
    html = assert_page_as_before(client, scene.w.followup, scene.meeting, language)
    assert 'data-testid="agenda-item"' not in html and "disabled" in html


@pytest.mark.parametrize("language", ["en", "nb"])
def test_cancelled_meeting_page_as_before(client, scene, full_meeting, language):
    Meeting.objects.filter(pk=full_meeting.pk).update(status=Meeting.Status.CANCELLED)
    assert_page_as_before(client, scene.w.followup, full_meeting, language)


@pytest.mark.parametrize("language", ["en", "ro"])
def test_school_staff_page_as_before(client, scene, language):
    """A school's meeting: its coordinator manages it, an EWS member of the school only sees it."""
    w = scene.w
    meeting = svc.convene_meeting(
        convened_by=w.coordinator,
        kind=Meeting.Kind.WORKING_GROUP,
        date=timezone.localdate() + datetime.timedelta(days=3),
        start_time=datetime.time(13, 0),
        end_time=datetime.time(14, 0),
        place="Rom 1",
        area=w.area,
        school=w.school1,
    )
    svc.add_case_to_agenda(meeting=meeting, case=scene.case_a, topic="Første")
    svc.invite(meeting=meeting, user=w.ews)
    assert_page_as_before(client, w.coordinator, meeting, language)
    html = assert_page_as_before(client, w.ews, meeting, language)
    assert 'data-testid="agenda-item"' in html and 'id="invitees"' not in html


@pytest.mark.parametrize("language", ["en", "sv"])
def test_invitee_page_as_before(client, scene, full_meeting, language):
    """An outside partner invited through their directory entry: the agenda as their consent allows."""
    scene.welfare.user = scene.w.partner
    scene.welfare.save()
    html = assert_page_as_before(client, scene.w.partner, full_meeting, language)
    assert 'data-testid="current-answer"' in html and 'data-testid="agenda-item"' not in html
