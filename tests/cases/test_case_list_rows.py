"""The case list's and the concern inbox's rows made in Python (case_tags.case_rows, concern_rows,
from the rows' values) are the markup the templates made before from model objects, whitespace
included, in every language; the case search finds the same cases whichever way it matches the
students' names (issue 7)."""

import datetime

import pytest
from django.conf import settings
from django.template import engines
from django.urls import reverse
from django.utils import translation

from cases.models import Case, Concern
from cases.views.cases import CASE_LIST_COLUMNS
from cases.views.concerns import INBOX_COLUMNS

from ..factories import StudentFactory
from .factories import CaseFactory, ConcernFactory

# templates/cases/case_list.html's rows before case_rows.
ROWS_BEFORE = """{% load i18n crocoos_tags %}
  {% for case in page.object_list %}
  <tr><td><a href="{% row_url 'case_detail' case.pk %}">{{ case.reference }}</a></td><td>{{ case.date|date:"SHORT_DATE_FORMAT" }}</td>
    <td>{{ case.student.full_name }} <span class="text-body-secondary">{{ case.student.school_class.name }}</span></td>
    <td>{{ case.school.name|default:_("register") }}</td><td>{{ case.get_status_display }}</td></tr>
  {% empty %}<tr><td colspan="5">{% translate "No cases." %}</td></tr>{% endfor %}
"""  # noqa: E501
ROWS_NOW = """{% load i18n case_tags %}
  {% if page.object_list %}{% case_rows page.object_list %}{% else %}<tr><td colspan="5">{% translate "No cases." %}</td></tr>{% endif %}
"""  # noqa: E501


@pytest.fixture
def cases(world):
    odd = StudentFactory(school_class=world.class_a, first_name='<b>Ä&"', last_name="O'Brien <i>")
    made = [
        CaseFactory(student=world.student_a, reference="EWS-<1>&'"),
        CaseFactory(student=world.register_student, date=datetime.date(2024, 12, 31)),
        CaseFactory(student=odd, status=Case.Status.CLOSED, outcome="Done"),
        CaseFactory(student=world.student_c, date=datetime.date(2026, 1, 2)),
    ]
    world.school2.name = "Fjordvik & <skole>"
    world.school2.save()
    return made


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_case_rows_are_the_templates_markup(world, cases, language):
    engine = engines["django"]
    ids = [case.pk for case in cases]
    objects = Case.objects.filter(pk__in=ids).select_related("student__school_class", "school").order_by("pk")
    rows = Case.objects.filter(pk__in=ids).values_list(*CASE_LIST_COLUMNS, named=True).order_by("pk")
    with translation.override(language):
        before = engine.from_string(ROWS_BEFORE).render({"page": {"object_list": objects}})
        now = engine.from_string(ROWS_NOW).render({"page": {"object_list": rows}})
    assert now == before
    assert "&lt;b&gt;" in before and "Fjordvik &amp; &lt;skole&gt;" in before
    assert engine.from_string(ROWS_NOW).render({"page": {"object_list": []}}) == engine.from_string(ROWS_BEFORE).render(
        {"page": {"object_list": []}}
    )


@pytest.mark.parametrize("query", ["lorincz", "ODON lőrincz", "ews-2026", "brat", "petrovic", "0042 odon", "nobody"])
def test_case_search_finds_the_same_cases_either_way(world, query):
    CaseFactory(student=world.student_a, reference="EWS-2026-0042")
    CaseFactory(student=world.student_c, reference="EWS-2026-0043")
    CaseFactory(student=world.register_student, reference="EWS-2026-0044")
    CaseFactory(student=world.other_area_student, reference="EWS-2026-0045")
    cases = Case.objects.visible_to(world.followup).order_by("pk")
    each = list(cases.matching(query, each_case=True))
    assert each == list(cases.matching(query, each_case=False))
    assert each == [case for case in cases if _matches(case, query)]


def _matches(case, query):
    from crocoos.search import fold, search_words

    name = fold(f"{case.student.first_name} {case.student.last_name}")
    return all(word in fold(case.reference) or word in name for word in search_words(query))


@pytest.mark.parametrize("persona", ["coordinator", "followup"])
def test_case_list_and_search_show_the_rows(client, world, cases, persona):
    client.force_login(getattr(world, persona))
    page = client.get(reverse("case_list"), {"status": "all"}).content.decode()
    assert "EWS-&lt;1&gt;&amp;&#x27;" in page and "O&#x27;Brien &lt;i&gt;" in page
    found = client.get(reverse("case_list"), {"status": "all", "q": "obrien"}).content.decode()
    assert "O&#x27;Brien" not in found  # "obrien" is not in "o'brien"
    found = client.get(reverse("case_list"), {"status": "all", "q": "brien"}).content.decode()
    assert "O&#x27;Brien &lt;i&gt;" in found and "Lőrincz" not in found


# templates/cases/concern_inbox.html's rows before concern_rows (and before the cells made in the view).
INBOX_BEFORE = """{% load i18n crocoos_tags %}
  {% for concern in page.object_list %}
  <tr>
    <td>{{ concern.date|date:"SHORT_DATE_FORMAT" }}</td>
    <td>{{ concern.student.full_name }} <span class="text-body-secondary">{{ concern.student.school_class.name|default:_("register") }}</span></td>
    <td>{{ concern.category_labels|join:", " }}<div class="small text-body-secondary">{{ concern.text|truncatechars:120 }}</div></td>
    <td>{{ concern.observer_name }}</td>
    <td><a class="btn btn-sm btn-outline-primary" href="{% row_url 'concern_detail' concern.pk %}">{% translate "Decide" %}</a></td>
  </tr>
  {% empty %}<tr><td colspan="5">{% translate "No new concerns." %}</td></tr>{% endfor %}
"""  # noqa: E501
INBOX_NOW = """{% load i18n case_tags %}
  {% if page.object_list %}{% concern_rows page.object_list %}{% else %}<tr><td colspan="5">{% translate "No new concerns." %}</td></tr>{% endif %}
"""  # noqa: E501


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_concern_rows_are_the_templates_markup(world, language):
    odd = StudentFactory(school_class=world.class_a, first_name='<b>Ä&"', last_name="O'Brien <i>")
    made = [
        ConcernFactory(student=world.student_a, logged_by=world.teacher),
        ConcernFactory(
            student=world.register_student,
            logged_by=world.followup,
            categories=["attendance", "behaviour", "unknown-<code>"],
            text="Å & <b>" * 40,
            observer_name="<O'Neil>",
            date=datetime.date(2024, 12, 31),
        ),
        ConcernFactory(student=odd, logged_by=world.teacher, categories=[], text=""),
        # at the edge of 120 characters, and combining ones: NFC composes some, others do not count
        *(
            ConcernFactory(
                student=world.student_a, logged_by=world.teacher, text=text, date=datetime.date(2024, 12, 31)
            )
            for text in ("x" * 120, "y" * 121, "e\u0301" * 100, "e\u0301" * 121, "q\u0301" * 70, "q\u0301" * 121)
        ),
    ]
    engine = engines["django"]
    ids = [concern.pk for concern in made]
    objects = Concern.objects.filter(pk__in=ids).select_related("student__school_class").order_by("pk")
    rows = Concern.objects.filter(pk__in=ids).values_list(*INBOX_COLUMNS, named=True).order_by("pk")
    with translation.override(language):
        before = engine.from_string(INBOX_BEFORE).render({"page": {"object_list": objects}})
        now = engine.from_string(INBOX_NOW).render({"page": {"object_list": rows}})
    assert now == before
    assert "&lt;O&#x27;Neil&gt;" in before and "unknown-&lt;code&gt;" in before
    assert engine.from_string(INBOX_NOW).render({"page": {"object_list": []}}) == engine.from_string(
        INBOX_BEFORE
    ).render({"page": {"object_list": []}})


def _main(response):
    """The page's main part (the navigation's language form names the address, page number and all)."""
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


@pytest.mark.parametrize("persona", ["coordinator", "followup", "teacher", "partner"])
def test_first_page_is_the_paginators_first_page(client, world, cases, persona):
    """The first page (its ids from a statement kept per user and shape of the list, the words of a
    search its parameters) is the page KeysetPaginator reads (any page number asks it), searches of
    the same shape one after the other included."""
    from crocoos import compiled_rows

    compiled_rows.forget()
    for n in range(30):
        CaseFactory(student=world.student_a, reference=f"EWS-K-{n:03}")
    client.force_login(getattr(world, persona))
    url = reverse("case_list")
    shown = 0
    for status in ("open", "all", "nonsense"):
        for sort in ("-date", "reference", "student", "nonsense"):
            for query in ("", "ews-k", "lorincz", "k-01 ews", "o'b", "_", "nobody"):
                params = {"status": status, "sort": sort, "q": query}
                first = client.get(url, params)
                numbered = client.get(url, {**params, "page": "1"})
                assert _main(first) == _main(numbered), params
                assert first.context["page"].paginator.count == numbered.context["page"].paginator.count
                shown += len(first.context["page"].object_list)
    assert shown or persona == "partner"
    compiled_rows.forget()


def test_the_case_keeps_its_students_search_name_whatever_writes(world):
    """Case.student_search_name is kept by the database's triggers (migration 0013)."""

    def stored(case):
        return Case.objects.filter(pk=case.pk).values_list("student_search_name", flat=True).get()

    case = CaseFactory(student=world.student_a)
    assert stored(case) == world.student_a.__class__.objects.get(pk=world.student_a.pk).search_name != ""
    case.student_search_name = "written by the application"
    case.save()
    assert stored(case) == world.student_a.__class__.objects.get(pk=world.student_a.pk).search_name
    world.student_a.first_name, world.student_a.last_name = "Zsófia", "Ångström"
    world.student_a.save()
    assert stored(case) == "zsofia angstrom"
    type(world.student_a).objects.filter(pk=world.student_a.pk).update(last_name="Łukasz")
    assert stored(case) == "zsofia lukasz"
    Case.objects.filter(pk=case.pk).update(student=world.student_c, student_search_name="")
    assert stored(case) == type(world.student_c).objects.get(pk=world.student_c.pk).search_name
    made = Case.objects.bulk_create(
        [Case(reference="EWS-BULK-1", student=world.register_student, area=world.area, student_search_name="x")]
    )
    assert stored(made[0]) == type(world.register_student).objects.get(pk=world.register_student.pk).search_name
    assert list(Case.objects.matching("lukasz")) == []
    assert list(Case.objects.matching("ZSOFIA")) == []
    world.student_c.last_name = "Ødegård"
    world.student_c.save()
    assert list(Case.objects.matching("odegard")) == [case]


def test_rows_by_id_are_the_querysets_rows(world, cases):
    """The list's rows read by their ids with a statement kept per number of ids and sort."""
    from cases.views.cases import CASE_SORTS, rows_by_id

    more = [CaseFactory(student=world.student_a, date=cases[0].date) for _ in range(3)]  # the same day
    ids = [case.pk for case in [*cases, *more]]
    shown = Case.objects.values_list(*CASE_LIST_COLUMNS, named=True)
    for sort, ordering in CASE_SORTS.items():
        for some in (ids, ids[:1], ids[2:5], list(reversed(ids)), ids[1:5]):
            expected = list(shown.filter(pk__in=some).order_by(*ordering))
            assert rows_by_id(some, sort) == expected
            assert [row.reference for row in rows_by_id(some, sort)] == [row.reference for row in expected]
    assert rows_by_id([], "date") == []
