"""The page cache (crocoos/page_cache.py): pages kept per user until any data changes.

It is on for the whole suite (crocoos/settings_test.py), so every test that changes something and
reads a page again checks it too; these tests check the rules themselves.
"""

import datetime
import io
import re
from unittest import mock

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.models import ActionItem, Case
from cases.views import cases as cases_views
from crocoos import page_cache
from crocoos.models import AuditEvent, Membership, Role

from .cases.factories import ActionItemFactory, CaseFactory, ConsentFactory
from .factories import StudentFactory
from .matrix_cases import case_world


def client_for(user, language="en"):
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


def queries_of(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


def visit_twice(client, url):
    """The first visit builds the page (the CSRF cookie is set on it), the second keeps it."""
    client.get(url)
    first, built = queries_of(client, url)
    second, kept = queries_of(client, url)
    return first, built, second, kept


@pytest.mark.parametrize(
    ("sql", "changes"),
    [
        ('SELECT "cases_case"."id" FROM "cases_case"', False),
        ("  select 1", False),
        ('(SELECT "id" FROM "cases_case") UNION (SELECT "id" FROM "cases_case")', False),
        ('SAVEPOINT "s1"', False),
        ('RELEASE SAVEPOINT "s1"', False),
        ('INSERT INTO "cases_case" ("reference") VALUES (%s)', True),
        ('UPDATE "cases_actionitem" SET "status" = %s', True),
        ('DELETE FROM "directory_outsidepartner" WHERE id = 1', True),
        ('INSERT INTO "crocoos_auditevent" ("action") VALUES (%s)', False),
        ('UPDATE "django_session" SET "session_data" = %s', False),
        ('INSERT INTO "axes_accessattempt" ("username") VALUES (%s)', False),
        ('UPDATE "otp_totp_totpdevice" SET "last_used_at" = %s WHERE "otp_totp_totpdevice"."id" = %s', False),
        ('UPDATE "crocoos_user" SET "last_login" = %s WHERE "crocoos_user"."id" = %s', False),
        ('UPDATE "crocoos_user" SET "last_login" = %s, "full_name" = %s WHERE "crocoos_user"."id" = %s', True),
        ('UPDATE "crocoos_user" SET "full_name" = %s WHERE "crocoos_user"."id" = %s', True),
        ("WITH x AS (SELECT 1) SELECT * FROM x", False),
        ('WITH x AS (DELETE FROM "cases_case" RETURNING id) SELECT * FROM x', True),
        ('CREATE INDEX "x" ON "cases_case" ("date")', True),
        ('ALTER TABLE "cases_case" ADD COLUMN "x" int', True),
        # crocoos/compiled_rows.py's prepared reads (PostgreSQL); anything else prepared or run writes
        (
            'PREPARE crc_3 (integer, unknown) AS SELECT "x" FROM "t" WHERE "a" = $1 AND "b" = $2; EXECUTE crc_3(%s,%s)',
            False,
        ),
        ("PREPARE crc_12 AS (SELECT 1) UNION (SELECT 2); EXECUTE crc_12", False),
        ("PREPARE crc_4 (integer[], timestamp with time zone) AS SELECT 1; EXECUTE crc_4(%s, %s)", False),
        ("EXECUTE crc_3(%s, %s)", False),
        ("DEALLOCATE crc_1; PREPARE crc_101 AS SELECT 1; EXECUTE crc_101", False),
        ('DEALLOCATE crc_1; PREPARE crc_101 AS DELETE FROM "cases_case"; EXECUTE crc_101', True),
        ('DEALLOCATE crc_1; DELETE FROM "cases_case"', True),
        ("EXECUTE crc_12", False),
        ('PREPARE crc_3 (integer) AS DELETE FROM "cases_case" WHERE id = $1; EXECUTE crc_3(%s)', True),
        ('PREPARE crc_3 AS WITH x AS (DELETE FROM "cases_case" RETURNING id) SELECT * FROM x; EXECUTE crc_3', True),
        ('PREPARE crc_3 AS SELECT 1; DELETE FROM "cases_case"; EXECUTE crc_3', True),
        ('PREPARE crc_3 AS SELECT 1; EXECUTE crc_3; DELETE FROM "cases_case"', True),
        ("PREPARE crc_3 AS SELECT 1; EXECUTE crc_4", True),
        ('PREPARE other (integer) AS SELECT "x" FROM "t" WHERE "a" = $1; EXECUTE other(%s)', True),
        ("EXECUTE other(%s)", True),
        ('EXECUTE crc_3(%s); DELETE FROM "cases_case"', True),
    ],
)
def test_which_statements_change_what_pages_show(sql, changes):
    assert page_cache.changes_data(sql) is changes


PAGES = [
    ("teacher", "home", ()),
    ("coordinator", "home", ()),
    ("coordinator", "concern_inbox", ()),
    ("coordinator", "case_list", ()),
    ("ews", "action_mine", ()),
    ("followup", "directory_search", ()),
]


@pytest.mark.parametrize(("persona", "name", "args"), PAGES)
def test_a_page_seen_again_is_served_from_the_cache(world, persona, name, args):
    case_world(world)
    first, built, second, kept = visit_twice(client_for(getattr(world, persona)), reverse(name, args=args))
    # Kept: the session, the user and the second-factor device, nothing of the page itself.
    assert kept <= 3 < built
    assert second.content == first.content


def test_the_case_page_kept_still_checks_access_and_records_the_view(world):
    case_world(world)
    url = reverse("case_detail", args=[world.case_a.pk])
    client = client_for(world.coordinator)
    with mock.patch("cases.views.cases._case_page", wraps=cases_views._case_page) as build:
        first, built, second, kept = visit_twice(client, url)
    assert second.content == first.content
    assert build.call_count == 2  # the visits before; the second one's page was kept
    # session, user, the permission check, the audit record (on PostgreSQL the page built reads
    # the case with its lists in one statement too: as many statements)
    assert kept <= 5 <= built
    views = AuditEvent.objects.filter(action="case.viewed", actor=world.coordinator, object_id=str(world.case_a.pk))
    assert views.count() == 3
    assert set(views.values_list("student_id", flat=True)) == {world.student_a.pk}


def test_the_meeting_page_kept_records_the_young_people_its_agenda_names(world):
    from cases.models import Meeting
    from cases.services import meetings as svc

    case = CaseFactory(student=world.student_a)
    ConsentFactory(case=case)
    meeting = svc.convene_meeting(
        convened_by=world.followup,
        kind=Meeting.Kind.CLARIFICATION,
        date=timezone.localdate() + datetime.timedelta(days=7),
        start_time=datetime.time(9, 0),
        end_time=datetime.time(11, 0),
        place="Rådhuset",
        area=world.area,
        chair=world.followup,
    )
    svc.add_case_to_agenda(meeting=meeting, case=case, topic="Attendance", added_by=world.followup)
    client = client_for(world.followup)
    first, built, second, kept = visit_twice(client, reverse("meeting_detail", args=[meeting.pk]))
    assert second.content == first.content
    assert kept < built
    views = AuditEvent.objects.filter(action="meeting.viewed", object_id=str(meeting.pk))
    assert views.count() == 3
    assert set(views.values_list("student_id", flat=True)) == {world.student_a.pk}


def test_access_taken_away_is_a_404_even_for_a_kept_page(world, settings):
    """The view's permission check runs before a kept page is served, whatever the generation says."""
    case_world(world)
    url = reverse("case_detail", args=[world.case_a.pk])
    client = client_for(world.coordinator)
    visit_twice(client, url)
    settings.PAGE_CACHE = False  # no new generation for this change: only the permission check is left
    Membership.objects.filter(user=world.coordinator).delete()
    settings.PAGE_CACHE = True
    assert client.get(url).status_code == 404


def test_the_same_address_is_never_served_across_users(world):
    client_a, client_b = client_for(world.teacher), client_for(world.coordinator)
    visit_twice(client_a, reverse("home"))
    # even with the same CSRF secret (the same browser, another account)
    client_b.cookies["csrftoken"] = client_a.cookies["csrftoken"].value
    page_b = client_b.get(reverse("home")).content.decode()
    assert world.coordinator.full_name in page_b
    assert world.teacher.full_name not in page_b


def test_a_change_made_through_the_orm_shows_at_once(world):
    case_world(world)
    client = client_for(world.coordinator)
    url = reverse("case_list")
    visit_twice(client, url)
    student = StudentFactory(school_class=world.class_a, first_name="Zsófia", last_name="Újonc")
    CaseFactory(student=student)
    assert "Újonc" in client.get(url).content.decode()


def test_a_bulk_update_without_signals_shows_at_once(world):
    case_world(world)
    client = client_for(world.ews)
    url = reverse("action_mine")
    ActionItemFactory(case=world.case_a, responsible_user=world.ews, action="Beszélgetés a családdal")
    visit_twice(client, url)
    assert "Beszélgetés a családdal" in client.get(url).content.decode()
    ActionItem.objects.filter(case=world.case_a).update(action="Otthonlátogatás")
    page = client.get(url).content.decode()
    assert "Otthonlátogatás" in page
    assert "Beszélgetés a családdal" not in page


def test_a_change_in_raw_sql_shows_at_once(world):
    case_world(world)
    client = client_for(world.coordinator)
    url = reverse("case_detail", args=[world.case_a.pk])
    visit_twice(client, url)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE cases_case SET observed_problem = %s", ["Nyers SQL változás"])
    assert "Nyers SQL változás" in client.get(url).content.decode()


def test_the_audit_trail_alone_changes_no_generation(world):
    page_cache.bump()
    before = caches["pages"].get(page_cache.GENERATION_KEY)
    AuditEvent.objects.create(action="case.viewed")
    assert caches["pages"].get(page_cache.GENERATION_KEY) == before
    ConsentFactory(case=CaseFactory(student=world.student_a))
    assert caches["pages"].get(page_cache.GENERATION_KEY) != before


@pytest.mark.django_db(transaction=True)
def test_a_transaction_makes_a_new_generation_again_when_it_commits(world):
    """A page built by another request between the change and the commit is not served after it."""
    with transaction.atomic():
        CaseFactory(student=world.student_a)
        during = caches["pages"].get(page_cache.GENERATION_KEY)
        assert during is not None
        caches["pages"].set("page:built-meanwhile", (during, "<p>old</p>"))
    assert caches["pages"].get(page_cache.GENERATION_KEY) != during


def test_each_language_and_each_query_string_is_a_page_of_its_own(world):
    client = client_for(world.coordinator)
    visit_twice(client, reverse("home"))
    client.cookies["django_language"] = "hu"
    assert '<html lang="hu">' in client.get(reverse("home")).content.decode()
    case_world(world)
    url = reverse("case_list")
    visit_twice(client, url)
    found = client.get(url, {"q": world.student_a.last_name}).content.decode()
    missing = client.get(url, {"q": "Nincsilyennév"}).content.decode()
    assert world.student_a.last_name in found
    assert world.student_a.last_name not in missing


def test_a_message_to_show_is_shown_not_a_kept_page(world, rf):
    client = client_for(world.coordinator)
    visit_twice(client, reverse("home"))
    storage = CookieStorage(rf.get("/"))
    client.cookies[storage.cookie_name] = storage._encode([Message(constants.SUCCESS, "Mentve.")])
    assert "Mentve." in client.get(reverse("home")).content.decode()
    # ...once: the next visit is the page without it
    assert "Mentve." not in client.get(reverse("home")).content.decode()


def test_the_form_token_on_a_kept_page_is_accepted(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.coordinator)
    _first, built, _second, kept = visit_twice(client, reverse("home"))
    assert kept < built
    # A new CSRF secret (another sign-in in the same browser rotates it): the page's token follows it.
    client.cookies["csrftoken"] = "x" * 32
    page = client.get(reverse("home")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post(reverse("logout"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_without_the_setting_every_page_is_built(world, settings):
    settings.PAGE_CACHE = False
    client = client_for(world.coordinator)
    _first, built, _second, rebuilt = visit_twice(client, reverse("home"))
    assert rebuilt == built


def test_roles_change_drops_kept_pages(world):
    client = client_for(world.teacher)
    visit_twice(client, reverse("home"))
    Membership.objects.create(user=world.teacher, role=Role.EWS_MEMBER, school=world.school1)
    assert reverse("meeting_list") in client.get(reverse("home")).content.decode()


def test_an_unreachable_cache_builds_pages_and_keeps_changes(world, settings):
    """Redis down: pages are built as without the cache, and changes are saved (the error is logged)."""
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "crocoos.cache.SharedClientRedisCache", "LOCATION": "redis://127.0.0.1:1/0"},
    }
    client = client_for(world.coordinator)
    assert client.get(reverse("home")).status_code == 200
    CaseFactory(student=world.student_a)
    assert Case.objects.filter(student=world.student_a).exists()
    assert client.get(reverse("home")).status_code == 200


def test_signing_in_is_no_change_to_the_pages(world):
    """A sign-in stamps last_login and writes the session: the pages kept for others stay."""
    world.teacher.set_password("correct horse battery")
    world.teacher.save()
    client = client_for(world.coordinator)
    visit_twice(client, reverse("home"))
    before = caches["pages"].get(page_cache.GENERATION_KEY)
    response = Client().post(reverse("login"), {"username": world.teacher.email, "password": "correct horse battery"})
    assert response.status_code == 302
    assert caches["pages"].get(page_cache.GENERATION_KEY) == before
    assert queries_of(client, reverse("home"))[1] <= 3


def test_a_lost_generation_makes_every_kept_page_out_of_date(world):
    """Redis evicting the generation (allkeys-lru) must not bring back a page kept before a change."""
    client = client_for(world.coordinator)
    visit_twice(client, reverse("home"))
    caches["pages"].delete(page_cache.GENERATION_KEY)
    assert queries_of(client, reverse("home"))[1] > 3


def test_a_change_outside_django_shows_after_clear_page_cache(world):
    from django.core.management import call_command

    client = client_for(world.coordinator)
    visit_twice(client, reverse("home"))
    call_command("clear_page_cache", stdout=io.StringIO())
    assert queries_of(client, reverse("home"))[1] > 3


def _page_request(rf, user):
    request = rf.get("/a-page/")
    request.user = user
    request.META["CSRF_COOKIE"] = "a" * 32
    return request


def _kept(request):
    """The page kept for this request, or None."""
    entry = caches["pages"].get(page_cache._key(request, ()))
    return entry and entry[1]


def _view_building(html, status=200):
    return lambda request: HttpResponse(page_cache.cached(request, lambda: html), status=status)


def test_a_page_built_is_kept_once_it_has_been_sent(world, rf):
    """Its SET waits until the WSGI server closes the response, after writing it."""
    request = _page_request(rf, world.teacher)
    response = page_cache.KeepAfterResponseMiddleware(_view_building("<p>built</p>"))(request)
    assert response.content == b"<p>built</p>"
    assert _kept(request) is None
    response.close()
    assert _kept(request) == "<p>built</p>"
    # the next request is served the kept page
    again = page_cache.KeepAfterResponseMiddleware(_view_building("<p>built again</p>"))
    assert again(_page_request(rf, world.teacher)).content == b"<p>built</p>"


def test_a_page_whose_response_failed_is_not_kept(world, rf):
    request = _page_request(rf, world.teacher)
    response = page_cache.KeepAfterResponseMiddleware(_view_building("<p>built</p>", status=500))(request)
    response.close()
    assert _kept(request) is None


def test_without_the_middleware_a_page_built_is_kept_at_once(world, rf):
    request = _page_request(rf, world.teacher)
    assert page_cache.cached(request, lambda: "<p>built</p>") == "<p>built</p>"
    assert _kept(request) == "<p>built</p>"


def test_every_page_built_in_a_request_is_kept_once_it_has_been_sent(world, rf):
    request = _page_request(rf, world.teacher)

    def two_pages(request):
        first = page_cache.cached(request, lambda: "<p>one</p>", "one")
        second = page_cache.cached(request, lambda: "<p>two</p>", "two")
        return HttpResponse(first + second)

    response = page_cache.KeepAfterResponseMiddleware(two_pages)(request)
    response.close()
    kept = [caches["pages"].get(page_cache._key(request, (part,))) for part in ("one", "two")]
    assert [entry and entry[1] for entry in kept] == ["<p>one</p>", "<p>two</p>"]
