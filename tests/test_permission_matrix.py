"""The permission matrix: every URL by every persona by method, against ONE table of expected access.

The URL list comes from the resolver, so a new URL without an entry in MATRIX fails
`test_every_url_has_a_matrix_entry` with "add URL 'x' to the permission matrix".

Adding a URL takes a few lines:

    "case_detail": Rule(
        allow=SCHOOL1_CLASS_A,                        # personas who may use it
        kwargs=lambda w: {"pk": w.case_a.pk},         # how to build the URL from the `world` fixture
        rows=lambda w: students_shown(w, a=...),      # lists: which rows each persona sees (optional)
        post=lambda w, persona: {...},                # POST data for allowed personas (optional)
    ),

For each cell the test checks:
- allowed persona, GET: the expected status (200 unless `status=`); for lists (`rows`), each row's
  markers appear exactly for the personas the row lists, and never for anyone else;
- anonymous, not allowed: a redirect to the login page (GET and POST);
- signed-in persona, not allowed: 404, never 403 or a hint (GET and POST; 405 is fine for POST
  when the view takes no POST at all);
- `get=False` (POST-only URLs such as logout): GET answers 405 to everyone;
- `post=`: allowed personas' POST answers 200 or 302 (or `post_status=`).
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlencode, urlsafe_base64_encode

from . import matrix_cases, matrix_directory, matrix_meetings

ANONYMOUS = "anonymous"
TEACHER = "teacher"  # class teacher of class_a (school 1)
OTHER_TEACHER = "other_teacher"  # class teacher of class_b (school 1)
EWS = "ews"  # EWS team member, school 1
COORDINATOR = "coordinator"  # EWS coordinator, school 1
COORDINATOR2 = "coordinator2"  # EWS coordinator, school 2
FOLLOWUP = "followup"  # follow-up officer of the area of schools 1 and 2
OTHER_FOLLOWUP = "other_followup"  # follow-up officer of another area
PARTNER = "partner"  # outside partner of the area, without consent or involvement
PARTNER_IN = "partner_consented"  # outside partner involved in student_a's case, covered by its consent
PARTNER_OUT = "partner_withdrawn"  # outside partner involved in student_a's case, their consent withdrawn
ADMIN = "admin"  # installation administrator

PERSONAS = (
    ANONYMOUS,
    TEACHER,
    OTHER_TEACHER,
    EWS,
    COORDINATOR,
    COORDINATOR2,
    FOLLOWUP,
    OTHER_FOLLOWUP,
    PARTNER,
    PARTNER_IN,
    PARTNER_OUT,
    ADMIN,
)
SIGNED_IN = frozenset(PERSONAS) - {ANONYMOUS}
# Outside partners see case data only through a case that involves them and a valid consent (matrix_cases.py).
PARTNERS = frozenset({PARTNER, PARTNER_IN, PARTNER_OUT})
EVERYONE = frozenset(PERSONAS)
# Who sees student_a / class_a in full: its class teacher, school 1's EWS team, the area's follow-up officer.
SCHOOL1_CLASS_A = frozenset({TEACHER, EWS, COORDINATOR, FOLLOWUP})
# Who may open school 1's page: everyone working there, the area's follow-up officer, the administrator.
SCHOOL1_PAGE = frozenset({TEACHER, OTHER_TEACHER, EWS, COORDINATOR, FOLLOWUP, ADMIN})

# URLs the matrix does not cover: the technical admin site (staff-only, Django's own checks) and files.
SKIPPED_PREFIXES = ("admin/", "static/", "media/", "__debug__/")


@dataclass(frozen=True)
class Rule:
    allow: frozenset | set
    kwargs: Callable = lambda w: {}
    get: bool = True
    status: int = 200
    post: Callable | None = None
    post_status: tuple = (200, 302)
    rows: Callable | None = None
    query: Callable | None = None  # query-string parameters, e.g. lambda w: {"student": w.student_a.pk}


def student_marks(student):
    """What a student row shows: its link and its name as lists print it."""
    return (
        f'href="{reverse("student_detail", args=[student.pk])}"',
        f"{student.last_name}, {student.first_name}",
    )


def students_shown(w, *, a=frozenset(), b=frozenset(), c=frozenset(), register=frozenset(), other_area=frozenset()):
    """Rows of the world's students: each student's markers → the personas whose page shows them."""
    return {
        student_marks(w.student_a): a,
        student_marks(w.student_b): b,
        student_marks(w.student_c): c,
        student_marks(w.register_student): register,
        student_marks(w.other_area_student): other_area,
    }


def link(name, pk):
    return (f'href="{reverse(name, args=[pk])}"',)


def password_reset_kwargs(w):
    return {
        "uidb64": urlsafe_base64_encode(force_bytes(w.teacher.pk)),
        "token": default_token_generator.make_token(w.teacher),
    }


NEW_PASSWORD = "Brand-new-Jelszó-2026"

MATRIX = {
    # --- accounts and language: open to everyone --------------------------------------------
    "login": Rule(
        allow=EVERYONE,
        post=lambda w, persona: {"username": w.teacher.email, "password": "test-password-1"},
        post_status=(302,),
    ),
    "logout": Rule(allow=EVERYONE, get=False, post=lambda w, persona: {}, post_status=(302,)),
    "set_language": Rule(allow=EVERYONE, get=False, post=lambda w, persona: {"language": "hu"}, post_status=(302,)),
    "password_reset": Rule(allow=EVERYONE, post=lambda w, persona: {"email": w.teacher.email}, post_status=(302,)),
    "password_reset_done": Rule(allow=EVERYONE),
    "password_reset_confirm": Rule(
        allow=EVERYONE, kwargs=password_reset_kwargs, status=302, post=lambda w, persona: {}, post_status=(302,)
    ),
    "password_reset_complete": Rule(allow=EVERYONE),
    # --- signed-in pages --------------------------------------------------------------------
    "password_change": Rule(
        allow=SIGNED_IN,
        post=lambda w, persona: {
            "old_password": "test-password-1",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
        post_status=(302,),
    ),
    "password_change_done": Rule(allow=SIGNED_IN),
    # Nobody in `world` has an authenticator app yet: setup shows a QR code, verify sends to setup.
    "two_factor_setup": Rule(allow=SIGNED_IN, post=lambda w, persona: {"token": "000000"}, post_status=(200,)),
    "two_factor_verify": Rule(allow=SIGNED_IN, status=302, post=lambda w, persona: {"token": "1"}, post_status=(302,)),
    "home": Rule(
        allow=SIGNED_IN,
        kwargs=lambda w: matrix_cases.case_world(w) and {},
        rows=lambda w: {
            link("school_detail", w.school1.pk): {EWS, COORDINATOR, FOLLOWUP},
            link("school_detail", w.school2.pk): {COORDINATOR2, FOLLOWUP},
            link("class_detail", w.class_a.pk): {TEACHER},
            link("class_detail", w.class_b.pk): {OTHER_TEACHER},
            # A partner's home lists the cases shared with them and their action rows, nothing else.
            link("case_detail", w.case_a.pk): {PARTNER_IN},
            link("case_detail", w.decoy.pk): set(),
            link("action_update", w.action_in.pk): {PARTNER_IN},
            link("action_update", w.action_out.pk): set(),
            link("action_update", w.decoy_action.pk): set(),
        },
    ),
    "school_detail": Rule(
        allow=SCHOOL1_PAGE,
        kwargs=lambda w: {"pk": w.school1.pk},
        rows=lambda w: {
            link("class_detail", w.class_a.pk): {TEACHER, EWS, COORDINATOR, FOLLOWUP},
            link("class_detail", w.class_b.pk): {OTHER_TEACHER, EWS, COORDINATOR, FOLLOWUP},
            link("class_detail", w.class_c.pk): set(),
        },
    ),
    "class_detail": Rule(
        allow=SCHOOL1_CLASS_A,
        kwargs=lambda w: {"pk": w.class_a.pk},
        rows=lambda w: students_shown(w, a=SCHOOL1_CLASS_A),
    ),
    "student_list": Rule(
        allow=SIGNED_IN,
        rows=lambda w: students_shown(
            w,
            a={TEACHER, EWS, COORDINATOR, FOLLOWUP},
            b={OTHER_TEACHER, EWS, COORDINATOR, FOLLOWUP},
            c={COORDINATOR2, FOLLOWUP},
            register={FOLLOWUP},
            other_area={OTHER_FOLLOWUP},
        ),
    ),
    "student_detail": Rule(
        allow=SCHOOL1_CLASS_A,
        kwargs=lambda w: {"pk": w.student_a.pk},
        rows=lambda w: {(w.student_a.full_name,): SCHOOL1_CLASS_A},
    ),
    # --- audit -------------------------------------------------------------------------------
    "audit_access_report": Rule(allow={ADMIN}),
    "audit_trail": Rule(
        allow={COORDINATOR}, kwargs=lambda w: {"object_type": "cases.student", "object_id": w.student_a.pk}
    ),
    # --- GDPR --------------------------------------------------------------------------------
    "right_of_access_export": Rule(
        allow={COORDINATOR, FOLLOWUP},
        kwargs=lambda w: {"student_id": w.student_a.pk},
        rows=lambda w: {(w.student_a.full_name,): {COORDINATOR, FOLLOWUP}},
        post=lambda w, persona: {},
        post_status=(200,),
    ),
    "processing_record": Rule(allow={ADMIN}),
}

# Other apps' entries live beside their tests (a few lines each).
MATRIX.update(matrix_cases.cases_matrix())
MATRIX.update(matrix_directory.directory_matrix())
MATRIX.update(matrix_meetings.meetings_matrix())

# Cells checked in this run, by outcome; printed at the end of the run (tests/conftest.py).
CELLS = Counter()


def resolver_urls(patterns=None, prefix="", namespace=""):
    """(name, route) of every URL pattern, walking included URLconfs; skips SKIPPED_PREFIXES."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(SKIPPED_PREFIXES):
            continue
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from resolver_urls(pattern.url_patterns, route, inner)
        elif isinstance(pattern, URLPattern):
            yield (f"{namespace}{pattern.name}" if pattern.name else None, route)


def test_every_url_has_a_matrix_entry():
    urls = list(resolver_urls())
    unnamed = [route for name, route in urls if name is None]
    assert not unnamed, f"give these URLs a name so the permission matrix can cover them: {unnamed}"
    names = {name for name, _route in urls}
    missing = sorted(names - MATRIX.keys())
    assert not missing, "\n".join(f"add URL '{name}' to the permission matrix" for name in missing)
    stale = sorted(MATRIX.keys() - names)
    assert not stale, f"the permission matrix has entries for URLs that no longer exist: {stale}"


def client_for(world, persona):
    client = Client()
    if persona != ANONYMOUS:
        client.force_login(getattr(world, persona))
    return client


def is_login_redirect(response):
    return response.status_code == 302 and response["Location"].startswith(reverse("login"))


def page_for(world, name, persona, method="get"):
    """One cell: the response `persona` gets for `method` on URL `name` (fresh client each time)."""
    rule = MATRIX[name]
    client = client_for(world, persona)  # before the URL: signing in changes password-reset tokens
    url = reverse(name, kwargs=rule.kwargs(world))
    if rule.query:
        url += "?" + urlencode(rule.query(world))
    if method == "post":
        data = rule.post(world, persona) if rule.post and persona in rule.allow else {}
        return url, client.post(url, data)
    return url, client.get(url)


def check_cell(world, name, persona, method):
    """Assert one cell of the matrix."""
    rule = MATRIX[name]
    url, response = page_for(world, name, persona, method)
    where = f"{method.upper()} {url} ({name}) as {persona}"
    assert response.status_code != 500, f"{where}: server error"
    allowed = persona in rule.allow
    if method == "get" and not rule.get:
        if persona == ANONYMOUS and is_login_redirect(response):
            pass  # login_required may answer before require_POST does
        else:
            assert response.status_code == 405, f"{where}: POST-only URL answered GET with {response.status_code}"
    elif allowed and method == "get":
        assert response.status_code == rule.status, f"{where}: expected {rule.status}, got {response.status_code}"
        if rule.rows:
            check_rows(world, rule, persona, response.content.decode(), where)
    elif allowed:
        assert response.status_code in rule.post_status, (
            f"{where}: expected {rule.post_status}, got {response.status_code}"
        )
    elif persona == ANONYMOUS:
        assert is_login_redirect(response), f"{where}: expected a redirect to sign-in, got {response.status_code}"
    else:
        ok = (404, 405) if method == "post" else (404,)
        assert response.status_code in ok, f"{where}: out of scope must answer 404, got {response.status_code}"
    CELLS["checked"] += 1


def check_rows(world, rule, persona, page, where):
    for marks, personas in rule.rows(world).items():
        for mark in marks:
            if persona in personas:
                assert mark in page, f"{where}: should show {mark!r}"
            else:
                assert mark not in page, f"{where}: LEAK, shows out-of-scope {mark!r}"
        CELLS["rows"] += 1


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_permission_matrix(world, name):
    rule = MATRIX[name]
    for persona in PERSONAS:
        check_cell(world, name, persona, "get")
        # POST: always for personas out of scope; for allowed ones where the view takes a POST.
        if persona not in rule.allow or rule.post is not None:
            check_cell(world, name, persona, "post")
