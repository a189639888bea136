import pytest
from django.db import IntegrityError, transaction

from crocoos import audit
from crocoos.models import AuditEvent, Membership, Role, User

from .factories import StudentFactory, UserFactory


def test_email_is_the_login_and_is_stored_lower_case(db):
    user = User.objects.create_user("Éva.Kiss@Example.ORG", "long-enough-password", full_name="Éva Kiss")
    assert user.email == "Éva.Kiss@example.org".lower()
    assert User.objects.get_by_natural_key("ÉVA.KISS@EXAMPLE.ORG") == user
    assert user.check_password("long-enough-password")


def test_real_settings_hash_passwords_with_argon2():
    from crocoos import settings

    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


@pytest.mark.parametrize(
    ("role", "scope"),
    [
        (Role.CLASS_TEACHER, {}),
        (Role.EWS_COORDINATOR, {"area": True}),
        (Role.FOLLOW_UP_OFFICER, {}),
        (Role.FOLLOW_UP_OFFICER, {"school": True}),
        (Role.EXTERNAL_PARTNER, {"school": True, "area": True}),
        (Role.ADMINISTRATOR, {"school": True}),
    ],
)
def test_membership_scope_must_match_role(world, role, scope):
    kwargs = {}
    if scope.get("school"):
        kwargs["school"] = world.school1
    if scope.get("area"):
        kwargs["area"] = world.area
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=UserFactory(), role=role, **kwargs)


def test_same_role_twice_at_same_school_is_refused(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=world.teacher, role=Role.CLASS_TEACHER, school=world.school1)


def test_student_class_needs_a_school(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        StudentFactory(school_class=world.class_a, school=None, area=world.area)


def test_audit_events_are_append_only(world):
    event = audit.record("student.viewed", actor=world.coordinator, obj=world.student_a, student=world.student_a)
    assert event.object_type == "cases.student"
    assert event.student_id == world.student_a.pk
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    assert AuditEvent.objects.count() == 1


def test_audit_keeps_field_names_not_values(world):
    event = audit.record("student.changed", actor=world.coordinator, obj=world.student_a, changed_fields={"last_name"})
    event.refresh_from_db()
    assert event.changed_fields == ["last_name"]
    assert "Lőrincz" not in str(event.detail)
