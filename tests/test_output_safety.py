"""Stored XSS: hostile names saved in the database are shown as text on every page, never run."""

from collections import Counter

import pytest

from .test_headers import inline_code_in
from .test_permission_matrix import MATRIX, PERSONAS, page_for

PAYLOADS = {
    "student first name": "<script>alert('first')</script>",
    "student last name": '"><img src=x onerror=alert(2)>',
    "school name": "<style>body{display:none}</style>Petőfi",
    "class name": "<b onmouseover=alert(3)>9.A</b>",
    "teacher name": "<svg onload=alert(4)>",
    "area name": "<iframe src=javascript:alert(5)>",
}
CHECKED = Counter()


@pytest.fixture
def hostile_world(world):
    world.student_a.first_name = PAYLOADS["student first name"]
    world.student_a.last_name = PAYLOADS["student last name"]
    world.student_a.save()
    world.school1.name = PAYLOADS["school name"]
    world.school1.save()
    world.class_a.name = PAYLOADS["class name"]
    world.class_a.save()
    world.teacher.full_name = PAYLOADS["teacher name"]
    world.teacher.save()
    world.area.name = PAYLOADS["area name"]
    world.area.save()
    return world


@pytest.mark.parametrize("name", sorted(name for name, rule in MATRIX.items() if rule.get))
def test_stored_payloads_are_inert_on_every_page(hostile_world, name):
    for persona in PERSONAS:
        url, response = page_for(hostile_world, name, persona)
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        page = response.content.decode()
        assert not inline_code_in(page), f"GET {url} as {persona}: {inline_code_in(page)}"
        for field, payload in PAYLOADS.items():
            assert payload not in page, f"GET {url} as {persona}: {field} shown unescaped"
        CHECKED["pages"] += 1
