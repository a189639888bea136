from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import timezone

from cases.models import Student
from crocoos.access import access_for
from crocoos.models import Membership, Role, School, User

DEMO_ACCOUNTS = {
    "teacher@example.org": Role.CLASS_TEACHER,
    "ews@example.org": Role.EWS_MEMBER,
    "coordinator@example.org": Role.EWS_COORDINATOR,
    "coordinator2@example.org": Role.EWS_COORDINATOR,
    "followup@example.org": Role.FOLLOW_UP_OFFICER,
    "partner@example.org": Role.EXTERNAL_PARTNER,
    "admin@example.org": Role.ADMINISTRATOR,
}


def test_demo_loads_idempotently_with_every_account(db):
    call_command("load_demo")
    counts = (User.objects.count(), School.objects.count(), Student.objects.count(), Membership.objects.count())
    call_command("load_demo")
    assert (User.objects.count(), School.objects.count(), Student.objects.count(), Membership.objects.count()) == counts
    assert School.objects.count() == 2
    for email, role in DEMO_ACCOUNTS.items():
        user = authenticate(RequestFactory().post("/"), username=email, password="crocoos-demo")
        assert user is not None, email
        assert role in access_for(user).roles()


def test_demo_coordinators_are_at_different_schools(db):
    call_command("load_demo")
    one = access_for(User.objects.get(email="coordinator@example.org"))
    two = access_for(User.objects.get(email="coordinator2@example.org"))
    assert one.whole_school_ids.isdisjoint(two.whole_school_ids)


def test_demo_students_have_seed_country_diacritics(db):
    call_command("load_demo")
    names = " ".join(f"{s.first_name} {s.last_name}" for s in Student.objects.all())
    for letter in "őűøåșț":
        assert letter in names.lower()
    assert Student.objects.filter(school__isnull=True).exists()
    teacher = User.objects.get(email="teacher@example.org")
    assert Student.objects.visible_to(teacher).exists()


def test_demo_cases_cover_every_stage(db):
    from cases.models import Case, Concern

    call_command("load_demo")
    counts = (Case.objects.count(), Concern.objects.count())
    call_command("load_demo")
    assert (Case.objects.count(), Concern.objects.count()) == counts
    assert Case.objects.count() == 10
    assert {c.status for c in Concern.objects.all()} == {"new", "linked", "case_opened", "no_case"}
    assert Case.objects.filter(status="closed").exists()
    assert Case.objects.filter(consents__withdrawn_at__isnull=False).exists()
    assert Case.objects.filter(actions__deadline__lt=timezone.localdate(), actions__status="planned").exists()
    partner = User.objects.get(email="partner@example.org")
    assert Case.objects.visible_to(partner).exists()
    teacher = User.objects.get(email="teacher@example.org")
    assert set(Case.objects.visible_to(teacher)) < set(Case.objects.all())
