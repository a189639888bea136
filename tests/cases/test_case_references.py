"""Case references count up per year, also past 9999 (text order would put "10000" before "9999")."""

import datetime

from cases.services import cases as case_service

from .factories import CaseFactory


def test_references_count_up_per_year(world):
    first = case_service.open_case(student=world.student_a, opened_by=world.coordinator, date=datetime.date(2026, 3, 1))
    second = case_service.open_case(
        student=world.student_b, opened_by=world.coordinator, date=datetime.date(2026, 4, 1)
    )
    assert (first.reference, second.reference) == ("EWS-2026-0001", "EWS-2026-0002")
    other_year = case_service.open_case(
        student=world.student_c, opened_by=world.coordinator2, date=datetime.date(2027, 1, 5)
    )
    assert other_year.reference == "EWS-2027-0001"


def test_the_ten_thousandth_case_of_a_year_is_followed_by_the_next(world):
    CaseFactory(student=world.student_a, reference="EWS-2026-9999")
    CaseFactory(student=world.student_a, reference="EWS-2026-10000")
    case = case_service.open_case(student=world.student_b, opened_by=world.coordinator, date=datetime.date(2026, 5, 1))
    assert case.reference == "EWS-2026-10001"
