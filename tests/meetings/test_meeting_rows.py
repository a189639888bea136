# ruff: noqa: E501 (the old template loops, kept as they were)
"""The meeting page's rows made in Python (cases/templatetags/meeting_rows.py) write exactly what
the template loops they replaced wrote (kept here), escaping, translations and buttons included."""

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

from cases.models import Invitation, MinutesItem
from cases.services import meetings as svc
from cases.views.meetings import Candidate

OLD_AGENDA = """{% load i18n crocoos_tags %}    {% for item in items %}
    <tr data-testid="agenda-item">
      <td>{{ forloop.counter }}</td>
      <td>{% if item.case_id %}<a href="{% row_url 'case_detail' item.case_id %}">{{ item.case.reference }}</a> – {{ item.case.student.full_name }}{% else %}{{ item.title }}{% endif %}</td>
      <td>{{ item.topic }}</td>
      {% if manage %}
      <td><a href="{% row_url 'meeting_minutes' meeting.pk item.pk %}">{% if item.minutes %}{% translate "Edit minutes" %}{% else %}{% translate "Write minutes" %}{% endif %}</a></td>
      <td><form method="post" action="{% row_url 'meeting_agenda_item' meeting.pk item.pk %}" class="d-flex gap-1">{% csrf_token %}
        <button class="btn btn-sm btn-outline-secondary" name="action" value="up" type="submit" aria-label="{% translate 'Move up' %}">↑</button>
        <button class="btn btn-sm btn-outline-secondary" name="action" value="down" type="submit" aria-label="{% translate 'Move down' %}">↓</button>
        <button class="btn btn-sm btn-outline-danger" name="action" value="remove" type="submit" aria-label="{% translate 'Remove' %}">×</button>
      </form></td>
      {% endif %}
    </tr>
    {% empty %}<tr><td colspan="5" class="text-body-secondary">{% translate "No items yet." %}</td></tr>
    {% endfor %}"""
NEW_AGENDA = (
    "{% load i18n meeting_rows %}    {% if items %}{% agenda_rows items meeting manage %}{% else %}"
    '<tr><td colspan="5" class="text-body-secondary">{% translate "No items yet." %}</td></tr>\n    {% endif %}'
)
OLD_INVITEES = """{% load i18n crocoos_tags %}    {% for inv in invitations %}
    <tr data-testid="invitee"><td>{{ inv.display_name }}</td><td>{{ inv.display_institute }}</td>
      <td>{% if inv.is_core %}{% translate "core group" %}{% else %}{% translate "occasional" %}{% endif %}</td>
      <td>{{ inv.get_response_display }}{% if inv.substitute_name %}: {{ inv.substitute_name }}{% endif %}{% if inv.sent_sequence is not None %} <span class="badge text-bg-light">{% translate "sent" %}</span>{% endif %}</td>
      <td><form method="post" action="{% row_url 'meeting_invitation_remove' meeting.pk inv.pk %}">{% csrf_token %}<button class="btn btn-sm btn-outline-danger" type="submit" aria-label="{% translate 'Remove' %}">×</button></form></td></tr>
    {% empty %}<tr><td colspan="5" class="text-body-secondary">{% translate "Nobody is invited yet." %}</td></tr>
    {% endfor %}"""
NEW_INVITEES = (
    "{% load i18n meeting_rows %}    {% if invitations %}{% invitee_rows invitations meeting %}{% else %}"
    '<tr><td colspan="5" class="text-body-secondary">{% translate "Nobody is invited yet." %}</td></tr>\n'
    "    {% endif %}"
)
OLD_CANDIDATES = """{% load i18n %}{% for case in candidates %}
  <li class="list-group-item">
  {% if case.consented %}
    <form method="post" action="{{ add_url }}" class="row g-2 align-items-center">{% csrf_token %}
      <input type="hidden" name="case" value="{{ case.pk }}">
      <div class="col-md-5"><span class="fw-semibold">{{ case.reference }}</span> – {{ case.student_name }}</div>
      <div class="col-md-5"><label class="visually-hidden" for="topic-{{ case.pk }}">{% translate "Topic" %}</label>
        <input class="form-control form-control-sm" id="topic-{{ case.pk }}" name="topic" placeholder="{% translate 'Topic' %}" maxlength="500"></div>
      <div class="col-md-2"><button class="btn btn-sm btn-primary" type="submit" data-testid="add-case-{{ case.reference }}">{% translate "Add" %}</button></div>
    </form>
  {% else %}
    <div class="row g-2 align-items-center text-body-secondary">
      <div class="col-md-5">{{ case.reference }} – {{ case.student_name }}</div>
      <div class="col-md-5 small">{% translate "No valid written consent: the case cannot be discussed." %}</div>
      <div class="col-md-2"><button class="btn btn-sm btn-secondary" type="button" disabled>{% translate "Add" %}</button></div>
    </div>
  {% endif %}
  </li>
{% endfor %}"""
NEW_CANDIDATES = "{% load i18n meeting_rows %}{% agenda_candidate_rows candidates add_url %}"


def both(old, new, new_context=None, **context):
    """The old template and the new one rendered, with `new_context` in place of the old's where given."""
    context["csrf_token"] = "tok<en>"
    new_context = {**context, **(new_context or {})}
    return Template(old).render(Context(context)), Template(new).render(Context(new_context))


LANGUAGES = [code for code, _name in settings.LANGUAGES]


@pytest.fixture
def agenda(scene):
    meeting = scene.meeting
    scene.case_a.reference = "EWS-<1>&2"
    scene.case_a.save()
    scene.w.student_a.first_name = "Åse <b>"
    scene.w.student_a.save()
    first = svc.add_case_to_agenda(meeting=meeting, case=scene.case_a, topic="Fråga & <svar>")
    svc.add_case_to_agenda(meeting=meeting, case=scene.case_b)
    svc.add_general_item(meeting=meeting, title="Øvrig <&> sak", topic="")
    MinutesItem.objects.create(agenda_item=first, notes="x")
    return meeting


@pytest.mark.parametrize("manage", [True, False])
@pytest.mark.parametrize("language", LANGUAGES)
def test_agenda_rows_as_the_template_wrote_them(agenda, manage, language):
    """The old loop over model rows, the tag over the page's plain values (svc.agenda_rows)."""
    items = list(agenda.agenda.select_related("case__student", "minutes"))
    rows = svc.agenda_rows(agenda.pk)
    assert len(items) == len(rows) == 3
    with translation.override(language):
        old, new = both(OLD_AGENDA, NEW_AGENDA, {"items": rows}, items=items, meeting=agenda, manage=manage)
        assert new == old
        old, new = both(OLD_AGENDA, NEW_AGENDA, items=[], meeting=agenda, manage=manage)
        assert new == old


@pytest.mark.parametrize("language", LANGUAGES)
def test_invitee_rows_as_the_template_wrote_them(scene, language):
    meeting = scene.meeting
    svc.invite(meeting=meeting, user=scene.w.ews)
    svc.invite(meeting=meeting, partner=scene.welfare, is_core=False)
    svc.invite(meeting=meeting, email="x@example.org", name="Ola <Nordmann>", institute="NAV & co", is_core=False)
    Invitation.objects.filter(partner=scene.welfare).update(
        response=Invitation.Response.SUBSTITUTE, substitute_name="Kari <Vikar>", sent_sequence=0
    )
    Invitation.objects.filter(user=scene.w.ews).update(response=Invitation.Response.DECLINE, sent_sequence=2)
    scene.welfare.user = scene.w.partner
    scene.welfare.contact_name = ""
    scene.welfare.save()
    invitations = list(meeting.invitations.select_related("user", "partner"))
    rows = svc.invitee_rows(meeting.pk)
    assert len(invitations) == len(rows) == 3
    assert [(row.display_name, row.display_institute) for row in rows] == [
        (invitation.display_name, invitation.display_institute) for invitation in invitations
    ]
    with translation.override(language):
        old, new = both(OLD_INVITEES, NEW_INVITEES, {"invitations": rows}, invitations=invitations, meeting=meeting)
        assert new == old
        old, new = both(OLD_INVITEES, NEW_INVITEES, invitations=[], meeting=meeting)
        assert new == old


@pytest.mark.parametrize("language", LANGUAGES)
def test_agenda_candidate_rows_as_the_template_wrote_them(language):
    candidates = [
        Candidate(7, "EWS-<7>", "Åse & Øystein", True),
        Candidate(8, "EWS-8", "Ion <Popescu>", False),
        Candidate(9, "EWS-9", "Jón", True),
    ]
    with translation.override(language):
        old, new = both(OLD_CANDIDATES, NEW_CANDIDATES, candidates=candidates, add_url="/meetings/1/agenda/?a&b")
    assert new == old


def test_no_csrf_token_writes_no_input(scene):
    """Without a token in the context (no RequestContext) {% csrf_token %} writes nothing: the rows neither."""
    candidates = [Candidate(7, "EWS-7", "Åse", True)]
    old = Template(OLD_CANDIDATES).render(Context({"candidates": candidates, "add_url": "/a/"}))
    new = Template(NEW_CANDIDATES).render(Context({"candidates": candidates, "add_url": "/a/"}))
    assert new == old
    assert "csrfmiddlewaretoken" not in new


def test_the_meeting_page_shows_the_rows(client, scene):
    """The convenor's page: agenda, invitees and candidates through the tags (smoke test)."""
    svc.add_case_to_agenda(meeting=scene.meeting, case=scene.case_a)
    svc.invite(meeting=scene.meeting, partner=scene.welfare)
    client.force_login(scene.w.followup)
    html = client.get(f"/meetings/{scene.meeting.pk}/").content.decode()
    assert html.count('data-testid="agenda-item"') == 1
    assert html.count('data-testid="invitee"') == 1
    assert f'data-testid="add-case-{scene.case_b.reference}"' in html
