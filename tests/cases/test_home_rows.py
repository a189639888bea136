"""The home page's "My concerns" rows, made in cases.home._concern_row, against the template loop
they replace (its per-row include of cases/_concern_status.html)."""

import datetime

import pytest
from django.conf import settings
from django.template import engines
from django.utils import translation

from cases.home import _concern_row
from cases.models import Concern, Invitation

BEFORE = """{% load i18n %}{% for concern in my_concerns %}
      <li class="list-group-item d-flex justify-content-between gap-2"><a href="{{ concern.url }}">{{ concern.date_text }} – {{ concern.full_name }}</a>{% include "cases/_concern_status.html" %}</li>
      {% empty %}<li class="list-group-item">{% translate "You have not logged any concern yet." %}</li>{% endfor %}"""  # noqa: E501
NOW = """{% load i18n %}{% for concern in my_concerns %}
      {{ concern.html }}
      {% empty %}<li class="list-group-item">{% translate "You have not logged any concern yet." %}</li>{% endfor %}"""


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_concern_rows_are_the_templates_markup(language):
    engine = engines["django"]
    with translation.override(language):
        rows = [
            _concern_row(pk, datetime.date(2024, 12, 31 - pk), status, '<b>Ä&"', "O'Brien <i>")
            for pk, status in enumerate(Concern.Status.values, start=1)
        ]
        before = engine.from_string(BEFORE).render({"my_concerns": rows})
        now = engine.from_string(NOW).render({"my_concerns": rows})
        empty = engine.from_string(BEFORE).render({"my_concerns": []})
        assert engine.from_string(NOW).render({"my_concerns": []}) == empty
    assert now == before
    assert "&lt;b&gt;Ä&amp;&quot; O&#x27;Brien &lt;i&gt;" in before
    for badge in ("text-bg-warning", "text-bg-secondary", "text-bg-success"):
        assert badge in before


# The concern form of the home page (cases.home.concern_form_html) against cases/_concern_form.html,
# which the page used to include and the "Log a concern" page still does.


def _rendered_form(user, options, token):
    from cases.views.concerns import concern_form

    context = {"form": concern_form(user), "student_options": options, "csrf_token": token}
    return engines["django"].get_template("cases/_concern_form.html").render(context)


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
@pytest.mark.parametrize(("full_name", "position"), [("Ana Rusu", "Class teacher"), ("O'Brien <b>&\"", ""), ("", None)])
def test_concern_form_is_the_templates_markup(world, language, full_name, position):
    import re

    from cases.home import concern_form_html

    user = world.teacher
    user.full_name, user.position = full_name, position
    options = ["Zoë Ákos (9.B)", 'Tom "T" <i>&</i> (outside school, 2010-01-02)']
    with translation.override(language):
        for students in (options, []):
            template = _rendered_form(user, students, "tok<&>en")
            key = re.search(r'name="submission_key" value="([^"]+)"', template).group(1)
            assert concern_form_html(user, students, "tok<&>en", submission_key=key) == template
    assert "\x00" not in template
    assert 'value="tok&lt;&amp;&gt;en"' in template


def test_concern_form_has_a_new_key_each_time(world):
    from cases.home import concern_form_html

    first, second = (concern_form_html(world.teacher, [], "token") for _ in range(2))
    assert first != second


# Every list of the home page is read in one statement where the database takes a LIMIT in each part
# of a UNION (cases.home.in_one): the page must be the one made from one statement per list.


def _home(client, user):
    import re

    response = client.get("/")
    html = response.content.decode()
    html = re.sub(r'name="(csrfmiddlewaretoken|submission_key)" value="[^"]+"', "", html)
    return html, response.context


@pytest.mark.parametrize("persona", ["teacher", "ews", "coordinator", "followup", "partner", "admin"])
def test_home_lists_in_one_statement_are_the_lists_alone(client, world, persona, monkeypatch):
    from django.db import connection

    from crocoos import compiled_rows, page_cache
    from tests.test_page_queries import Scope

    scope = Scope(world)
    scope.add(7)  # more than a list shows
    user = getattr(world, persona)
    Invitation.objects.get_or_create(meeting=scope.meeting, user=user)
    client.force_login(user)
    merged, merged_context = _home(client, user)
    page_cache.bump()
    compiled_rows.forget()
    monkeypatch.setattr(connection.features, "supports_slicing_ordering_in_compound", False)
    alone, alone_context = _home(client, user)
    assert merged == alone
    lists = ("my_concerns", "overdue_actions", "my_actions", "shared_cases", "upcoming_meetings")
    assert merged_context["upcoming_meetings"] and merged_context["unanswered_invitations"]
    assert any(merged_context.get(name) for name in lists[:-1]) or persona == "admin"
    for name in (*lists, "unanswered_invitations", "concern_student_options", "my_actions_count"):
        assert _plain(merged_context.get(name)) == _plain(alone_context.get(name)), name


@pytest.mark.parametrize("persona", ["teacher", "ews", "coordinator", "followup", "admin"])
def test_home_with_the_entries_in_the_statement_is_the_home_with_them_read_first(client, world, persona, monkeypatch):
    """cases.home.entries_in_statement: the user's directory entries read in the lists' statement
    (PostgreSQL) give the page their ids read first gives, rows of those entries included."""
    from django.db import connection

    from cases import home
    from crocoos import compiled_rows, page_cache
    from crocoos.access import access_for
    from directory.models import InSchoolProfessional
    from tests.cases.factories import ActionItemFactory, OutsidePartnerFactory
    from tests.test_page_queries import Scope

    if connection.vendor != "postgresql":
        pytest.skip("read in the statement on PostgreSQL only")
    scope = Scope(world)
    scope.add(3)
    user = getattr(world, persona)
    partner = OutsidePartnerFactory(area=world.area, user=user, institute="Helsestasjonen")
    professional = InSchoolProfessional.objects.create(school=world.school1, name="Åsne", position="Nurse", user=user)
    long_ago = datetime.date.today() - datetime.timedelta(days=60)  # first among the user's rows
    ActionItemFactory(case=scope.case, responsible_partner=partner, action="Ring <mor>", deadline=long_ago)
    ActionItemFactory(case=scope.case, responsible_professional=professional, action="Besøk & sam", deadline=long_ago)
    Invitation.objects.create(meeting=scope.meeting, partner=partner)
    client.force_login(user)
    assert home.entries_in_statement(access_for(user))
    in_statement, in_statement_context = _home(client, user)
    page_cache.bump()
    compiled_rows.forget()
    monkeypatch.setattr(home, "entries_in_statement", lambda access: False)
    read_first, read_first_context = _home(client, user)
    assert in_statement == read_first
    for name in ("my_actions", "my_actions_count", "overdue_actions", "upcoming_meetings", "unanswered_invitations"):
        assert _plain(in_statement_context.get(name)) == _plain(read_first_context.get(name)), name
    assert scope.meeting.pk in [row.meeting.pk for row in in_statement_context["unanswered_invitations"]]
    if persona != "admin":  # sees no case
        shown = [row["action_short"] for row in in_statement_context["my_actions"]]
        assert "Ring <mor>" in shown and "Besøk & sam" in shown


def _plain(value):
    """Rows as comparable values (MeetingRow and InvitationRow by their attributes)."""
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if hasattr(value, "__dict__"):
        return {name: _plain(item) for name, item in vars(value).items()}
    return value


# The rows of the other lists of the home page, made in Python, against the template loops they replace.

ACTIONS_BEFORE = """{% load i18n %}{% for row in overdue_actions %}<li class="list-group-item"><a href="{{ row.url }}">{{ row.reference }}</a> – {{ row.action_short }} <span class="badge text-bg-danger">{{ row.deadline_text }}</span></li>{% endfor %}
      {% for row in my_actions %}<li class="list-group-item"><a href="{{ row.url }}">{{ row.reference }} – {{ row.action_short }}</a>
        {% if row.deadline %}<span class="badge {% if row.is_overdue %}text-bg-danger{% else %}text-bg-secondary{% endif %}">{{ row.deadline_text }}</span>{% endif %}</li>
      {% empty %}<li class="list-group-item">{% translate "You are not responsible for any open action." %}</li>{% endfor %}"""  # noqa: E501
ACTIONS_NOW = """{% load i18n %}{% for row in overdue_actions %}{{ row.html }}{% endfor %}
      {% for row in my_actions %}{{ row.html }}
      {% empty %}<li class="list-group-item">{% translate "You are not responsible for any open action." %}</li>{% endfor %}"""  # noqa: E501
MEETINGS_BEFORE = """{% for invitation in unanswered_invitations %}
      {% with meeting=invitation.meeting %}<li class="list-group-item"><a href="{{ meeting.url }}">{{ meeting.when }} – {{ meeting.display_title }}</a></li>{% endwith %}
      {% endfor %}
      {% for meeting in upcoming_meetings %}
      <li class="list-group-item"><a href="{{ meeting.url }}">{{ meeting.when }} – {{ meeting.display_title }}</a>
        <div class="small text-body-secondary">{{ meeting.place }}</div></li>
      {% empty %}none{% endfor %}"""  # noqa: E501
MEETINGS_NOW = """{% for invitation in unanswered_invitations %}
      {{ invitation.meeting.invitation_html }}
      {% endfor %}
      {% for meeting in upcoming_meetings %}
      {{ meeting.html }}
      {% empty %}none{% endfor %}"""


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_action_and_meeting_rows_are_the_templates_markup(language):
    from cases.home import InvitationRow, MeetingRow, _action_row
    from cases.models import Meeting

    engine = engines["django"]
    today = datetime.date(2024, 6, 1)
    deadlines = [datetime.date(2024, 5, 31), today, None, datetime.date(2025, 1, 1)]
    long = "Beszélgetés <b>a szülőkkel</b> & " * 3
    with translation.override(language):
        for rows in (deadlines, []):
            context = {
                "overdue_actions": [
                    _action_row(pk, long, deadline or today, 40 + pk, f"EWS-<{pk}>", url_name="case_detail")
                    for pk, deadline in enumerate(rows, start=1)
                ],
                "my_actions": [
                    _action_row(
                        pk, "Visit & call", deadline, 40 + pk, f"R&{pk}", 3, url_name="action_update", today=today
                    )
                    for pk, deadline in enumerate(rows, start=1)
                ],
            }
            assert engine.from_string(ACTIONS_NOW).render(context) == engine.from_string(ACTIONS_BEFORE).render(context)
            meetings = [
                MeetingRow(pk, kind, title, datetime.date(2024, 6, pk), datetime.time(9, pk), place, "planned")
                for pk, (kind, title, place) in enumerate(
                    [(Meeting.Kind.CLARIFICATION, None, "Rådhuset <2>"), (Meeting.Kind.CLARIFICATION, "A & <b>", "")],
                    start=1,
                )
            ][: len(rows)]
            context = {
                "upcoming_meetings": meetings,
                "unanswered_invitations": [InvitationRow("pending", meeting) for meeting in meetings],
            }
            before = engine.from_string(MEETINGS_BEFORE).render(context)
            assert engine.from_string(MEETINGS_NOW).render(context) == before
    assert rows == [] and "none" in before


# What the rows' texts are made with instead of the template filters they replaced: each date's text
# once per language, truncatechars cut only when longer, the time as "H:i"; the students' label per
# number and language, the URLs of one list with the URL configuration read once.

TEXTS = [
    "",
    "Visit & call",
    "x" * 60,
    "x" * 61,
    "Beszélgetés <b>a szülőkkel</b> & " * 3,
    "e\u0301" * 40,  # decomposed: NFC-normalised by the filter, 40 characters
    "a" + "\u0301\u0302" * 40,  # combining marks the filter does not count
    "a\u0301" * 59 + "bc",
]


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_row_texts_are_the_template_filters(language):
    from django.template.defaultfilters import date as date_filter
    from django.template.defaultfilters import time as time_filter
    from django.template.defaultfilters import truncatechars

    from cases.home import MeetingRow, _action_row
    from crocoos.templatetags.crocoos_tags import shortened

    with translation.override(language):
        for text in TEXTS:
            assert shortened(text, 60) == truncatechars(text, 60), text
        for day in (datetime.date(2024, 1, 2), datetime.date(2025, 12, 31)):
            for start in (datetime.time(0, 0), datetime.time(9, 5), datetime.time(23, 59)):
                meeting = MeetingRow(1, "clarification", "", day, start, "", "planned")
                assert meeting.when == f"{date_filter(day, 'SHORT_DATE_FORMAT')} {time_filter(start, 'H:i')}"
            row = _action_row(1, TEXTS[4], day, 2, "R", url_name="case_detail")
            assert row["deadline_text"] == date_filter(day, "SHORT_DATE_FORMAT")
            assert row["action_short"] == truncatechars(TEXTS[4], 60)


def test_student_labels_and_row_urls_are_ngettext_and_row_url():
    from django.utils.translation import ngettext

    from crocoos.templatetags.crocoos_tags import row_url, row_urls
    from crocoos.views import _students

    for _twice in range(2):
        for language in [code for code, _name in settings.LANGUAGES]:
            with translation.override(language):
                for count in [*range(30), 101, 1001, 1234]:
                    expected = ngettext("%(counter)s student", "%(counter)s students", count) % {"counter": count}
                    assert _students(count, translation.get_language()) == expected
    for name in ("school_detail", "class_detail", "case_detail"):
        url_of = row_urls(name)
        assert [url_of(pk) for pk in (1, 7, 123)] == [row_url(name, pk) for pk in (1, 7, 123)]
