"""The case timeline reads in the reader's language, whoever wrote the entry and in what language."""

from django.urls import reverse
from django.utils import translation

from cases.models import CaseEvent
from cases.services import cases as case_service
from cases.services.actions import update_action
from cases.services.consent import record_consent
from cases.services.timeline import add_event
from tests.cases.factories import ActionItemFactory, CaseFactory


def test_entries_written_in_hungarian_read_in_norwegian(world):
    case = CaseFactory(student=world.student_a)
    with translation.override("hu"):
        record_consent(case=case, given_by="guardian", given_by_name="Ilona Lőrincz", recorded_by=world.coordinator)
        update_action(action=ActionItemFactory(case=case), changed_by=world.ews, status="done", result="Kész.")
        case_service.save_case(
            case=case,
            expected_version=case.version,
            changed_by=world.coordinator,
            changed_fields=[case._meta.get_field("observed_problem").verbose_name, translation.gettext_lazy("Targets")],
        )
    consent, action, changed = CaseEvent.objects.filter(case=case).order_by("pk")
    assert "szülő" in consent.summary.lower()  # what the Hungarian coordinator saw when it happened
    with translation.override("nb"):
        assert consent.text == "Samtykke gitt av En forelder eller foresatt (Ilona Lőrincz)"
        assert action.text.endswith(": Utført")
        assert changed.text.startswith("Endret: ") and changed.text.endswith(", Mål")
    with translation.override("en"):
        assert consent.text == "Consent given by A parent or guardian (Ilona Lőrincz)"


def test_an_entry_without_a_message_shows_its_summary_and_a_broken_translation_falls_back(world):
    case = CaseFactory(student=world.student_a)
    old = CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.OPENED, summary="EWS-2019-0001")
    assert old.text == "EWS-2019-0001"
    odd = add_event(case=case, kind=CaseEvent.Kind.CHANGED, message="Nothing %(known)s", params={"x": "y"})
    assert odd.text == odd.summary == "Nothing "  # a placeholder without a value is not an error page


def test_the_case_page_shows_the_timeline_in_the_readers_language(client, world):
    case = CaseFactory(student=world.student_a)
    with translation.override("hu"):
        record_consent(case=case, given_by="young_person", given_by_name="Ödön Lőrincz", recorded_by=world.coordinator)
    world.coordinator.language = "nb"
    world.coordinator.save()
    client.force_login(world.coordinator)
    page = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert "Samtykke gitt av" in page and "Ödön Lőrincz" in page
