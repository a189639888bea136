from django.urls import reverse

from .factories import StudentFactory


def test_list_shows_only_visible_students(client, world):
    client.force_login(world.coordinator2)
    page = client.get(reverse("student_list")).content.decode()
    assert "Bråten" in page
    assert "Lőrincz" not in page and "Ionescu" not in page


def test_search_finds_by_name_word(client, world):
    client.force_login(world.followup)
    page = client.get(reverse("student_list"), {"q": "Petrović"}).content.decode()
    assert "Jovana" in page
    assert "Lőrincz" not in page


def test_search_never_reaches_outside_scope(client, world):
    client.force_login(world.teacher)
    response = client.get(reverse("student_list"), {"q": "Ionescu"})
    assert list(response.context["page"].object_list) == []
    assert "No students found." in response.content.decode()


def test_register_filter_lists_young_people_outside_school(client, world):
    client.force_login(world.followup)
    page = client.get(reverse("student_list"), {"register": "1"}).content.decode()
    assert "Petrović" in page
    assert "Lőrincz" not in page


def test_sorting_by_name_descending(client, world):
    client.force_login(world.coordinator)
    page = client.get(reverse("student_list"), {"sort": "-name"}).content.decode()
    assert page.index("Lőrincz") < page.index("Ionescu")


def test_list_paginates_and_keeps_filters(client, world, django_assert_max_num_queries):
    StudentFactory.create_batch(60, school_class=world.class_a, last_name="Zöld")
    client.force_login(world.coordinator)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("student_list"), {"q": "Zöld"})
    page = response.content.decode()
    assert "Page 1 of 2" in page
    assert "q=Z%C3%B6ld&amp;page=2" in page
    assert client.get(reverse("student_list"), {"q": "Zöld", "page": 2}).context["page"].object_list.count() == 10
