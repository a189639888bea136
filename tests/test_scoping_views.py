"""Object URLs answer 404 to anyone outside the object's scope, never a hint it exists."""

import re

import pytest
from django.urls import reverse

from crocoos.models import AuditEvent


def url_for(world, name):
    return {
        "school_detail": reverse("school_detail", args=[world.school1.pk]),
        "class_detail": reverse("class_detail", args=[world.class_a.pk]),
        "student_detail": reverse("student_detail", args=[world.student_a.pk]),
    }[name]


OBJECT_URLS = ["school_detail", "class_detail", "student_detail"]


@pytest.mark.parametrize("name", OBJECT_URLS)
def test_school_2_user_gets_404_for_school_1_objects(client, world, name):
    client.force_login(world.coordinator2)
    assert client.get(url_for(world, name)).status_code == 404


@pytest.mark.parametrize("name", OBJECT_URLS)
def test_partner_without_consent_gets_404(client, world, name):
    client.force_login(world.partner)
    assert client.get(url_for(world, name)).status_code == 404


@pytest.mark.parametrize("name", OBJECT_URLS)
def test_follow_up_officer_of_another_area_gets_404(client, world, name):
    client.force_login(world.other_followup)
    assert client.get(url_for(world, name)).status_code == 404


@pytest.mark.parametrize("name", OBJECT_URLS)
def test_coordinator_of_the_school_sees_it(client, world, name):
    client.force_login(world.coordinator)
    response = client.get(url_for(world, name))
    assert response.status_code == 200


def test_teacher_gets_404_for_a_student_of_another_class(client, world):
    client.force_login(world.teacher)
    assert client.get(reverse("student_detail", args=[world.student_b.pk])).status_code == 404
    assert client.get(reverse("class_detail", args=[world.class_b.pk])).status_code == 404


def test_student_page_shows_the_record_and_is_audited(client, world):
    client.force_login(world.teacher)
    page = client.get(reverse("student_detail", args=[world.student_a.pk])).content.decode()
    assert "Ödön Lőrincz" in page
    event = AuditEvent.objects.get(action="student.viewed")
    assert event.actor == world.teacher
    assert event.student_id == world.student_a.pk


def test_missing_object_and_forbidden_object_look_the_same(client, world):
    client.force_login(world.coordinator2)
    forbidden_url = reverse("student_detail", args=[world.student_a.pk])
    missing_url = reverse("student_detail", args=[999999])
    forbidden, missing = client.get(forbidden_url), client.get(missing_url)
    assert forbidden.status_code == missing.status_code == 404
    # Equal but for the CSRF token and the page's own address (language switcher's "next").
    token = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
    forbidden_page = token.sub(b"", forbidden.content).replace(forbidden_url.encode(), b"URL")
    missing_page = token.sub(b"", missing.content).replace(missing_url.encode(), b"URL")
    assert forbidden_page == missing_page
