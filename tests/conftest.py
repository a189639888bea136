"""Shared personas: one area with two schools, every role, students in and outside school.

Tests ask for `world` and use its people by role, like healthchecks' owner/member/outsider.
"""

from dataclasses import dataclass

import pytest

from crocoos.models import Role

from .factories import (
    AreaFactory,
    FollowUpServiceFactory,
    MunicipalityFactory,
    SchoolClassFactory,
    SchoolFactory,
    StudentFactory,
    member,
)


@dataclass
class World:
    area: object
    other_area: object
    school1: object
    school2: object
    class_a: object  # school 1, taught by teacher
    class_b: object  # school 1, taught by other_teacher
    class_c: object  # school 2
    teacher: object
    other_teacher: object
    ews: object
    coordinator: object
    coordinator2: object
    followup: object
    other_followup: object
    partner: object
    partner_consented: object  # outside partner: involved in student_a's case, a valid consent covers them
    partner_withdrawn: object  # outside partner: involved in student_a's case, their consent was withdrawn
    admin: object
    student_a: object
    student_b: object
    student_c: object
    register_student: object
    other_area_student: object


@pytest.fixture(autouse=True, scope="session")
def _verify_prepared_statements():
    """On PostgreSQL, each statement crocoos/compiled_rows.py prepares is checked against its plain SQL."""
    from crocoos import compiled_rows

    compiled_rows.VERIFY = True


@pytest.fixture(autouse=True)
def _fresh_page_cache():
    """Each test starts with no kept page (crocoos/page_cache.py; on in the test settings)."""
    from django.core.cache import caches

    caches["pages"].clear()


@pytest.fixture
def world(db):
    area = AreaFactory(name="Testvidék")
    FollowUpServiceFactory(area=area)
    home = MunicipalityFactory(area=area, name="Kisváros")
    other_area = AreaFactory(name="Elsewhere")
    school1 = SchoolFactory(area=area, name="Petőfi Gimnázium", municipality=home)
    school2 = SchoolFactory(area=area, name="Fjordvik skole")
    class_a = SchoolClassFactory(school=school1, name="9.A")
    class_b = SchoolClassFactory(school=school1, name="9.B")
    class_c = SchoolClassFactory(school=school2, name="VG1")
    teacher = member(Role.CLASS_TEACHER, school=school1, email="teacher@test.example.org", full_name="Éva Tanár")
    other_teacher = member(Role.CLASS_TEACHER, school=school1, email="teacher-b@test.example.org")
    class_a.teachers.add(teacher)
    class_b.teachers.add(other_teacher)
    other_school = SchoolFactory(area=other_area)
    return World(
        area=area,
        other_area=other_area,
        school1=school1,
        school2=school2,
        class_a=class_a,
        class_b=class_b,
        class_c=class_c,
        teacher=teacher,
        other_teacher=other_teacher,
        ews=member(Role.EWS_MEMBER, school=school1, email="ews@test.example.org"),
        coordinator=member(Role.EWS_COORDINATOR, school=school1, email="coord1@test.example.org"),
        coordinator2=member(Role.EWS_COORDINATOR, school=school2, email="coord2@test.example.org"),
        followup=member(Role.FOLLOW_UP_OFFICER, area=area, email="followup@test.example.org"),
        other_followup=member(Role.FOLLOW_UP_OFFICER, area=other_area, email="followup-x@test.example.org"),
        partner=member(Role.EXTERNAL_PARTNER, area=area, email="partner@test.example.org"),
        # Their directory entries, involvement and consents come with the case (tests/matrix_cases.py).
        partner_consented=member(Role.EXTERNAL_PARTNER, area=area, email="partner-in@test.example.org"),
        partner_withdrawn=member(Role.EXTERNAL_PARTNER, area=area, email="partner-out@test.example.org"),
        admin=member(Role.ADMINISTRATOR, email="admin@test.example.org", is_staff=True, is_superuser=True),
        student_a=StudentFactory(school_class=class_a, first_name="Ödön", last_name="Lőrincz"),
        student_b=StudentFactory(school_class=class_b, first_name="Ștefan", last_name="Ionescu"),
        student_c=StudentFactory(school_class=class_c, first_name="Åse", last_name="Bråten"),
        register_student=StudentFactory(
            school_class=None, school=None, area=area, first_name="Jovana", last_name="Petrović"
        ),
        other_area_student=StudentFactory(school_class=SchoolClassFactory(school=other_school)),
    )


def pytest_terminal_summary(terminalreporter):
    """Report the security figures of this run (permission matrix cells, pages checked for CSP)."""
    import sys

    matrix = sys.modules.get("tests.test_permission_matrix")
    if matrix is not None and matrix.CELLS:
        terminalreporter.write_line(
            f"permission matrix: {matrix.CELLS['checked']} cells checked, {matrix.CELLS['rows']} list rows checked"
        )
    fuzzing = sys.modules.get("tests.fuzzing")
    if fuzzing is not None and fuzzing.EXAMPLES:
        forms = ", ".join(f"{name} {count}" for name, count in sorted(fuzzing.EXAMPLES.items()))
        terminalreporter.write_line(f"fuzzed forms (examples): {forms}")
    coverage = sys.modules.get("tests.test_audit_coverage")
    if coverage is not None and coverage.COVERAGE:
        terminalreporter.write_line(
            f"audit: {coverage.COVERAGE['audited']} of {len(coverage.SENSITIVE)} sensitive views checked and audited"
        )
    safety = sys.modules.get("tests.test_output_safety")
    if safety is not None and safety.CHECKED:
        terminalreporter.write_line(
            f"stored XSS: {len(safety.PAYLOADS)} payloads inert on {safety.CHECKED['pages']} HTML pages"
        )
    channels = sys.modules.get("tests.test_output_channels")
    if channels is not None and channels.CHECKED:
        cells = ", ".join(f"{name} {count}" for name, count in sorted(channels.CHECKED.items()))
        terminalreporter.write_line(
            f"stored XSS / formula injection: {len(channels.PAYLOADS)} payloads; checks: {cells}"
        )
    headers = sys.modules.get("tests.test_headers")
    if headers is not None and headers.PAGES:
        terminalreporter.write_line(
            f"security headers: {headers.PAGES['responses']} responses checked, "
            f"{headers.PAGES['html']} HTML pages free of inline script/style"
        )
