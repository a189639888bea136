"""Who sees which list: school staff their school's professionals, the area's staff its partners,
outsiders nothing (404)."""

import pytest
from django.urls import reverse

from crocoos.models import Role
from directory.models import InSchoolProfessional
from tests.factories import member


def test_school_2_does_not_see_school_1_professionals(client, world, entries):
    client.force_login(world.coordinator2)
    page = client.get(reverse("directory_list", args=["school"])).content.decode()
    assert "Kari Østby" in page
    assert "Ödön Kertész" not in page


@pytest.mark.parametrize("persona", ["teacher", "ews", "coordinator", "coordinator2", "followup"])
def test_staff_of_both_schools_see_the_area_partners(client, world, entries, persona):
    client.force_login(getattr(world, persona))
    page = client.get(reverse("directory_list", args=["partners"])).content.decode()
    assert "Addiktológiai Rendelő Ózd" in page
    assert "Police Crime Prevention" in page
    assert "Faraway Addiction Centre" not in page


def test_follow_up_officer_reads_professionals_of_every_school_of_the_area(client, world, entries):
    client.force_login(world.followup)
    page = client.get(reverse("directory_list", args=["school"])).content.decode()
    assert "Ödön Kertész" in page and "Kari Østby" in page


def test_other_area_sees_none_of_this_area(client, world, entries):
    client.force_login(world.other_followup)
    page = client.get(reverse("directory_search"), {"q": "addiction"}).content.decode()
    assert "Faraway Addiction Centre" in page
    assert "Ózd" not in page and "Ödön" not in page


@pytest.mark.parametrize("name", ["directory_detail", "directory_edit", "directory_verify", "directory_archive"])
def test_school_2_coordinator_gets_404_for_school_1_entry(client, world, entries, name):
    client.force_login(world.coordinator2)
    url = reverse(name, args=["school", entries["speech"].pk])
    assert client.post(url).status_code == 404
    entries["speech"].refresh_from_db()
    assert entries["speech"].verified_at is None and entries["speech"].archived_at is None


@pytest.mark.parametrize("name", ["directory_detail", "directory_edit", "directory_verify", "directory_archive"])
def test_other_area_gets_404_for_this_area_partner(client, world, entries, name):
    client.force_login(world.other_followup)
    url = reverse(name, args=["partners", entries["clinic"].pk])
    assert client.post(url).status_code == 404


DIRECTORY_PAGES = [
    ("directory_search", []),
    ("directory_list", ["school"]),
    ("directory_list", ["partners"]),
    ("directory_create", ["partners"]),
    ("directory_import", ["partners"]),
    ("directory_export", ["partners", "csv"]),
    ("directory_export", ["school", "pdf"]),
    ("directory_hsds", []),
]


@pytest.mark.parametrize(("name", "args"), DIRECTORY_PAGES)
def test_external_partner_sees_nothing_of_the_directory(client, world, entries, name, args):
    client.force_login(world.partner)
    assert client.get(reverse(name, args=args)).status_code == 404


@pytest.mark.parametrize("kind", ["school", "partners"])
def test_external_partner_gets_404_for_entries(client, world, entries, kind):
    client.force_login(world.partner)
    entry = entries["speech"] if kind == "school" else entries["clinic"]
    assert client.get(reverse("directory_detail", args=[kind, entry.pk])).status_code == 404


def test_teacher_reads_but_cannot_change(client, world, entries):
    client.force_login(world.teacher)
    url = reverse("directory_detail", args=["partners", entries["clinic"].pk])
    page = client.get(url).content.decode()
    assert "Addiktológiai Rendelő Ózd" in page
    assert "Mark verified" not in page
    assert client.post(reverse("directory_verify", args=["partners", entries["clinic"].pk])).status_code == 404
    assert client.get(reverse("directory_create", args=["school"])).status_code == 404


def test_follow_up_officer_cannot_change_in_school_entries(client, world, entries):
    client.force_login(world.followup)
    assert client.get(reverse("directory_edit", args=["school", entries["speech"].pk])).status_code == 404
    assert client.get(reverse("directory_edit", args=["partners", entries["clinic"].pk])).status_code == 200


def test_area_administrator_manages_partners(client, world, entries):
    admin = member(Role.ADMINISTRATOR, area=world.area, email="area-admin@test.example.org")
    client.force_login(admin)
    assert client.get(reverse("directory_edit", args=["partners", entries["clinic"].pk])).status_code == 200
    assert client.get(reverse("directory_edit", args=["school", entries["speech"].pk])).status_code == 404


def test_lists_hide_archived_entries(client, world, entries):
    InSchoolProfessional.objects.filter(pk=entries["speech"].pk).update(archived_at="2026-01-01T00:00Z")
    client.force_login(world.coordinator)
    assert "Ödön Kertész" not in client.get(reverse("directory_list", args=["school"])).content.decode()
    archived = client.get(reverse("directory_list", args=["school"]), {"archived": "1"}).content.decode()
    assert "Ödön Kertész" in archived


def test_nav_shows_directory_to_staff_only(client, world):
    client.force_login(world.teacher)
    assert reverse("directory_search") in client.get(reverse("home")).content.decode()
    client.force_login(world.partner)
    assert reverse("directory_search") not in client.get(reverse("home")).content.decode()
