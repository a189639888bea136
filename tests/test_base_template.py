"""base.html on every page: the parts that depend on the language alone are kept per language
({% per_language %}), the navigation's links per language and set of links ({% nav_links %}). The
page must read as the plain template made it, for every language, user and message."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import constants
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.middleware.csrf import _unmask_cipher_token
from django.template import engines
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import resolve
from django.utils import translation

# base.html before its parts were kept (issue 7): what every page must still show.
PLAIN_BASE = (Path(__file__).parent / "plain_base.html").read_text()

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _request(user, path="/", message=None):
    request = RequestFactory().get(path)
    request.user = user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    request.resolver_match = resolve(path)
    if message:
        request._messages.add(constants.ERROR, message)
    return request


def _both(user, language, path="/", message=None):
    """(base.html, the plain template) for the same request, tokens left out (each render masks anew)."""
    with translation.override(language):
        request = _request(user, path, message)
        kept = render_to_string("base.html", {}, request=request)
        request = _request(user, path, message)
        plain = engines["django"].from_string(PLAIN_BASE).render({}, request=request)
    return kept, plain


def _same(html):
    return " ".join(TOKEN.sub("TOKEN", html).split())


@pytest.mark.parametrize("language", ["en", "hu", "nb", "ro", "sr-latn"])
def test_base_reads_as_the_plain_template_for_every_role_and_language(world, language):
    users = [world.teacher, world.ews, world.coordinator, world.followup, world.partner, world.admin]
    for user in users * 2:  # the second time from what was kept
        for path in ("/", "/cases/", "/directory/"):
            kept, plain = _both(user, language, path)
            assert _same(kept) == _same(plain)


def test_base_keeps_nothing_of_one_user_for_another(world):
    world.teacher.full_name = "Zsófia Első"
    world.teacher.save()
    world.coordinator.full_name = "Kristian Annen"
    world.coordinator.save()
    first, _plain = _both(world.teacher, "hu")
    second, _plain = _both(world.coordinator, "hu", message="Nem sikerült <b>menteni</b>")
    assert "Zsófia Első" in first and "Zsófia Első" not in second
    assert "Kristian Annen" in second
    # the teacher has no meetings; the coordinator does
    assert 'href="/meetings/"' in second and 'href="/meetings/"' not in first
    assert "Nem sikerült &lt;b&gt;menteni&lt;/b&gt;" in second and "menteni" not in first


def test_the_language_is_that_of_the_request_not_the_first_one_kept(world):
    english, _plain = _both(world.teacher, "en")
    hungarian, _plain = _both(world.teacher, "hu")
    again, _plain = _both(world.teacher, "en")
    assert '<html lang="en">' in english and '<html lang="hu">' in hungarian
    assert "Skip to main content" in english and "Skip to main content" not in hungarian
    assert _same(english) == _same(again)


def test_the_active_link_follows_the_page(world):
    home, _plain = _both(world.coordinator, "en", "/")
    cases, _plain = _both(world.coordinator, "en", "/cases/")
    assert re.search(r'nav-link active" href="/"\s*aria-current="page"', home)
    assert re.search(r'nav-link active" href="/cases/" aria-current="page"', cases)
    assert 'nav-link active" href="/"' not in cases


def test_each_form_token_is_the_sessions_own(world):
    """The sign-out and language forms carry a token of this session's secret, never a kept one."""
    tokens, secrets = [], []
    for _ in range(2):
        request = _request(world.teacher)
        html = render_to_string("base.html", {}, request=request)
        found = TOKEN.findall(html)
        assert len(found) == 2
        secret = request.META["CSRF_COOKIE"]
        assert all(_unmask_cipher_token(token) == secret for token in found)
        tokens += found
        secrets.append(secret)
    # one masked token per page, as Django's own context gives; each page its session's
    assert tokens[0] == tokens[1] and tokens[2] == tokens[3]
    assert tokens[0] != tokens[2] and secrets[0] != secrets[1]


def test_signed_out_pages_have_no_navigation(db):
    kept, plain = _both(AnonymousUser(), "en", "/accounts/login/")
    assert _same(kept) == _same(plain)
    assert "main-nav" not in kept and "user-menu" not in kept
