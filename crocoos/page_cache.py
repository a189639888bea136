"""A cache of whole rendered pages, per user, dropped by any change to the data (issue 7).

The busiest pages (home, inbox, case list and search, case page, my actions, directory search, the
meeting page) cost 3-10 times a bare request to build, most of it Python: the ORM and the template
engine. A user opens the same page again and again in a day (back to the home page, back to the
list); while nothing has changed, the page is the same. So:

- **What is kept**: the page's HTML for one user, one address (query string included), one
  language, one day, one CSRF secret (the page's forms carry a token of it) and whether the session
  passed the second factor. Never across users; never a page with a message to show; never a POST.
- **When it is dropped**: every statement that changes a table (INSERT, UPDATE, DELETE, DDL), made by
  any process through Django, replaces one shared *generation* value, at once and again when its
  transaction commits; a page kept under an older generation is never served. Only the audit trail,
  the sessions and the sign-in lockout records are left out: writing them changes no page that is
  cached. Each page also expires after PAGE_CACHE_SECONDS (10 minutes), which bounds anything that
  changes with the clock alone (a partner entry becoming "not verified for 12 months").
- **When it is kept**: once the page built has been sent (KeepAfterResponseMiddleware), so that
  keeping it does not delay it.
- **What still runs on every request**: the middleware (session, sign-in, second factor), the view's
  own permission check (a case or meeting the user may no longer see is a 404 at once, cached or not)
  and its audit record.

It needs a cache every process shares (PAGE_CACHE needs CACHE_URL=redis://…, see the README): a
per-process cache would miss the changes other workers make. Without it pages are built every time.
"""

import functools
import hashlib
import logging
import re
import uuid

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.db import connections, transaction
from django.db.backends.signals import connection_created
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

ALIAS = "pages"
GENERATION_KEY = "generation"
# Statements that change nothing. Anything else (INSERT, UPDATE, DELETE, DDL, a CTE that writes) counts.
READ_ONLY = ("SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK", "COMMIT", "BEGIN", "SET ", "SHOW", "EXPLAIN", "PRAGMA")
WRITE_TABLE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+[`"]?(\w+)', re.IGNORECASE)
WRITES_IN_CTE = re.compile(r"\b(?:INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
# Tables no cached page shows: the audit trail, sessions, sign-in lockout records, second-factor
# devices (their last use and throttling), the admin site's log and background task records.
IGNORED_TABLES = frozenset(
    {
        "crocoos_auditevent",
        "django_session",
        "axes_accessattempt",
        "axes_accesslog",
        "axes_accessfailurelog",
        "axes_accessattemptexpiration",
        "otp_totp_totpdevice",
        "otp_static_staticdevice",
        "otp_static_statictoken",
        "django_admin_log",
        "django_tasks_database_dbtaskresult",
    }
)
# Each sign-in stamps the account's last sign-in (Django's update_last_login); no cached page shows it.
LAST_LOGIN_ONLY = re.compile(r'\s*UPDATE\s+"?crocoos_user"?\s+SET\s+"?last_login"?\s*=\s*%s\s+WHERE\b', re.IGNORECASE)
# The prepared statements of crocoos/compiled_rows.py (PostgreSQL), reads only: its first run in a
# session, "PREPARE crc_<n> (<types>) AS <statement>; EXECUTE crc_<n>(%s, …)", reads when <statement>
# does (after "DEALLOCATE crc_<m>; ", one of them dropped); "EXECUTE crc_<n>(%s, …)" runs one of them.
# No other code names a statement crc_<n>.
PREPARED_READ = re.compile(
    r"\s*(?:DEALLOCATE\s+crc_\d+;\s*)?PREPARE\s+crc_(?P<name>\d+)\s*(?:\([\w\s,\[\]]*\))?\s+AS\s+(?P<statement>[^;]*);"
    r"\s*EXECUTE\s+crc_(?P=name)\s*(?:\(%s(?:,\s*%s)*\))?\s*",
    re.IGNORECASE,
)
EXECUTE_READ = re.compile(r"\s*EXECUTE\s+crc_\d+\s*(?:\(%s(?:,\s*%s)*\))?\s*", re.IGNORECASE)


def enabled():
    return settings.PAGE_CACHE


def _cache():
    return caches[ALIAS]


def changes_data(sql):
    """Whether a statement may change what a page shows."""
    head = sql.lstrip("( \t\r\n")[:10].upper()  # "(SELECT …) UNION (SELECT …)" reads
    if head.startswith(("PREPARE", "EXECUTE", "DEALLOCATE")):
        if EXECUTE_READ.fullmatch(sql):
            return False
        prepared = PREPARED_READ.fullmatch(sql)
        return not prepared or changes_data(prepared.group("statement"))
    if head.startswith(READ_ONLY):
        return False
    if head.startswith("WITH"):
        return bool(WRITES_IN_CTE.search(sql))
    match = WRITE_TABLE.match(sql)
    return not ((match and match.group(1).lower() in IGNORED_TABLES) or LAST_LOGIN_ONLY.match(sql))


def bump():
    """A new generation: every page kept so far is out of date.

    If the cache cannot be reached the change itself still goes through (it is logged): pages kept
    elsewhere expire after PAGE_CACHE_SECONDS at the latest.
    """
    try:
        _cache().set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:
        logger.exception("page cache: no new generation after a change")


def _bump_after_commit():
    bump()


def watch_writes(execute, sql, params, many, context):
    """Connection wrapper: a statement that changes data makes a new generation, now and on commit.

    Now, so that the same transaction (a request, a test) never reads a page from before its change;
    on commit, so that a page built by another request between the statement and the commit, from
    the data as it was, is not served afterwards.
    """
    result = execute(sql, params, many, context)
    if enabled() and changes_data(sql):
        bump()
        connection = context["connection"]
        pending = (entry[1] for entry in connection.run_on_commit)
        if connection.in_atomic_block and _bump_after_commit not in pending:
            transaction.on_commit(_bump_after_commit, using=connection.alias)
    return result


def install(sender=None, connection=None, **kwargs):
    """Put watch_writes first on a connection (first: `execute_wrapper()` blocks pop the last one)."""
    if watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, watch_writes)


def install_on_all_connections():
    connection_created.connect(install, dispatch_uid="crocoos.page_cache.install")
    for connection in connections.all(initialized_only=True):
        install(connection=connection)


def _generation():
    generation = _cache().get(GENERATION_KEY)
    if generation is None:
        _cache().add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        generation = _cache().get(GENERATION_KEY)
    return generation


def _key(request, parts):
    user = request.user
    verified = getattr(user, "is_verified", lambda: False)()
    htmx = getattr(request, "htmx", False)
    what = [
        request.get_full_path(),
        user.pk,
        get_language(),
        timezone.localdate().isoformat(),
        request.META.get("CSRF_COOKIE", ""),
        verified,
        bool(htmx) and (htmx.target or "", htmx.trigger or ""),
        *parts,
    ]
    return "page:" + hashlib.sha256(repr(what).encode()).hexdigest()


def _cacheable(request):
    return (
        enabled()
        and request.method in ("GET", "HEAD")
        and request.user.is_authenticated
        and request.META.get("CSRF_COOKIE")  # the page's forms carry a token of this secret
        and not len(get_messages(request))  # base.html would show them once, and only once
    )


def cached(request, build, *parts, guard=None):
    """What `build()` returns for this user and address, from the cache while no data has changed.

    `build` returns something picklable (the HTML, or the HTML and what the view needs besides).
    `parts`: anything else the page depends on that the address does not say. `guard`: the view's
    permission check (raises Http404), run before a kept page is served; `build` checks on its own.
    """
    if not _cacheable(request):
        return build()
    key = _key(request, parts)
    try:
        found = _cache().get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY) or _generation()
    except Exception:
        logger.exception("page cache unreachable: the page is built")
        return build()
    entry = found.get(key)
    if entry is not None and entry[0] == generation:
        if guard is not None:
            guard()
        get_token(request)  # as rendering the page's forms would: the CSRF cookie stays set
        return entry[1]
    value = build()  # read after the generation: a change while building leaves this entry stale
    later = getattr(request, _KEEP_AFTER, None)
    if later is not None:
        later.append((key, (generation, value)))
    else:
        _keep(key, (generation, value))
    return value


def _keep(key, entry):
    try:
        _cache().set(key, entry, timeout=settings.PAGE_CACHE_SECONDS)
    except Exception:
        logger.exception("page cache: the page could not be kept")


# The pages KeepAfterResponseMiddleware keeps once the response has been sent: [(key, entry)].
_KEEP_AFTER = "_page_cache_keep_after"


class KeepAfterResponseMiddleware:
    """Keep a page built in this request once it has been sent, not before (issue 7): its SET (a
    round trip to Redis and the pickling of the page, ~0.25 ms) no longer delays every page built
    after a change. The WSGI server closes the response after writing it (gunicorn: before the
    connection is closed); Django runs the response's closers then. The worker does the same work,
    so throughput does not change; only the wait does. A page whose response is not a 200 (it
    failed after it was built) is not kept. Without this middleware cached() keeps pages at once."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        later = []
        setattr(request, _KEEP_AFTER, later)
        response = self.get_response(request)
        if later and response.status_code == 200 and not response.streaming:
            # (_resource_closers: what HttpResponseBase.close() calls, as for FileResponse's file)
            response._resource_closers.extend(functools.partial(_keep, key, entry) for key, entry in later)
        return response


def render(request, template_name, build_context, *parts):
    """`shortcuts.render` with the context built, and the page rendered, only when not cached."""
    return HttpResponse(cached(request, lambda: render_to_string(template_name, build_context(), request), *parts))
