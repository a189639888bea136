import datetime

from django.urls import reverse
from django.utils import timezone

from crocoos.audit import action_label
from crocoos.models import AuditEvent
from directory.models import EntryChange, InSchoolProfessional, OutsidePartner


def test_coordinator_adds_a_professional_to_own_school(client, world, entries, help_area):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("directory_create", args=["school"]),
        {
            "school": world.school1.pk,
            "position": "Psychologist",
            "name": "Réka Szőke",
            "email": "reka@example.org",
            "help_areas": [help_area("behaviour").pk],
        },
        follow=True,
    )
    entry = InSchoolProfessional.objects.get(name="Réka Szőke")
    assert entry.school == world.school1
    assert entry.verified_by == world.coordinator
    assert "Réka Szőke" in response.content.decode()
    assert entry.changes.get().action == EntryChange.Action.CREATED


def test_coordinator_cannot_add_to_another_school(client, world, entries):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("directory_create", args=["school"]), {"school": world.school2.pk, "position": "X", "name": "Sneaky"}
    )
    assert "Select a valid choice" in response.content.decode()
    assert not InSchoolProfessional.objects.filter(name="Sneaky").exists()


def test_invalid_email_keeps_what_was_typed(client, world, entries):
    client.force_login(world.followup)
    response = client.post(
        reverse("directory_create", args=["partners"]),
        {"area": world.area.pk, "institute": "Új Intézet", "email": "not-an-email"},
    )
    page = response.content.decode()
    assert "Enter a valid email address." in page
    assert "Új Intézet" in page
    assert not OutsidePartner.objects.filter(institute="Új Intézet").exists()


def test_edit_records_changed_field_names_in_history_and_audit(client, world, entries):
    client.force_login(world.followup)
    clinic = entries["clinic"]
    client.post(
        reverse("directory_edit", args=["partners", clinic.pk]),
        {"area": world.area.pk, "institute": clinic.institute, "contact_name": "Dr. Ágota Ódor"},
    )
    clinic.refresh_from_db()
    assert clinic.contact_name == "Dr. Ágota Ódor"
    change = clinic.changes.get()
    assert "contact_name" in change.changed_fields and change.actor == world.followup
    event = AuditEvent.objects.get(action="directory.changed")
    assert "contact_name" in event.changed_fields
    assert "Ágota" not in str(event.detail)
    page = client.get(reverse("directory_detail", args=["partners", clinic.pk])).content.decode()
    assert "Changed – " in page and "contact person&#x27;s name" in page


def test_mark_verified_in_one_click(client, world, entries):
    client.force_login(world.coordinator)
    clinic = entries["clinic"]
    response = client.post(reverse("directory_verify", args=["partners", clinic.pk]), follow=True)
    clinic.refresh_from_db()
    assert clinic.verified_by == world.coordinator
    assert timezone.now() - clinic.verified_at < datetime.timedelta(minutes=1)
    page = response.content.decode()
    assert "Marked as verified today." in page
    assert world.coordinator.full_name in page
    assert clinic.changes.get().action == EntryChange.Action.VERIFIED
    event = AuditEvent.objects.get(action="directory.verified")
    assert action_label(event.action) == "Verified a directory entry"


def test_entries_unverified_for_12_months_are_flagged_and_filterable(client, world, entries):
    OutsidePartner.objects.filter(pk=entries["clinic"].pk).update(
        verified_at=timezone.now() - datetime.timedelta(days=400)
    )
    OutsidePartner.objects.filter(pk=entries["police"].pk).update(verified_at=timezone.now())
    client.force_login(world.followup)
    url = reverse("directory_list", args=["partners"])
    stale = client.get(url, {"stale": "1"})
    assert [entry.institute for entry in stale.context["page"]] == ["Addiktológiai Rendelő Ózd"]
    assert "Not verified since" in stale.content.decode()
    detail = client.get(reverse("directory_detail", args=["partners", entries["clinic"].pk])).content.decode()
    assert "Not verified for more than 12 months" in detail
    home = client.get(reverse("directory_search")).content.decode()
    assert "1 not verified for 12 months" in home  # the clinic; the police entry was just verified


def test_archive_and_restore(client, world, entries):
    client.force_login(world.coordinator)
    speech = entries["speech"]
    client.post(reverse("directory_archive", args=["school", speech.pk]))
    speech.refresh_from_db()
    assert speech.is_archived
    client.post(reverse("directory_archive", args=["school", speech.pk]), {"archive": "0"})
    speech.refresh_from_db()
    assert not speech.is_archived
    assert [change.action for change in speech.changes.order_by("id")] == ["archived", "restored"]


def test_forms_offer_only_the_users_schools_and_areas(client, world, entries):
    client.force_login(world.coordinator)
    page = client.get(reverse("directory_create", args=["school"])).content.decode()
    assert "Petőfi Gimnázium" in page and "Fjordvik skole" not in page
    page = client.get(reverse("directory_create", args=["partners"])).content.decode()
    assert "Testvidék" in page and "Elsewhere" not in page
    assert "Addiction" in page  # help areas offered as checkboxes
