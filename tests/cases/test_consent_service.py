"""The consent rule, tested directly on the service."""

import datetime
import uuid

import pytest
from django.utils import timezone

from cases.models import CaseEvent, Consent
from cases.services.consent import (
    case_can_go_on_agenda,
    consent_allows,
    consent_allows_user,
    record_consent,
    withdraw_consent,
)

from .factories import CaseFactory, ConsentFactory, OutsidePartnerFactory, SectorFactory


@pytest.fixture
def case(world):
    return CaseFactory(student=world.student_a)


def test_no_consent_no_agenda(case):
    assert not case_can_go_on_agenda(case)


def test_valid_consent_allows_the_agenda(case, world):
    record_consent(
        case=case, given_by=Consent.GivenBy.GUARDIAN, given_by_name="Ilona Lőrincz", recorded_by=world.coordinator
    )
    assert case_can_go_on_agenda(case)


def test_withdrawn_consent_blocks_the_agenda_at_once(case, world):
    consent = record_consent(
        case=case, given_by=Consent.GivenBy.YOUNG_PERSON, given_by_name="Ödön Lőrincz", recorded_by=world.coordinator
    )
    withdraw_consent(consent=consent, withdrawn_by=world.coordinator, reason="Changed his mind")
    assert not case_can_go_on_agenda(case)
    consent.refresh_from_db()
    assert consent.withdrawn_by == world.coordinator
    assert consent.withdrawal_reason == "Changed his mind"


def test_withdrawal_needs_a_reason(case, world):
    consent = ConsentFactory(case=case)
    with pytest.raises(ValueError):
        withdraw_consent(consent=consent, withdrawn_by=world.coordinator, reason="  ")
    assert case_can_go_on_agenda(case)


def test_consent_dated_in_the_future_is_not_valid_yet(case):
    ConsentFactory(case=case, given_on=timezone.localdate() + datetime.timedelta(days=3))
    assert not case_can_go_on_agenda(case)


def test_consent_allows_only_partners_in_its_scope(case, world):
    health = SectorFactory(code="health", name="Health care")
    police = SectorFactory(code="police", name="Police")
    named = OutsidePartnerFactory(area=world.area, sector=police)
    by_sector = OutsidePartnerFactory(area=world.area, sector=health)
    outsider = OutsidePartnerFactory(area=world.area, sector=police)
    no_sector = OutsidePartnerFactory(area=world.area, sector=None)
    ConsentFactory(case=case, partners=[named], sectors=[health])
    assert consent_allows(case, partner=named)
    assert consent_allows(case, partner=by_sector)
    assert not consent_allows(case, partner=outsider)
    assert not consent_allows(case, partner=no_sector)
    assert not consent_allows(case, partner=None)


def test_consent_of_another_case_does_not_count(case, world):
    partner = OutsidePartnerFactory(area=world.area)
    ConsentFactory(case=CaseFactory(student=world.student_b), partners=[partner])
    assert not consent_allows(case, partner=partner)
    assert not case_can_go_on_agenda(case)


def test_withdrawal_removes_the_partners_permission(case, world):
    partner = OutsidePartnerFactory(area=world.area, user=world.partner)
    consent = ConsentFactory(case=case, partners=[partner])
    assert consent_allows(case, partner=partner)
    assert consent_allows_user(case, user=world.partner)
    withdraw_consent(consent=consent, withdrawn_by=world.coordinator, reason="Guardian withdrew")
    assert not consent_allows(case, partner=partner)
    assert not consent_allows_user(case, user=world.partner)


def test_recording_twice_with_one_key_records_once(case, world):
    key = uuid.uuid4()
    for _ in range(2):
        record_consent(
            case=case,
            given_by=Consent.GivenBy.GUARDIAN,
            given_by_name="Kari Nordmann",
            recorded_by=world.coordinator,
            submission_key=key,
        )
    assert case.consents.count() == 1
    assert case.events.filter(kind=CaseEvent.Kind.CONSENT).count() == 1


def test_a_sector_covers_only_partners_of_the_cases_area(case, world):
    health = SectorFactory(code="health", name="Health care")
    far_away = OutsidePartnerFactory(area=world.other_area, sector=health, user=world.partner)
    ConsentFactory(case=case, sectors=[health])
    assert not consent_allows(case, partner=far_away)
    assert not consent_allows_user(case, user=world.partner)
