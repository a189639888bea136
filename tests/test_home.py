import pytest
from django.urls import reverse


def home(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_teacher_home_lists_own_classes_only(client, world):
    page = home(client, world.teacher)
    assert "My classes" in page
    assert "9.A" in page
    assert "9.B" not in page
    assert "Register of young people" not in page


def test_coordinator_home_lists_own_school(client, world):
    page = home(client, world.coordinator)
    assert "My schools" in page
    assert "Petőfi Gimnázium" in page
    assert "Fjordvik skole" not in page


def test_follow_up_home_shows_area_schools_and_register(client, world):
    page = home(client, world.followup)
    assert "Petőfi Gimnázium" in page and "Fjordvik skole" in page
    assert "Register of young people outside school" in page
    assert "1 young person" in page


def test_partner_home_explains_consent(client, world):
    page = home(client, world.partner)
    assert "Cases shared with you" in page
    assert "My schools" not in page


def test_admin_home_shows_administration(client, world):
    page = home(client, world.admin)
    assert "Manage users, schools and areas" in page
    assert "My schools" not in page


def test_navigation_is_role_aware(client, world):
    assert 'href="/students/"' in home(client, world.teacher)
    client.logout()
    assert 'href="/students/"' not in home(client, world.partner)
    client.logout()
    assert 'href="/admin/"' in home(client, world.admin)


@pytest.mark.parametrize("persona", ["teacher", "coordinator", "followup", "partner", "admin"])
def test_home_runs_a_bounded_number_of_queries(client, world, persona, django_assert_max_num_queries):
    client.force_login(getattr(world, persona))
    # The session, sign-in and access checks and the session update, the roles line, classes or
    # schools and the register, the user's directory entries, the cases sections' lists, and 1 or 2
    # for meetings (both lists from the invitations when only invitations show the user meetings).
    with django_assert_max_num_queries(15):
        client.get(reverse("home"))


def test_home_has_skip_link_and_language_switcher(client, world):
    page = home(client, world.teacher)
    assert 'href="#main"' in page
    assert 'id="language-select"' in page
    assert 'lang="hu"' in page


def test_language_choice_is_kept_on_the_account(client, world):
    client.force_login(world.teacher)
    response = client.post(reverse("set_language"), {"language": "hu", "next": "/"})
    assert response.status_code == 302
    world.teacher.refresh_from_db()
    assert world.teacher.language == "hu"


def test_language_switch_ignores_unknown_languages(client, world):
    client.force_login(world.teacher)
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    world.teacher.refresh_from_db()
    assert world.teacher.language == ""


def test_language_switch_does_not_redirect_off_site(client, world):
    response = client.post(reverse("set_language"), {"language": "nb", "next": "https://evil.example.com/"})
    assert response["Location"] == "/"


def _roles_line(page):
    start = page.index('data-testid="roles">') + len('data-testid="roles">')
    return " ".join(page[start : page.index("</p>", start)].split())


@pytest.mark.parametrize(
    ("persona", "line"),
    [
        ("teacher", "Class teacher – Petőfi Gimnázium"),
        ("coordinator", "EWS coordinator – Petőfi Gimnázium"),
        ("followup", "Follow-up service officer – Testvidék"),
        ("partner", "External partner – Testvidék"),
        ("admin", "Administrator"),
    ],
)
def test_roles_line_names_each_membership(client, world, persona, line):
    assert _roles_line(home(client, getattr(world, persona))) == line


def test_roles_line_of_several_memberships_in_role_order(client, world):
    from tests.factories import MembershipFactory

    # Roles in schools and areas the home page lists, and one in an area it does not list.
    MembershipFactory(user=world.teacher, role="ews_member", school=world.school2)
    MembershipFactory(user=world.teacher, role="administrator", area=world.other_area)
    page = home(client, world.teacher)
    assert _roles_line(page) == (
        "Administrator – Elsewhere · Class teacher – Petőfi Gimnázium · EWS team member – Fjordvik skole"
    )
    MembershipFactory(user=world.ews, role="follow_up_officer", area=world.area)
    client.logout()
    assert _roles_line(home(client, world.ews)) == (
        "EWS team member – Petőfi Gimnázium · Follow-up service officer – Testvidék"
    )


@pytest.mark.parametrize("persona", ["ews", "coordinator", "followup"])
def test_schools_and_registers_read_together_are_the_querysets_counts(client, world, persona):
    """crocoos.views._schools_and_areas: schools and the areas' registers in one statement, each
    counted as the ORM counts them, in the order of the lists read alone."""
    from django.db.models import Count, Q

    from cases.models import Student
    from crocoos.access import access_for
    from crocoos.models import Area, School

    from .factories import StudentFactory

    # A second school of the area, a young person of the register, and a school of another area.
    StudentFactory(school=None, school_class=None, area=world.area)
    for school in School.objects.all():
        StudentFactory(school=school, school_class=None, area=school.area)
    user = getattr(world, persona)
    client.force_login(user)
    context = client.get(reverse("home")).context
    access = access_for(user)
    schools = (
        School.objects.filter(access.school_filter())
        .annotate(count=Count("students"))
        .order_by("area__name", "name")
        .values_list("name", "count")
    )
    assert [(row["name"], row["count_label"]) for row in context["my_schools"]] == [
        (name, f"{count} student{'s' if count != 1 else ''}") for name, count in schools
    ]
    if persona != "followup":
        assert "follow_up_areas" not in context
        return
    registers = Area.objects.filter(id__in=access.follow_up_area_ids).order_by("name")
    expected = [
        (area.name, Student.objects.filter(Q(area=area) & Q(school__isnull=True)).count()) for area in registers
    ]
    assert [row["name"] for row in context["follow_up_areas"]] == [name for name, _count in expected]
    assert [row["count_label"] for row in context["follow_up_areas"]] == [
        f"{count} young {'person' if count == 1 else 'people'}" for _name, count in expected
    ]


def test_class_and_school_rows_are_the_templates_markup():
    from django.template import engines

    from crocoos.views import _badge_row

    before = """{% for row in rows %}
        <li class="list-group-item d-flex justify-content-between align-items-center gap-2">
          <a href="{{ row.url }}">{{ row.name }}{% if row.school_name %} – {{ row.school_name }}{% endif %}</a>
          <span class="badge text-bg-secondary">{{ row.count_label }}</span>
        </li>
        {% empty %}none{% endfor %}"""
    now = """{% for row in rows %}
        {{ row.html }}
        {% empty %}none{% endfor %}"""
    rows = [
        {"url": "/classes/1/", "name": "9.A <b>", "school_name": "Petőfi & Co", "count_label": "25 students"},
        {"url": "/schools/2/?a=1&b=2", "name": 'O"Neil <school>', "count_label": "1 student"},
    ]
    for row in rows:
        text = f"{row['name']} – {row['school_name']}" if "school_name" in row else row["name"]
        row["html"] = _badge_row(row["url"], text, row["count_label"])
    engine = engines["django"]
    for shown in (rows, []):
        assert engine.from_string(now).render({"rows": shown}) == engine.from_string(before).render({"rows": shown})


def test_teacher_classes_are_counted_as_the_orm_counts(client, world):
    from django.db.models import Count

    from crocoos.models import SchoolClass

    from .factories import StudentFactory

    StudentFactory(school_class=world.class_b, school=world.class_b.school, area=world.class_b.school.area)
    world.class_b.teachers.add(world.teacher)
    client.force_login(world.teacher)
    context = client.get(reverse("home")).context
    classes = (
        SchoolClass.objects.filter(teachers=world.teacher)
        .annotate(count=Count("students"))
        .order_by("school__name", "name")
        .values_list("name", "school__name", "count")
    )
    assert [(row["name"], row["school_name"], row["count_label"]) for row in context["my_classes"]] == [
        (name, school, f"{count} student{'s' if count != 1 else ''}") for name, school, count in classes
    ]
