"""The home page's "My concerns" rows, made in cases.home._concern_row, against the template loop
they replace (its per-row include of cases/_concern_status.html)."""

import datetime

import pytest
from django.conf import settings
from django.template import engines
from django.utils import translation

from cases.home import _concern_row
from cases.models import Concern

BEFORE = """{% load i18n %}{% for concern in my_concerns %}
      <li class="list-group-item d-flex justify-content-between gap-2"><a href="{{ concern.url }}">{{ concern.date_text }} – {{ concern.full_name }}</a>{% include "cases/_concern_status.html" %}</li>
      {% empty %}<li class="list-group-item">{% translate "You have not logged any concern yet." %}</li>{% endfor %}"""  # noqa: E501
NOW = """{% load i18n %}{% for concern in my_concerns %}
      {{ concern.html }}
      {% empty %}<li class="list-group-item">{% translate "You have not logged any concern yet." %}</li>{% endfor %}"""


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_concern_rows_are_the_templates_markup(language):
    engine = engines["django"]
    with translation.override(language):
        rows = [
            _concern_row(pk, datetime.date(2024, 12, 31 - pk), status, '<b>Ä&"', "O'Brien <i>")
            for pk, status in enumerate(Concern.Status.values, start=1)
        ]
        before = engine.from_string(BEFORE).render({"my_concerns": rows})
        now = engine.from_string(NOW).render({"my_concerns": rows})
        empty = engine.from_string(BEFORE).render({"my_concerns": []})
        assert engine.from_string(NOW).render({"my_concerns": []}) == empty
    assert now == before
    assert "&lt;b&gt;Ä&amp;&quot; O&#x27;Brien &lt;i&gt;" in before
    for badge in ("text-bg-warning", "text-bg-secondary", "text-bg-success"):
        assert badge in before
