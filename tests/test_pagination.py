"""Keyset pagination (crocoos.pagination): every row once, in order, forwards and backwards."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Case, Student
from crocoos.pagination import KeysetPaginator, can_be_null

from .cases.factories import CaseFactory, ConcernFactory
from .factories import StudentFactory


def walk(client, url, params, pattern):
    """Follow the "Next" links from the first page; the rows matched on each page, and the pages' HTML."""
    seen, pages = [], []
    query = "&".join(f"{key}={value}" for key, value in params.items())
    while True:
        page = client.get(f"{url}?{query}").content.decode()
        pages.append(page)
        seen += re.findall(pattern, page)
        found = re.search(r'href="\?([^"]*)">Next<', page)
        if not found:
            return seen, pages
        query = found.group(1).replace("&amp;", "&")
        assert len(pages) < 20


@pytest.fixture
def many_students(world):
    # Equal last names, so the pages' boundaries fall between rows that only the first name or id orders.
    return [
        StudentFactory(school_class=world.class_a, last_name=f"Søberg{n % 7}", first_name=f"Ådne{n:03}")
        for n in range(120)
    ]


@pytest.mark.parametrize("sort", ["name", "-name", "class"])
def test_student_list_pages_show_every_student_once_in_order(client, world, many_students, sort):
    client.force_login(world.coordinator)
    names, pages = walk(client, reverse("student_list"), {"sort": sort, "q": "soberg"}, r"Ådne\d{3}")
    expected = [
        student.first_name
        for student in Student.objects.filter(pk__in=[s.pk for s in many_students]).order_by(
            *{"name": ("last_name", "first_name", "id"), "-name": ("-last_name", "-first_name", "-id")}.get(
                sort, ("school_class__name", "last_name", "first_name", "id")
            )
        )
    ]
    assert names == expected
    assert len(pages) == 3
    assert "Page 3 of 3" in pages[-1]
    if sort != "class":  # the class can be empty (the register): that sort keeps numbered pages
        assert "after=" in pages[0] and "q=soberg" in pages[0]


def test_previous_link_goes_back_to_the_same_rows(client, world, many_students):
    client.force_login(world.coordinator)
    url = reverse("student_list")
    first = client.get(url, {"q": "soberg"}).content.decode()
    second_query = re.search(r'href="\?([^"]*)">Next<', first).group(1).replace("&amp;", "&")
    second = client.get(f"{url}?{second_query}").content.decode()
    assert "Page 2 of 3" in second
    back_query = re.search(r'href="\?([^"]*)">Previous<', second).group(1).replace("&amp;", "&")
    assert "before=" in back_query and "after=" not in back_query
    back = client.get(f"{url}?{back_query}").content.decode()
    assert re.findall(r"Ådne\d{3}", back) == re.findall(r"Ådne\d{3}", first)
    assert "Page 1 of 3" in back and "Previous" not in back


def test_case_list_pages_by_date(client, world):
    for n in range(60):
        CaseFactory(student=world.student_a, reference=f"EWS-K-{n:03}")
    client.force_login(world.coordinator)
    references, pages = walk(client, reverse("case_list"), {"status": "all"}, r"EWS-K-\d{3}")
    assert references == [f"EWS-K-{n:03}" for n in reversed(range(60))]  # same date: newest id first
    assert len(pages) == 3


def test_a_cursor_outside_the_users_scope_shows_the_first_page(client, world, many_students):
    client.force_login(world.coordinator2)  # school 2: none of school 1's students
    response = client.get(reverse("student_list"), {"after": many_students[5].pk, "page": 2})
    assert list(response.context["page"].object_list) == [world.student_c]


def test_nullable_sorts_are_recognised(db):
    assert can_be_null(Student, "school_class__name")
    assert can_be_null(Student, "school__name")
    assert not can_be_null(Student, "last_name")
    assert not can_be_null(Case, "student__last_name")


def test_numbered_page_without_cursor_still_works(world, many_students):
    students = Student.objects.filter(last_name__startswith="Søberg")
    page = KeysetPaginator(students, 50, ("last_name", "first_name", "id")).get_page({"page": "3"})
    assert page.number == 3 and len(page.object_list) == 20


def test_rows_read_apart_are_the_rows_chosen_forwards_and_backwards(world, many_students, django_assert_num_queries):
    students = Student.objects.filter(last_name__startswith="Søberg")
    ordering = ("-last_name", "first_name", "id")
    shown = Student.objects.select_related("school_class").only("first_name", "school_class__name")
    plain = KeysetPaginator(students, 50, ordering)
    read = KeysetPaginator(students, 50, ordering, read=shown)
    first = read.get_page({})
    assert first.object_list == plain.get_page({}).object_list
    second = read.get_page({"after": first.next_cursor, "page": "2"})
    assert second.object_list == plain.get_page({"after": first.next_cursor, "page": "2"}).object_list
    back = read.get_page({"before": second.previous_cursor, "page": "1"})
    assert back.object_list == first.object_list
    numbered = list(read.get_page({"page": "3"}).object_list)  # a numbered page (Django's Paginator)
    assert numbered == list(students.order_by(*ordering)[100:])
    with django_assert_num_queries(0):  # what the list shows came with the rows
        assert [(s.first_name, s.school_class.name) for s in numbered + back.object_list]


def test_a_first_page_holding_every_row_is_counted_without_a_count_query(world, many_students):
    students = Student.objects.filter(last_name__startswith="Søberg")
    ordering = ("last_name", "first_name", "id")
    with CaptureQueriesContext(connection) as queries:
        page = KeysetPaginator(students, 200, ordering).get_page({})
        assert page.paginator.count == 120 and page.paginator.num_pages == 1
    assert len(queries) == 1 and "COUNT" not in queries[0]["sql"]
    with CaptureQueriesContext(connection) as queries:
        page = KeysetPaginator(students, 50, ordering).get_page({})
        assert page.paginator.count == 120 and page.paginator.num_pages == 3
    assert len(queries) == 2


def test_case_list_goes_back_to_the_same_rows(client, world):
    for n in range(30):
        CaseFactory(student=world.student_a, reference=f"EWS-K-{n:03}")
    client.force_login(world.coordinator)
    url = reverse("case_list")
    first = client.get(url, {"status": "all", "sort": "reference"}).content.decode()
    second_query = re.search(r'href="\?([^"]*)">Next<', first).group(1).replace("&amp;", "&")
    second = client.get(f"{url}?{second_query}").content.decode()
    assert "Page 2 of 2" in second and "EWS-K-029" in second
    back_query = re.search(r'href="\?([^"]*)">Previous<', second).group(1).replace("&amp;", "&")
    back = client.get(f"{url}?{back_query}").content.decode()
    assert re.findall(r"EWS-K-\d{3}", back) == re.findall(r"EWS-K-\d{3}", first)


def test_concern_inbox_pages_every_new_concern_once(client, world):
    concerns = [ConcernFactory(student=world.student_a, date=datetime.date(2026, 1, 1)) for _ in range(30)]
    client.force_login(world.coordinator)
    seen, pages = walk(client, reverse("concern_inbox"), {}, r"/concerns/(\d+)/")
    assert [int(pk) for pk in seen] == [c.pk for c in concerns]
    assert "Page 2 of 2" in pages[-1]


def test_a_first_page_read_apart_counts_with_its_ids(world, many_students):
    students = Student.objects.filter(last_name__startswith="Søberg")
    shown = Student.objects.select_related("school_class")
    with CaptureQueriesContext(connection) as queries:
        page = KeysetPaginator(students, 50, ("last_name", "first_name", "id"), read=shown).get_page({})
        assert page.paginator.count == 120 and page.paginator.num_pages == 3 and len(page.object_list) == 50
    assert len(queries) == 2 and "OVER" in queries[0]["sql"] and "COUNT" not in queries[1]["sql"]
    empty = KeysetPaginator(students.none(), 50, ("last_name", "first_name", "id"), read=shown).get_page({})
    assert empty.paginator.count == 0 and empty.object_list == []
