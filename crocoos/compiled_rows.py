"""Rows of read-only lists whose SQL is built once per user and day, not on every request (issue 7).

Building a queryset and compiling it to SQL (filter(), annotate(), as_sql()) costs the home page's
lists 0.5-2 ms of Python each at 100x, more than PostgreSQL takes to answer most of them. The SQL
and parameters of such a list depend on nothing but who asks (the user, their memberships, their
directory entries) and the day, never on the data: so `rows(key, build)` compiles `build()` the
first time a `key` is seen and, for that key again, runs the same statement, with the same
converters the ORM applies to its values (dates on SQLite, for one). The data are read every time.

`key` must name everything `build` reads: see `user_key`. Statements go through the connection's
cursor like any ORM query (query counts in tests, the page cache's watch on writes).
"""

import threading
from collections import OrderedDict

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.utils import timezone

from .access import access_for

# The statements of the last few hundred users' lists (a dozen each at most).
MAX_STATEMENTS = 4096

_statements = OrderedDict()
_lock = threading.Lock()
# A statement that returns no row without asking the database (a filter on an empty list of ids).
_EMPTY = object()


def user_key(user, *more):
    """What a user's lists are built from: the user, every membership (roles per school and area,
    installation administrator), the classes they teach, the day; and `more` (directory entries)."""
    access = access_for(user)
    return (
        user.pk,
        tuple(sorted((pk, tuple(sorted(roles))) for pk, roles in access.school_roles.items())),
        tuple(sorted((pk, tuple(sorted(roles))) for pk, roles in access.area_roles.items())),
        access.is_installation_admin,
        tuple(sorted(access.taught_class_ids)),
        timezone.localdate(),
        *more,
    )


def rows(key, build):
    """The rows (tuples, in the order of its values_list) of the queryset `build()` returns,
    compiled once for `key`. `build` must return a values_list() queryset (not flat, not named)."""
    with _lock:
        statement = _statements.get(key)
        if statement is not None:
            _statements.move_to_end(key)
    if statement is None:
        statement = _compile(build())
        with _lock:
            _statements[key] = statement
            while len(_statements) > MAX_STATEMENTS:
                _statements.popitem(last=False)
    if statement is _EMPTY:
        return []
    alias, sql, params, compiler, order = statement
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    result = compiler.results_iter(results=[fetched], tuple_expected=True)
    if order is None:
        return list(result)
    return [tuple(row[index] for index in order) for row in result]


def _compile(queryset):
    query = queryset.query
    compiler = query.get_compiler(queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return _EMPTY
    # The columns come as extra, fields, annotations; values_list() names them in its own order
    # (as django.db.models.query.ValuesListIterable reorders them).
    names = [*query.extra_select, *query.values_select, *query.annotation_select]
    fields = [*queryset._fields, *(name for name in query.annotation_select if name not in queryset._fields)]
    order = None if fields == names else tuple(names.index(name) for name in fields)
    return queryset.db, sql, tuple(params), compiler, order


def forget():
    """Drop every kept statement (tests)."""
    with _lock:
        _statements.clear()
