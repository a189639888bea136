# ruff: noqa: E501  (the template as it was, line by line)
"""The table of entries' rows made in Python (directory_tags.entry_rows) are the markup the template
made before, cell for cell, whitespace included, in every language (issue 7)."""

import datetime
import itertools

import pytest
from django.conf import settings
from django.template import engines
from django.utils import timezone, translation

from directory.kinds import KINDS
from directory.models import HelpArea, InSchoolProfessional, OutsidePartner, Sector
from directory.selectors import with_help_areas

# templates/directory/_entry_table.html before the rows were made in Python, with its two per-row
# includes (_help_areas.html, _verified.html) in their place, each with the newline its file ended with.
HELP_AREAS = (
    '{% for area in entry.help_areas.all %}<span class="badge rounded-pill text-bg-light border">{{ area }}</span> '
    '{% endfor %}{% if entry.help_text %}<span class="small">{{ entry.help_text|truncatechars:120 }}</span>{% endif %}\n'
)
VERIFIED = (
    '{% load i18n %}{% if entry.is_stale %}<span class="badge text-bg-warning">{% if entry.verified_at %}'
    '{% blocktranslate with date=entry.verified_at|date:"SHORT_DATE_FORMAT" %}Not verified since {{ date }}'
    '{% endblocktranslate %}{% else %}{% translate "Never verified" %}{% endif %}</span>{% else %}'
    '<span class="text-body-secondary small">{{ entry.verified_at|date:"SHORT_DATE_FORMAT" }}</span>{% endif %}'
    '{% if entry.is_archived %} <span class="badge text-bg-secondary">{% translate "Archived" %}</span>{% endif %}\n'
)
ROWS_BEFORE = """{% load i18n crocoos_tags %}
  {% for entry in entries %}
    <tr>
      {% if kind.slug == "school" %}
      <td><a href="{% row_url 'directory_detail' 'school' entry.pk %}">{{ entry.name }}</a></td>
      <td>{{ entry.position }}</td>
      <td>{{ entry.school.name }}</td>
      {% else %}
      <td><a href="{% row_url 'directory_detail' 'partners' entry.pk %}">{{ entry.institute }}</a>{% if entry.address %}<div class="small text-body-secondary">{{ entry.address }}</div>{% endif %}</td>
      <td>{{ entry.sector|default:"–" }}</td>
      <td>{{ entry.contact_name|default:"–" }}{% if entry.position %}<div class="small text-body-secondary">{{ entry.position }}</div>{% endif %}</td>
      {% endif %}
      <td class="small">{{ entry.phone }}{% if entry.phone and entry.email %}<br>{% endif %}{% if entry.email %}<a href="mailto:{{ entry.email }}">{{ entry.email }}</a>{% endif %}</td>
      <td>HELP_AREAS</td>
      <td>VERIFIED</td>
    </tr>
  {% empty %}<tr><td colspan="6">{% translate "No entries found." %}</td></tr>{% endfor %}
""".replace("HELP_AREAS", HELP_AREAS).replace("VERIFIED", VERIFIED)
ROWS_NOW = """{% load i18n directory_tags %}
  {% if entries %}{% entry_rows kind entries %}{% else %}<tr><td colspan="6">{% translate "No entries found." %}</td></tr>{% endif %}
"""

ODD = "<b>Ä & \"B\" 'c'</b>"


@pytest.fixture
def many_entries(world, help_area):
    now = timezone.now()
    days = datetime.timedelta(days=1)
    dates = [None, now - 400 * days, now - 3 * days, now.replace(hour=23, minute=30)]
    areas = [[], ["addiction"], ["health", "addiction", "crime-prevention"]]
    texts = ["", "short & <sweet>", ODD * 20]
    for number in range(12):
        professional = InSchoolProfessional.objects.create(
            school=world.school1,
            name=f"{ODD} {number}",
            position=ODD if number % 2 else "Nurse",
            phone="+36 1 <2>" if number % 3 else "",
            email=f"a{number}@example.org" if number % 4 else "",
            help_text=texts[number % 3],
            verified_at=dates[number % 4],
            archived_at=now if number % 5 == 0 else None,
        )
        professional.help_areas.add(*(help_area(code) for code in areas[number % 3]))
        partner = OutsidePartner.objects.create(
            area=world.area,
            institute=f"{ODD} institute {number}",
            address=ODD if number % 2 else "",
            # rows of one sector and of another in between (entry_rows shows each sector's name once made)
            sector=Sector.objects.get(code="health" if number % 2 else "police-justice") if number % 3 else None,
            contact_name=ODD if number % 4 else "",
            position="Leader <1>" if number % 5 else "",
            phone="+47 <9>" if number % 2 else "",
            email=f"p{number}@example.org" if number % 3 else "",
            help_text=texts[(number + 1) % 3],
            verified_at=dates[(number + 1) % 4],
            archived_at=now if number % 4 == 0 else None,
        )
        partner.help_areas.add(*(help_area(code) for code in areas[(number + 2) % 3]))


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_entry_rows_are_the_templates_markup(world, many_entries, language):
    engine = engines["django"]
    with translation.override(language):
        shown = []
        for kind in KINDS.values():
            everything = kind.model.objects.all().order_by("pk")
            before = engine.from_string(ROWS_BEFORE).render({"kind": kind, "entries": everything})
            rows = list(kind.for_table(everything))
            shown.append((kind, rows))
            with_help_areas(shown[-1:], list(HelpArea.objects.all()))
            now = engine.from_string(ROWS_NOW).render({"kind": kind, "entries": rows})
            assert now == before
            assert "Never verified" in before or language != "en"
            assert "&lt;b&gt;" in before and "badge rounded-pill" in before


def test_empty_table_and_entries_without_help_areas(world, entries):
    engine = engines["django"]
    for kind in KINDS.values():
        assert engine.from_string(ROWS_NOW).render({"kind": kind, "entries": []}) == engine.from_string(
            ROWS_BEFORE
        ).render({"kind": kind, "entries": []})


def test_help_areas_of_both_lists_in_one_query(world, entries, django_assert_num_queries):
    groups = [(kind, list(kind.model.objects.order_by("pk"))) for kind in KINDS.values()]
    areas = list(HelpArea.objects.all())
    with django_assert_num_queries(1):
        with_help_areas(groups, areas)
    for _kind, rows in groups:
        for entry in rows:
            assert entry.help_area_list == list(entry.help_areas.all())
    with django_assert_num_queries(0):
        with_help_areas([(kind, []) for kind in KINDS.values()], areas)


def test_html_format_is_format_html():
    from django.utils.html import format_html
    from django.utils.safestring import SafeString, mark_safe
    from django.utils.translation import gettext_lazy

    from crocoos.templatetags.crocoos_tags import html_format

    class Html:
        def __html__(self):
            return "<i>own</i>"

    values = ["", "a & <b> \"c\" 'd'", mark_safe("<b>safe</b>"), gettext_lazy("Archived"), 0, 12.5, None, Html()]
    values += [Sector(name="<Health & care>"), datetime.date(2026, 1, 2)]
    for value in values:
        for other in values:
            made = html_format("<td>{}</td>{} ", value, other)
            assert made == format_html("<td>{}</td>{} ", value, other)
            assert isinstance(made, SafeString)


def test_entry_rows_show_the_day_of_the_current_time_zone(world, many_entries):
    """The same times on other days across the date line: each row's day where the reader is."""
    engine = engines["django"]
    for zone, language in itertools.product(["Pacific/Auckland", "America/Anchorage", "UTC"], ["en", "hu"]):
        with translation.override(language), timezone.override(zone):
            areas = list(HelpArea.objects.all())  # a row's badges are kept on the help areas read
            for kind in KINDS.values():
                everything = kind.model.objects.all().order_by("pk")
                rows = list(kind.for_table(everything))
                with_help_areas([(kind, rows)], areas)
                before = engine.from_string(ROWS_BEFORE).render({"kind": kind, "entries": everything})
                assert engine.from_string(ROWS_NOW).render({"kind": kind, "entries": rows}) == before


@pytest.mark.parametrize("language", ["en", "hu"])
@pytest.mark.parametrize("user", ["admin", "followup", "coordinator"])
def test_search_rows_are_the_entries_markup(world, many_entries, language, user):
    """The search's rows (search_preview: SearchRow, plain values) make the markup the ORM's entries
    make (the test above: the template's), and show the same values."""
    from crocoos import compiled_rows
    from directory.selectors import help_areas, narrowed, search_preview

    compiled_rows.forget()
    engine = engines["django"]
    user = getattr(world, user)
    areas = help_areas()
    with translation.override(language):
        for kind in KINDS.values():
            for words in ([], [("c", ())], [("0", ())]):
                found = search_preview(kind, user, words, 100)
                query = " ".join(word for word, _areas in words)
                expected = list(narrowed(kind, kind.for_table(kind.visible(user)), {"q": query}, ())[:100])
                assert [entry.pk for entry in found] == [entry.pk for entry in expected]
                with_help_areas([(kind, found), (kind, expected)], areas)
                now = engine.from_string(ROWS_NOW).render({"kind": kind, "entries": found})
                assert now == engine.from_string(ROWS_NOW).render({"kind": kind, "entries": expected})
                if user == world.admin and not words:
                    assert (len(found) > 3 and "Never verified" in now) or language != "en"
    compiled_rows.forget()


@pytest.mark.parametrize(
    "text",
    [
        "a",
        "x" * 120,
        "x" * 121,
        "<&>\"'" * 24,
        "<&>\"'" * 25,
        "é" * 120,
        "e\u0301" * 60,  # not NFC: 120 code points, 60 characters once composed
        "e\u0301" * 61,
        "\u0301" * 130,  # combining marks alone count for nothing
        "a\u0301" + "b" * 119,
        "a\u0301" + "b" * 120,
        ODD * 20,
    ],
)
def test_help_text_is_shortened_as_truncatechars(text):
    """The free text of a row (crocoos_tags.shortened) is what `|truncatechars:120` showed."""
    from html import escape

    from crocoos.templatetags.crocoos_tags import shortened

    expected = engines["django"].from_string("{{ text|truncatechars:120 }}").render({"text": text})
    assert escape(shortened(text, 120)) == expected
