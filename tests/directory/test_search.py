import pytest
from django.urls import reverse
from django.utils import translation

from directory.models import InSchoolProfessional, OutsidePartner
from directory.search import fold


@pytest.mark.parametrize(
    ("text", "folded"),
    [("Ózd", "ozd"), ("Løvås", "lovas"), ("Țurcanu", "turcanu"), ("Sæther", "saether"), ("Lőrinc", "lorinc")],
)
def test_fold_strips_accents_and_special_letters(text, folded):
    assert fold(text) == folded


def test_search_by_help_area_finds_both_lists(client, world, entries, help_area):
    entries["speech"].help_areas.add(help_area("addiction"))
    client.force_login(world.coordinator)
    page = client.get(reverse("directory_search"), {"q": "addiction"}).content.decode()
    assert "Addiktológiai Rendelő Ózd" in page  # tagged with the help area
    assert "Police Crime Prevention" in page  # "addiction" in the free text
    assert "Ödön Kertész" in page  # an in-school professional tagged with it
    assert "Kari Østby" not in page


def test_search_ignores_accents(world, entries):
    partners = OutsidePartner.objects.visible_to(world.coordinator)
    assert list(partners.matching("ozd")) == [entries["clinic"]]
    assert list(partners.matching("ODOR")) == [entries["clinic"]]
    assert list(InSchoolProfessional.objects.visible_to(world.coordinator2).matching("ostby")) == [entries["nurse"]]


def test_search_words_must_all_match(world, entries):
    partners = OutsidePartner.objects.visible_to(world.coordinator)
    assert list(partners.matching("addiction ozd")) == [entries["clinic"]]
    assert list(partners.matching("addiction police")) == [entries["police"]]


def test_search_matches_help_areas_in_the_users_language(world, entries):
    # The help area's msgid and its name in the active language both match; an unknown
    # translation falls back to English.
    with translation.override("hu"):
        assert entries["clinic"] in OutsidePartner.objects.visible_to(world.coordinator).matching("Addiction")


def test_search_box_on_list_keeps_filters(client, world, entries):
    client.force_login(world.followup)
    response = client.get(reverse("directory_list", args=["partners"]), {"q": "ozd", "sector": "health"})
    assert [entry.institute for entry in response.context["page"]] == ["Addiktológiai Rendelő Ózd"]


def test_filter_by_help_area_and_sector(client, world, entries):
    client.force_login(world.followup)
    url = reverse("directory_list", args=["partners"])
    by_area = client.get(url, {"help_area": "crime-prevention"}).context["page"]
    assert [entry.institute for entry in by_area] == ["Police Crime Prevention"]
    by_sector = client.get(url, {"sector": "health"}).context["page"]
    assert [entry.institute for entry in by_sector] == ["Addiktológiai Rendelő Ózd"]


def test_unknown_filter_values_are_ignored(client, world, entries):
    client.force_login(world.followup)
    response = client.get(reverse("directory_list", args=["partners"]), {"sector": "nope", "sort": "'; drop"})
    assert response.status_code == 200


def test_sorting_partners_by_institute_descending(client, world, entries):
    client.force_login(world.followup)
    page = client.get(reverse("directory_list", args=["partners"]), {"sort": "-institute"}).content.decode()
    assert page.index("Police Crime Prevention") < page.index("Addiktológiai Rendelő Ózd")
