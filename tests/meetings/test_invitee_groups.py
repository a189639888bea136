"""Saved invitee groups: the area's conveners list, create, change and delete them; nobody else sees them."""

import pytest
from django.urls import reverse

from cases.models import InviteeGroup
from crocoos.models import AuditEvent, Role
from tests.cases.factories import OutsidePartnerFactory
from tests.factories import member


@pytest.fixture
def group(world):
    welfare = OutsidePartnerFactory(area=world.area, institute="Barnevernet Nordvik")
    group = InviteeGroup.objects.create(area=world.area, name="Törzscsoport", kind=InviteeGroup.Kind.CORE)
    group.partners.set([welfare])
    group.users.set([world.coordinator])
    group.welfare = welfare
    return group


def test_conveners_of_the_area_list_its_groups_with_member_counts(client, world, group):
    for user in (world.followup, world.coordinator, world.coordinator2):
        client.force_login(user)
        page = client.get(reverse("meeting_group_list")).content.decode()
        assert reverse("meeting_group_edit", args=[group.pk]) in page
        assert "1 partner" in page and "1 colleague" in page


@pytest.mark.parametrize("persona", ["teacher", "ews", "partner", "other_followup"])
def test_others_get_404_on_every_group_page(client, world, group, persona):
    client.force_login(getattr(world, persona))
    assert client.get(reverse("meeting_group_edit", args=[group.pk])).status_code == 404
    assert client.post(reverse("meeting_group_delete", args=[group.pk])).status_code == 404
    assert InviteeGroup.objects.filter(pk=group.pk).exists()


def test_change_members_name_and_kind(client, world, group):
    psychiatry = OutsidePartnerFactory(area=world.area, institute="BUP Fjordvik")
    elsewhere = OutsidePartnerFactory(area=world.other_area, institute="Other area's service")
    client.force_login(world.followup)
    url = reverse("meeting_group_edit", args=[group.pk])
    page = client.get(url).content.decode()
    assert "BUP Fjordvik" in page and "Other area&#x27;s service" not in page  # only the area's partners
    assert world.followup.email in page  # the area's staff can be picked

    response = client.post(
        url, {"name": "Esetkezelők", "kind": "occasional", "partners": [psychiatry.pk], "users": [world.followup.pk]}
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert (group.name, group.kind) == ("Esetkezelők", "occasional")
    assert list(group.partners.all()) == [psychiatry]
    assert list(group.users.all()) == [world.followup]
    event = AuditEvent.objects.get(action="invitee_group.saved", object_id=str(group.pk))
    assert set(event.changed_fields) == {"name", "kind", "partners", "users"}

    # a partner of another area cannot be slipped in
    response = client.post(url, {"name": "Esetkezelők", "kind": "core", "partners": [elsewhere.pk]})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    group.refresh_from_db()
    assert group.kind == "occasional" and list(group.partners.all()) == [psychiatry]


def test_bad_input_keeps_what_was_typed_and_saves_nothing(client, world, group):
    InviteeGroup.objects.create(area=world.area, name="Alkalmi meghívottak", kind="occasional")
    client.force_login(world.coordinator)
    url = reverse("meeting_group_edit", args=[group.pk])
    response = client.post(url, {"name": "alkalmi MEGHÍVOTTAK", "kind": "occasional", "partners": [group.welfare.pk]})
    page = response.content.decode()
    assert response.status_code == 200
    assert "already has a group with this name" in page
    assert 'value="alkalmi MEGHÍVOTTAK"' in page
    group.refresh_from_db()
    assert group.name == "Törzscsoport"

    response = client.post(reverse("meeting_group_new"), {"name": "", "kind": "core"})
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    assert InviteeGroup.objects.count() == 2


def test_new_group_in_the_users_area_and_delete(client, world):
    client.force_login(world.coordinator2)
    response = client.post(reverse("meeting_group_new"), {"name": "Skolens team", "kind": "core"})
    assert response.status_code == 302
    group = InviteeGroup.objects.get(name="Skolens team")
    assert group.area == world.area  # school 2's area, not asked: it is the only one

    response = client.post(reverse("meeting_group_delete", args=[group.pk]))
    assert response.status_code == 302
    assert not InviteeGroup.objects.filter(pk=group.pk).exists()
    assert AuditEvent.objects.filter(action="invitee_group.deleted", object_id=str(group.pk)).exists()


def test_officer_of_two_areas_chooses_the_area(client, world):
    member(Role.FOLLOW_UP_OFFICER, area=world.other_area, user=world.followup)
    client.force_login(world.followup)
    page = client.get(reverse("meeting_group_new")).content.decode()
    assert 'name="area"' in page
    response = client.post(reverse("meeting_group_new"), {"name": "Core", "kind": "core"})
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    response = client.post(reverse("meeting_group_new"), {"area": world.other_area.pk, "name": "Core", "kind": "core"})
    assert response.status_code == 302
    assert InviteeGroup.objects.get(name="Core").area == world.other_area


def test_group_pages_query_counts_do_not_grow(client, world, group, django_assert_max_num_queries):
    client.force_login(world.followup)

    def pages():
        with django_assert_max_num_queries(12):
            assert client.get(reverse("meeting_group_list")).status_code == 200
        with django_assert_max_num_queries(16):
            assert client.get(reverse("meeting_group_edit", args=[group.pk])).status_code == 200

    pages()
    for n in range(10):
        extra = InviteeGroup.objects.create(area=world.area, name=f"Group {n}")
        extra.partners.add(OutsidePartnerFactory(area=world.area))
        group.partners.add(OutsidePartnerFactory(area=world.area))
    pages()
