"""Who sees which case: Case.objects.visible_to(user)."""

from datetime import timedelta

from django.utils import timezone

from cases.models import ActionItem, Case
from cases.services.actions import actions_for

from .factories import (
    ActionItemFactory,
    CaseFactory,
    ConsentFactory,
    InvolvedProfessionalFactory,
    OutsidePartnerFactory,
    SectorFactory,
)


def visible(user):
    return set(Case.objects.visible_to(user))


def test_staff_scopes(world):
    case_a = CaseFactory(student=world.student_a)
    case_b = CaseFactory(student=world.student_b)
    case_c = CaseFactory(student=world.student_c)
    register = CaseFactory(student=world.register_student)
    assert visible(world.teacher) == {case_a}
    assert visible(world.ews) == {case_a, case_b}
    assert visible(world.coordinator) == {case_a, case_b}
    assert visible(world.coordinator2) == {case_c}
    assert visible(world.followup) == {case_a, case_b, case_c, register}
    assert visible(world.other_followup) == set()
    assert visible(world.partner) == set()
    assert visible(world.admin) == set()


def test_teacher_reads_but_cannot_edit(world):
    case = CaseFactory(student=world.student_a)
    assert not Case.objects.editable_by(world.teacher).filter(pk=case.pk).exists()
    assert Case.objects.editable_by(world.coordinator).filter(pk=case.pk).exists()


def test_partner_needs_involvement_and_consent(world):
    entry = OutsidePartnerFactory(area=world.area, user=world.partner)
    case = CaseFactory(student=world.student_a)
    ConsentFactory(case=case, partners=[entry])
    assert visible(world.partner) == set()  # consent but not involved
    InvolvedProfessionalFactory(case=case, outside_partner=entry)
    assert visible(world.partner) == {case}


def test_partner_involved_without_consent_sees_nothing(world):
    entry = OutsidePartnerFactory(area=world.area, user=world.partner)
    case = CaseFactory(student=world.student_a)
    InvolvedProfessionalFactory(case=case, outside_partner=entry)
    other = OutsidePartnerFactory(area=world.area)
    ConsentFactory(case=case, partners=[other], sectors=[SectorFactory(code="police")])
    assert visible(world.partner) == set()


def test_consent_of_the_partners_sector_is_enough(world):
    entry = OutsidePartnerFactory(area=world.area, user=world.partner)
    case = CaseFactory(student=world.student_a)
    ActionItemFactory(case=case, responsible_user=world.partner)
    ConsentFactory(case=case, sectors=[entry.sector])
    assert visible(world.partner) == {case}


def test_withdrawal_hides_the_case_at_once(world):
    entry = OutsidePartnerFactory(area=world.area, user=world.partner)
    case = CaseFactory(student=world.student_a)
    InvolvedProfessionalFactory(case=case, user=world.partner)
    consent = ConsentFactory(case=case, partners=[entry])
    assert visible(world.partner) == {case}
    consent.withdrawn_at = timezone.now()
    consent.withdrawal_reason = "Guardian withdrew"
    consent.save()
    assert visible(world.partner) == set()


def test_visible_to_returns_each_case_once(world):
    entry = OutsidePartnerFactory(area=world.area, user=world.partner)
    case = CaseFactory(student=world.student_a)
    InvolvedProfessionalFactory(case=case, outside_partner=entry)
    InvolvedProfessionalFactory(case=case, user=world.partner)
    ConsentFactory(case=case, partners=[entry], sectors=[entry.sector])
    ConsentFactory(case=case, partners=[entry])
    assert list(Case.objects.visible_to(world.partner)) == [case]


def test_sector_consent_does_not_reach_partners_of_another_area(world):
    entry = OutsidePartnerFactory(area=world.other_area, user=world.partner)
    case = CaseFactory(student=world.student_a)
    InvolvedProfessionalFactory(case=case, user=world.partner)
    ConsentFactory(case=case, sectors=[entry.sector])
    assert visible(world.partner) == set()


def test_sector_consent_of_another_case_is_not_enough(world):
    entry = OutsidePartnerFactory(area=world.area, user=world.partner)
    case = CaseFactory(student=world.student_a)
    other = CaseFactory(student=world.student_b)
    InvolvedProfessionalFactory(case=case, user=world.partner)
    ConsentFactory(case=other, sectors=[entry.sector])
    assert visible(world.partner) == set()


def test_withdrawn_or_future_sector_consent_is_not_enough(world):
    entry = OutsidePartnerFactory(area=world.area, user=world.partner)
    case = CaseFactory(student=world.student_a)
    InvolvedProfessionalFactory(case=case, user=world.partner)
    consent = ConsentFactory(case=case, sectors=[entry.sector], given_on=timezone.localdate() + timedelta(days=1))
    assert visible(world.partner) == set()
    consent.given_on = timezone.localdate()
    consent.save()
    assert visible(world.partner) == {case}
    consent.withdrawn_at = timezone.now()
    consent.withdrawal_reason = "Guardian withdrew"
    consent.save()
    assert visible(world.partner) == set()


def test_partners_action_rows_follow_the_sector_consent_of_their_case(world):
    """visible_filter reached from another model ("case__"): actions_for."""
    entry = OutsidePartnerFactory(area=world.area, user=world.partner)
    case = CaseFactory(student=world.student_a)
    other = CaseFactory(student=world.student_b)
    mine = ActionItemFactory(case=case, responsible_partner=entry)
    ActionItemFactory(case=other, responsible_user=world.partner)
    ConsentFactory(case=case, sectors=[entry.sector])
    assert list(actions_for(world.partner)) == [mine]
    ConsentFactory(case=other, sectors=[entry.sector])
    assert set(actions_for(world.partner)) == set(ActionItem.objects.filter(case__in=[case, other]))
