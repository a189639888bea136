"""The one place that answers "what may this user see" (crocoos.access)."""

import pytest

from cases.models import Student
from crocoos.access import access_for, forget_access
from crocoos.models import Role

from .factories import member


def visible(user):
    return set(Student.objects.visible_to(user))


def test_teacher_sees_only_students_of_own_classes(world):
    assert visible(world.teacher) == {world.student_a}


def test_teacher_of_another_class_does_not_see_first_class(world):
    assert world.student_a not in visible(world.other_teacher)
    assert visible(world.other_teacher) == {world.student_b}


def test_teacher_loses_class_students_without_teacher_role_at_that_school(world):
    # Listed as a class teacher of a school-2 class but holding no role at school 2.
    world.class_c.teachers.add(world.teacher)
    forget_access(world.teacher)
    assert world.student_c not in visible(world.teacher)


def test_ews_member_and_coordinator_see_whole_school(world):
    assert visible(world.ews) == {world.student_a, world.student_b}
    assert visible(world.coordinator) == {world.student_a, world.student_b}


def test_coordinator_of_school_2_sees_nothing_of_school_1(world):
    assert visible(world.coordinator2) == {world.student_c}


def test_follow_up_officer_sees_area_schools_and_register(world):
    assert visible(world.followup) == {world.student_a, world.student_b, world.student_c, world.register_student}


def test_follow_up_officer_of_other_area_sees_only_that_area(world):
    assert visible(world.other_followup) == {world.other_area_student}


def test_partner_and_admin_see_no_students_without_cases(world):
    assert visible(world.partner) == set()
    assert visible(world.admin) == set()


def test_anonymous_sees_nothing(world, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    assert set(Student.objects.visible_to(AnonymousUser())) == set()


def test_inactive_user_sees_nothing(world):
    world.coordinator.is_active = False
    assert visible(world.coordinator) == set()


def test_roles_are_read_in_one_query_and_cached(world, django_assert_num_queries):
    user = world.coordinator
    forget_access(user)
    with django_assert_num_queries(1):
        access_for(user)
        access_for(user)
    assert access_for(user).roles() == {Role.EWS_COORDINATOR}
    assert access_for(user).is_coordinator_of(world.school1.pk)
    assert not access_for(user).is_coordinator_of(world.school2.pk)


def test_visible_schools_per_role(world):
    assert set(access_for(world.teacher).visible_schools()) == {world.school1}
    assert set(access_for(world.coordinator2).visible_schools()) == {world.school2}
    assert set(access_for(world.followup).visible_schools()) == {world.school1, world.school2}
    assert world.school1 in access_for(world.admin).visible_schools()
    assert set(access_for(world.partner).visible_schools()) == set()


def test_visible_classes_per_role(world):
    assert set(access_for(world.teacher).visible_classes()) == {world.class_a}
    assert set(access_for(world.coordinator).visible_classes()) == {world.class_a, world.class_b}
    assert set(access_for(world.coordinator2).visible_classes()) == {world.class_c}


@pytest.mark.parametrize("role", [Role.EWS_MEMBER, Role.EWS_COORDINATOR])
def test_user_with_roles_at_two_schools_sees_both(world, role):
    user = member(role, school=world.school1)
    member(role, school=world.school2, user=user)
    assert visible(user) == {world.student_a, world.student_b, world.student_c}
