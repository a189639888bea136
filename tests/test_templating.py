"""crocoos.templating: a rendered page's context, and what only it holds, freed at once by reference
counting (not left in a cycle for the garbage collector); the same output as Django's backend."""

import gc
import weakref

import pytest
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.template.backends.django import DjangoTemplates as DjangosBackend
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from crocoos.templating import DjangoTemplates


class Row:
    """Something a page shows (a weak reference tells whether it is still alive)."""

    def __init__(self, text):
        self.text = text


# blocks, with, for, include: each pushes a dict (a ContextDict naming its context) on the context
TEXT = (
    "{% block content %}{% with shown=rows %}{% for row in shown %}{{ row.text }}{% endfor %}"
    "{% include 'crocoos/_language_switcher.html' %}{% endwith %}{% endblock %}"
)


@pytest.fixture
def collector_off():
    gc.collect()
    gc.disable()
    yield
    gc.enable()


def _alive_after_render(backend, request):
    rows = [Row("a<"), Row("b")]
    watched = weakref.ref(rows[0])
    html = backend.from_string(TEXT).render({"rows": rows}, request)
    del rows
    return html, watched() is not None


def test_the_projects_backend_is_this_one():
    assert isinstance(engines["django"], DjangoTemplates)


def test_what_a_page_showed_is_freed_when_it_is_rendered(collector_off):
    # (a page's context, with a request: its first dict is never popped)
    html, alive = _alive_after_render(engines["django"], RequestFactory().get("/"))
    assert "a&lt;b" in html
    assert not alive


def test_djangos_own_backend_leaves_it_to_the_collector(collector_off):
    """What the test above proves is not so by itself: Django's backend leaves the page's rows in a
    cycle until the collector runs."""
    djangos = DjangosBackend({**_params(), "NAME": "djangos"})
    html, alive = _alive_after_render(djangos, RequestFactory().get("/"))
    assert "a&lt;b" in html
    assert alive


def test_same_output_as_djangos_backend(rf):
    """(without a request: a form's CSRF token is masked anew on each page)"""
    djangos = DjangosBackend({**_params(), "NAME": "djangos"})
    context = {"rows": [Row("x & y"), Row("ø")]}
    ours = engines["django"].from_string(TEXT).render(context)
    assert "x &amp; yø" in ours
    assert ours == djangos.from_string(TEXT).render(context)


def test_errors_as_djangos(rf):
    with pytest.raises(TemplateDoesNotExist) as missing:
        engines["django"].get_template("no/such/template.html")
    assert missing.value.backend is engines["django"]
    with pytest.raises(TemplateDoesNotExist):
        engines["django"].from_string("{% include 'no/such/template.html' %}").render({}, rf.get("/"))
    with pytest.raises(TemplateSyntaxError):
        engines["django"].from_string("{% if %}")


@pytest.mark.django_db
def test_test_client_still_sees_the_context(client):
    """The test client keeps copies of each context made before rendering: tests read them after."""
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "form" in response.context


def test_render_to_string_goes_through_it(collector_off, rf):
    rows = [Row("z")]
    watched = weakref.ref(rows[0])
    assert "language-switcher" in render_to_string("crocoos/_language_switcher.html", {"rows": rows}, rf.get("/"))
    del rows
    assert watched() is None


def _params():
    from django.conf import settings

    params = dict(settings.TEMPLATES[0])
    params["OPTIONS"] = dict(params["OPTIONS"])
    params.pop("BACKEND")
    return params
