"""The directory search's lists (directory.selectors.search_preview: values made into entries, the
statement kept per user and shape of search) against the list page's filter through the ORM."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from crocoos import compiled_rows
from directory.kinds import KINDS
from directory.models import HelpArea, OutsidePartner, help_area_names, words_with_areas
from directory.search import fold, search_words
from directory.selectors import narrowed, search_preview, with_help_areas

FIELDS = {
    "school": ("pk", "name", "position", "phone", "email", "help_text", "verified_at", "archived_at", "school_id"),
    "partners": (
        "pk",
        "institute",
        "address",
        "contact_name",
        "position",
        "phone",
        "email",
        "help_text",
        "verified_at",
        "archived_at",
        "sector_id",
    ),
}


@pytest.fixture(autouse=True)
def _no_kept_statements():
    compiled_rows.forget()
    yield
    compiled_rows.forget()


def _shown(kind, entry):
    related = entry.school.name if kind.slug == "school" else (entry.sector and str(entry.sector))
    return (*(getattr(entry, name) for name in FIELDS[kind.slug]), related, entry.is_stale, entry.is_archived)


@pytest.mark.parametrize("language", ["en", "hu"])
@pytest.mark.parametrize(
    "query", ["addiction", "ozd", "addiction ozd", "Addiction police", "nobody", "%", "_", "e", "health e"]
)
@pytest.mark.parametrize("user", ["coordinator", "followup", "admin"])
def test_search_preview_is_the_list_pages_filter(world, entries, help_area, query, user, language):
    entries["speech"].help_areas.add(help_area("addiction"))
    OutsidePartner.objects.filter(pk=entries["clinic"].pk).update(verified_at=timezone.now())
    user = getattr(world, user)
    areas = list(HelpArea.objects.all())
    with translation.override(language):
        names = help_area_names(areas)
        for kind in KINDS.values():
            expected = list(narrowed(kind, kind.for_table(kind.visible(user)), {"q": query}, names)[:3])
            for _twice in range(2):
                found = search_preview(kind, user, words_with_areas(search_words(query), names), 3)
                assert [_shown(kind, entry) for entry in found] == [_shown(kind, entry) for entry in expected]
            with_help_areas([(kind, found), (kind, expected)], areas)
            assert [entry.help_area_list for entry in found] == [entry.help_area_list for entry in expected]


def test_search_page_is_the_same_for_another_search_of_the_same_shape(client, world, entries):
    client.force_login(world.followup)
    first = client.get(reverse("directory_search"), {"q": "addiction"}).content.decode()
    second = client.get(reverse("directory_search"), {"q": "ozd"}).content.decode()
    assert "Police Crime Prevention" in first and "Addiktológiai Rendelő Ózd" in first
    assert "Addiktológiai Rendelő Ózd" in second and "Police Crime Prevention" not in second


@pytest.mark.skipif(
    __import__("django.db").db.connection.vendor != "postgresql", reason="the rows carry their help areas on PostgreSQL"
)
def test_search_preview_reads_the_help_areas_with_the_rows(world, entries, help_area, django_assert_num_queries):
    entries["speech"].help_areas.add(help_area("addiction"))
    areas = list(HelpArea.objects.all())
    with translation.override("en"):
        words = words_with_areas(search_words("e"), help_area_names(areas))
    for kind in KINDS.values():
        found = search_preview(kind, world.followup, words, 10)
        with django_assert_num_queries(0):
            with_help_areas([(kind, found)], areas)
        assert [entry.help_area_list for entry in found] == [
            list(kind.model.objects.get(pk=entry.pk).help_areas.all()) for entry in found
        ]
        assert any(len(entry.help_area_list) == 2 for entry in found) == (kind.slug == "school")


def _before_row_url(name):
    """The template `name` as it was before its links were made with row_url (cached reverse)."""
    from django.conf import settings

    text = (settings.BASE_DIR / "templates" / name).read_text(encoding="utf-8")
    assert "{% row_url " in text
    return text.replace("{% load i18n crocoos_tags %}", "{% load i18n %}").replace("{% row_url ", "{% url ")


@pytest.mark.parametrize("query", ["", "addiction", "e"])
def test_search_page_as_the_templates_wrote_it_with_url(world, entries, query):
    """directory_search.html and _tabs.html link with row_url: the page they wrote with {% url %}."""
    from django.template import engines
    from django.template.context import make_context
    from django.test import RequestFactory

    from directory.views.lists import _search_context
    from tests.templates_before import engine_with

    engine = engines["django"].engine
    before = engine_with(
        {name: _before_row_url(name) for name in ("directory/directory_search.html", "directory/_tabs.html")}
    )
    request = RequestFactory().get(reverse("directory_search"), {"q": query} if query else {})
    request.user = world.followup
    for language in ("en", "hu"):
        with translation.override(language):
            context = {**_search_context(request), "csrf_token": "TOKEN"}
            old = before.get_template("directory/directory_search.html").render(make_context(context, request))
            now = engine.get_template("directory/directory_search.html").render(make_context(context, request))
            assert now == old
            assert "/directory/" in now
            for active in ("search", "school", "partners"):
                tabs = {"active": active}
                old = before.get_template("directory/_tabs.html").render(make_context(tabs, request))
                assert engine.get_template("directory/_tabs.html").render(make_context(tabs, request)) == old


def test_search_builds_its_statements_only_the_first_time(client, world, entries, monkeypatch):
    """search_preview's queryset is built (and compiled) once per user and shape of search, not on
    every request: another search of the same shape builds nothing."""
    from directory.models import PartnerQuerySet, ProfessionalQuerySet

    built = []
    for queryset in (ProfessionalQuerySet, PartnerQuerySet):
        original = queryset.visible_to
        monkeypatch.setattr(
            queryset, "visible_to", lambda self, user, original=original: built.append(user) or original(self, user)
        )
    client.force_login(world.followup)
    first = client.get(reverse("directory_search"), {"q": "ozd"}).content.decode()
    assert len(built) == len(KINDS) and "Addiktológiai Rendelő Ózd" in first
    second = client.get(reverse("directory_search"), {"q": "ostby"}).content.decode()  # no help area either
    assert len(built) == len(KINDS) and "Kari Østby" in second and "Addiktológiai Rendelő Ózd" not in second
    client.get(reverse("directory_search"), {"q": "ozd dr"})  # another shape: two words
    assert len(built) == 2 * len(KINDS)


def test_help_areas_are_the_orms(world):
    from directory.selectors import help_areas

    def shown(areas):
        return [(area.id, area.code, area.name, area.position, str(area)) for area in areas]

    HelpArea.objects.create(code="zebra", name="Zebra care", position=0)
    assert shown(help_areas()) == shown(HelpArea.objects.all())
    HelpArea.objects.filter(code="zebra").update(name="Aardvark care", position=99)
    assert shown(help_areas()) == shown(HelpArea.objects.all())
    assert help_areas()[-1].name == "Aardvark care"


def test_help_area_names_follow_the_language_and_the_rows(world):
    areas = list(HelpArea.objects.all())
    addiction = next(area for area in areas if area.code == "addiction")
    with translation.override("en"):
        english = dict(help_area_names(areas))
        assert english == {area.id: f"{fold(area.name)} {fold(area.name)}" for area in areas}
    with translation.override("hu"):
        hungarian = dict(help_area_names(areas))
        assert hungarian[addiction.id] == f"{fold(addiction.name)} {fold(translation.gettext(addiction.name))}"
        assert hungarian != english
        addiction.name = "Zebra care"
        assert dict(help_area_names(areas))[addiction.id] == "zebra care zebra care"
        assert dict(help_area_names(areas[1:]))  # another list of areas, its own names
        assert [area_id for area_id, _names in help_area_names(areas[1:])] == [area.id for area in areas[1:]]


@pytest.mark.parametrize("language", ["en", "hu"])
def test_search_sees_a_renamed_help_area(client, world, entries, language):
    client.force_login(world.coordinator)
    with translation.override(language):
        url = reverse("directory_search")
        assert "Addiktológiai Rendelő Ózd" not in client.get(url, {"q": "zebracare"}).content.decode()
        HelpArea.objects.filter(code="addiction").update(name="Zebracare")
        page = client.get(url, {"q": "zebracare"}).content.decode()
        assert "Addiktológiai Rendelő Ózd" in page and ">Zebracare</span>" in page
        HelpArea.objects.filter(code="addiction").update(name="Quaggahelp")
        page = client.get(url, {"q": "quaggahelp"}).content.decode()
        assert "Addiktológiai Rendelő Ózd" in page and ">Quaggahelp</span>" in page
        assert "Addiktológiai Rendelő Ózd" not in client.get(url, {"q": "zebracare"}).content.decode()


def test_directory_tabs_are_the_include_in_every_language_and_prefix(world):
    """{% directory_tabs %} (rendered once, then kept) is what {% include "directory/_tabs.html" %}
    writes, for each tab and language, and follows the script prefix (a kept rendering never links
    to another prefix's addresses)."""
    from django.template import engines
    from django.urls import get_script_prefix, set_script_prefix

    engine = engines["django"]
    kept = engine.from_string("{% load directory_tags %}{% directory_tabs active %}")
    included = engine.from_string('{% include "directory/_tabs.html" with active=active %}')
    prefix = get_script_prefix()
    try:
        for script_prefix in ("/", "/ews/"):
            set_script_prefix(script_prefix)
            for language in ("en", "hu", "ro"):
                with translation.override(language):
                    for active in ("search", *KINDS):
                        for _twice in range(2):
                            now = kept.render({"active": active})
                            assert now == included.render({"active": active})
                        assert f'href="{script_prefix}directory/"' in now and 'aria-current="page' in now
    finally:
        set_script_prefix(prefix)
