"""'My actions' in pages of 25: counted only when the first page does not hold every row."""

import datetime

from django.urls import reverse
from django.utils import timezone

from .factories import ActionItemFactory, CaseFactory


def _rows(world, n, **fields):
    case = CaseFactory(student=world.student_a)
    today = timezone.localdate()
    for i in range(n):
        ActionItemFactory(
            case=case,
            action=f"Sor {i:02d}",
            responsible_user=world.ews,
            deadline=today + datetime.timedelta(days=i),
            **fields,
        )


def test_one_page_lists_every_row_without_page_links(client, world):
    _rows(world, 25)
    client.force_login(world.ews)
    page = client.get(reverse("action_mine")).content.decode()
    assert "Sor 00" in page and "Sor 24" in page
    assert "Page 1 of" not in page


def test_more_rows_than_a_page_are_counted_and_paged(client, world):
    _rows(world, 27)
    _rows(world, 3, status="done")
    client.force_login(world.ews)
    first = client.get(reverse("action_mine")).content.decode()
    assert "Sor 24" in first and "Sor 25" not in first
    assert "Page 1 of 2" in first
    second = client.get(reverse("action_mine"), {"page": "2"}).content.decode()
    assert "Sor 25" in second and "Sor 26" in second and "Sor 00" not in second
    assert "Page 2 of 2" in second
    every = client.get(reverse("action_mine"), {"show": "all"}).content.decode()
    assert "Page 1 of 2" in every
    assert "Page 1 of 1" not in client.get(reverse("action_mine"), {"page": "x"}).content.decode()
