"""The scale generator (crocoos/scale.py): same seed, same rows; every benchmark page renders for its account."""

import hashlib

import pytest
from django.core.management import call_command

from bench.pages import FLOOR, bench_pages, signed_in_client
from cases.models import ActionItem, Case, Concern, Consent, InvolvedProfessional, Meeting, Student
from crocoos.models import Area, Membership, Municipality, Role, School, SchoolClass, User
from crocoos.scale import BENCH_ACCOUNTS, counts, generate
from directory.models import InSchoolProfessional, OutsidePartner

TINY = 0.05  # two schools, 50 students


def fingerprint():
    """A digest of the generated rows by their content (primary keys differ from run to run)."""
    parts = [
        sorted(Area.objects.values_list("name", flat=True)),
        sorted(School.objects.values_list("name", "municipality__name")),
        sorted(SchoolClass.objects.values_list("school__name", "name", "teachers__email")),
        sorted(Membership.objects.values_list("user__email", "user__full_name", "role", "school__name", "area__name")),
        sorted(
            Student.objects.values_list(
                "first_name", "last_name", "date_of_birth", "school__name", "school_class__name"
            )
        ),
        sorted(Case.objects.values_list("reference", "student__last_name", "status", "date", "opened_by__email")),
        sorted(Concern.objects.values_list("student__last_name", "date", "status", "text", "case__reference")),
        sorted(
            ActionItem.objects.values_list("case__reference", "position", "action", "status", "deadline"),
            key=str,
        ),
        sorted(
            InvolvedProfessional.objects.values_list("case__reference", "name", "outside_partner__institute"), key=str
        ),
        sorted(Consent.objects.values_list("case__reference", "given_by", "withdrawn_by__email"), key=str),
        sorted(InSchoolProfessional.objects.values_list("name", "position", "search_text")),
        sorted(OutsidePartner.objects.values_list("institute", "contact_name", "user__email"), key=str),
        sorted(Meeting.objects.values_list("uid", "date", "status", "kind", "school__name"), key=str),
        sorted(Meeting.objects.values_list("uid", "agenda__case__reference", "invitations__name"), key=str),
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def wipe():
    Meeting.objects.all().delete()
    Concern.objects.all().delete()
    Case.objects.all().delete()  # its actions and details go with it
    Student.objects.all().delete()
    InSchoolProfessional.objects.all().delete()
    OutsidePartner.objects.all().delete()
    School.objects.all().delete()
    Municipality.objects.all().delete()
    Area.objects.all().delete()
    User.objects.all().delete()


def test_counts_follow_the_scale():
    full = counts(100)
    assert (full["schools"], full["students"], full["cases"], full["actions"], full["areas"]) == (
        200,
        100_000,
        20_000,
        100_000,
        10,
    )
    assert counts(1)["schools"] == 2 and counts(1)["students"] == 1000 and counts(10)["cases"] == 2000


@pytest.mark.django_db
def test_same_seed_same_rows_other_seed_other_rows():
    made = generate(TINY, 1)
    assert made["schools"] == 2 and made["students"] == 50 and made["cases"] == 10 and made["actions"] == 50
    first = fingerprint()
    wipe()
    generate(TINY, 1)
    assert fingerprint() == first
    wipe()
    generate(TINY, 2)
    assert fingerprint() != first


@pytest.mark.django_db
def test_scale_one_makes_the_issue_counts_and_every_role(django_assert_max_num_queries):
    with django_assert_max_num_queries(200):  # bulk inserts: the query count does not grow with the rows
        made = generate(1, 7)
    assert made == {**made, "schools": 2, "students": 1000, "concerns": 300, "cases": 200, "actions": 1000}
    assert made["directory"] == 50 and made["meetings"] == 20
    for role, email in BENCH_ACCOUNTS.items():
        user = User.objects.get(email=email)
        assert user.check_password("bench-crocoos-2026")
        assert user.memberships.filter(role=role).exists()
    teacher = User.objects.get(email=BENCH_ACCOUNTS[Role.CLASS_TEACHER])
    assert Student.objects.visible_to(teacher).count() >= 25
    partner = User.objects.get(email=BENCH_ACCOUNTS[Role.EXTERNAL_PARTNER])
    assert Case.objects.visible_to(partner).exists()
    assert not Case.objects.filter(reference="").exists()


def test_command_refuses_a_database_with_scale_data(db):
    generate(TINY, 1)
    with pytest.raises(Exception, match="already"):
        call_command("generate_scale", "--scale", str(TINY))


@pytest.mark.urls("bench.urls")
def test_every_bench_page_renders_for_its_account(db):
    generate(TINY, 1)
    pages = bench_pages()
    assert {page.role for page in pages} == set(BENCH_ACCOUNTS)
    for page in pages:
        response = signed_in_client(page.email).get(page.url)
        assert response.status_code == 200, (page.label, response.status_code)
        if page.label == FLOOR:
            assert b"floor" in response.content
    coordinator_case = next(page for page in pages if page.label == "case page")
    body = signed_in_client(coordinator_case.email).get(coordinator_case.url).content.decode()
    assert "EWS-" in body


@pytest.mark.parametrize("areas", [1, 10])
def test_every_area_holds_both_kinds_of_area_meeting(areas):
    from crocoos.scale import meeting_plan

    held = {}
    for k in range(counts(100)["meetings"] * areas // 10):  # as many meetings as the generator makes
        kind, area = meeting_plan(k, areas)
        held.setdefault(area, set()).add(kind)
    assert set(held) == {None, *range(areas)}
    assert held[None] == {Meeting.Kind.WORKING_GROUP}
    for area in range(areas):
        assert held[area] == {Meeting.Kind.REGULAR, Meeting.Kind.CLARIFICATION}, area
