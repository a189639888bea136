"""What the cases app adds to the home page, per role."""

import uuid

from django.urls import reverse

from cases.models import Case

from .factories import (
    ActionItemFactory,
    CaseFactory,
    ConcernFactory,
    ConsentFactory,
    InvolvedProfessionalFactory,
    OutsidePartnerFactory,
)


def home(client, user):
    client.force_login(user)
    return client.get(reverse("home")).content.decode()


def test_coordinator_sees_inbox_count_of_own_school_only(client, world):
    ConcernFactory(student=world.student_a)
    ConcernFactory(student=world.student_b)
    ConcernFactory(student=world.student_c)
    page = home(client, world.coordinator)
    assert "2 new concerns to decide on" in page
    assert "Log a concern" not in page  # not a class teacher


def test_everyone_responsible_sees_my_actions(client, world):
    case = CaseFactory(student=world.student_a)
    ActionItemFactory(case=case, action="Beszélgetés a szülőkkel", responsible_user=world.ews)
    page = home(client, world.ews)
    assert "My actions" in page and "Beszélgetés a szülőkkel" in page


def test_partner_home_lists_shared_cases_only_with_consent(client, world):
    entry = OutsidePartnerFactory(area=world.area, user=world.partner)
    case = CaseFactory(student=world.student_a)
    InvolvedProfessionalFactory(case=case, outside_partner=entry)
    assert case.reference not in home(client, world.partner)
    ConsentFactory(case=case, partners=[entry])
    assert case.reference in home(client, world.partner)


def test_coordinator_opens_a_case_directly_from_the_student_page(client, world):
    client.force_login(world.coordinator)
    page = client.get(reverse("student_detail", args=[world.student_a.pk])).content.decode()
    assert "Open a case" in page
    data = {
        "student": world.student_a.pk,
        "date": "2026-11-20",
        "observed_problem": "Ő is hiányzik",
        "observers": "",
        "submission_key": str(uuid.uuid4()),
    }
    client.post(reverse("case_new"), data)
    client.post(reverse("case_new"), data)
    assert Case.objects.filter(student=world.student_a).count() == 1


def test_teacher_cannot_open_a_case(client, world):
    client.force_login(world.teacher)
    assert "Open a case" not in client.get(reverse("student_detail", args=[world.student_a.pk])).content.decode()
    assert client.get(reverse("case_new") + f"?student={world.student_a.pk}").status_code == 404


def test_follow_up_officer_sees_inbox_count_of_the_register_only(client, world):
    # The register's new concerns count; a school's do not (the coordinator decides on those),
    # nor concerns already decided on.
    ConcernFactory(student=world.register_student)
    ConcernFactory(student=world.register_student, status="no_case", no_case_reason="Back at school")
    ConcernFactory(student=world.student_a)
    page = home(client, world.followup)
    assert "1 new concern to decide on" in page


def test_inbox_count_adds_the_schools_coordinated_and_the_register(client, world):
    # A coordinator of school 1, an EWS member (not coordinator) of school 2, and a follow-up
    # officer of the area: school 1's and the register's new concerns, not school 2's.
    from tests.factories import MembershipFactory

    MembershipFactory(user=world.coordinator, role="ews_member", school=world.school2)
    MembershipFactory(user=world.coordinator, role="follow_up_officer", area=world.area)
    ConcernFactory(student=world.student_a)
    ConcernFactory(student=world.student_b)
    ConcernFactory(student=world.student_c)
    ConcernFactory(student=world.register_student)
    page = home(client, world.coordinator)
    assert "3 new concerns to decide on" in page


def test_overdue_count_per_role_counts_open_cases_of_the_scope(client, world):
    import datetime

    from django.utils import timezone

    from tests.factories import MembershipFactory

    late = timezone.localdate() - datetime.timedelta(days=3)
    school1_case = CaseFactory(student=world.student_a)
    for _ in range(6):  # more than the home page lists
        ActionItemFactory(case=school1_case, deadline=late)
    ActionItemFactory(case=school1_case, deadline=late, status="done")  # not open
    ActionItemFactory(case=school1_case, deadline=timezone.localdate() + datetime.timedelta(days=3))
    closed = CaseFactory(student=world.student_a, status=Case.Status.CLOSED, outcome="Back in class")
    ActionItemFactory(case=closed, deadline=late)
    ActionItemFactory(case=CaseFactory(student=world.student_c), deadline=late)  # school 2
    ActionItemFactory(case=CaseFactory(student=world.register_student), deadline=late)  # the register
    ActionItemFactory(case=CaseFactory(student=world.other_area_student), deadline=late)  # another area
    assert "6 overdue actions" in home(client, world.coordinator)
    client.logout()
    assert "6 overdue actions" in home(client, world.ews)
    client.logout()
    assert "8 overdue actions" in home(client, world.followup)
    client.logout()
    # Both a school's team and the area's follow-up service: each row once.
    MembershipFactory(user=world.coordinator2, role="follow_up_officer", area=world.area)
    assert "8 overdue actions" in home(client, world.coordinator2)
