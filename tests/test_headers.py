"""Every page of the permission matrix, as every persona: CSP-safe HTML and the security headers.

- no inline <script> (without src), no <style> element, no style="" attribute, no on*="" or
  hx-on handler, no javascript: link (the strict CSP would block them: the page would break);
- Content-Security-Policy, Permissions-Policy, nosniff, Referrer-Policy, COOP, frame denial on
  every response;
- `Cache-Control: no-store` on every page shown to a signed-in user.
"""

from collections import Counter
from html.parser import HTMLParser

import pytest
from django.template.loader import render_to_string

from .test_permission_matrix import ANONYMOUS, MATRIX, PERSONAS, page_for

PAGES = Counter()


class InlineCodeFinder(HTMLParser):
    """Collects what a strict Content-Security-Policy would block in a page."""

    def __init__(self):
        super().__init__()
        self.problems = []

    def handle_starttag(self, tag, attrs):
        names = {name.lower(): value for name, value in attrs}
        if tag == "script" and "src" not in names:
            self.problems.append("inline <script> without src")
        if tag == "style":
            self.problems.append("<style> element")
        for name, value in names.items():
            if name == "style":
                self.problems.append(f"style attribute on <{tag}>")
            elif name.startswith(("on", "hx-on")):
                self.problems.append(f"{name} handler on <{tag}>")
            elif name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"javascript: URL in {name} of <{tag}>")


def inline_code_in(html):
    finder = InlineCodeFinder()
    finder.feed(html)
    finder.close()
    return finder.problems


def test_the_finder_finds_what_csp_blocks():
    page = (
        '<p style="color:red" onclick="x()">a</p><script>alert(1)</script><script src="/s.js"></script>'
        '<style>p{}</style><a href="javascript:alert(1)">x</a><div hx-on:click="x()"></div>'
    )
    assert len(inline_code_in(page)) == 6
    assert inline_code_in('<script src="/static/js/app.js" defer></script><p class="x">ok</p>') == []


SECURITY_HEADERS = {
    "Permissions-Policy": "camera=()",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_pages_are_csp_safe_and_carry_the_security_headers(world, name):
    rule = MATRIX[name]
    if not rule.get:
        pytest.skip(f"{name} takes POST only")
    for persona in PERSONAS:
        url, response = page_for(world, name, persona)
        where = f"GET {url} ({name}) as {persona}"
        policy = response.get("Content-Security-Policy", "")
        assert "script-src 'self'" in policy, where
        assert "unsafe-inline" not in policy, where
        for header, expected in SECURITY_HEADERS.items():
            assert expected in response.get(header, ""), f"{where}: {header} missing"
        if persona != ANONYMOUS:
            assert "no-store" in response.get("Cache-Control", ""), f"{where}: signed-in page may be cached"
        if response.get("Content-Type", "").startswith("text/html") and response.content:
            problems = inline_code_in(response.content.decode())
            assert not problems, f"{where}: {problems}"
            PAGES["html"] += 1
        PAGES["responses"] += 1


def test_error_and_lockout_pages_are_csp_safe(client, world, settings):
    assert inline_code_in(render_to_string("500.html")) == []
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post("/accounts/login/", {"username": world.teacher.email, "password": "wrong"})
    assert response.status_code == 429
    assert inline_code_in(response.content.decode()) == []
    assert "Permissions-Policy" in response
