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
from django.db.models.query import ValuesListIterable
from django.utils import timezone

from .access import access_for

# The statements of the last hundred or so users' lists (up to a dozen each; ~7 KB each, measured).
MAX_STATEMENTS = 1024

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
    alias, sql, params, col_count, converters = statement
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    # What django.db.models.query.ValuesListIterable returns (SQLCompiler.results_iter): the
    # selected columns (not those only the ordering needed), through the ORM's converters.
    if not converters:
        return [row[:col_count] if len(row) > col_count else row for row in fetched]
    result = []
    for row in fetched:
        row = list(row[:col_count])
        for position, functions, expression in converters:
            for function in functions:
                row[position] = function(row[position], expression, connection)
        result.append(tuple(row))
    return result


def _compile(queryset):
    if queryset._iterable_class is not ValuesListIterable:
        raise TypeError("compiled_rows.rows() needs a values_list() queryset (not flat, not named)")
    compiler = queryset.query.get_compiler(queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return _EMPTY
    # Only the statement and its converters are kept, not the query (a fraction of the memory).
    fields = [column[0] for column in compiler.select[: compiler.col_count]]
    if compiler.has_composite_fields(fields):
        raise TypeError("compiled_rows.rows() does not read composite primary keys")
    converters = [
        (position, functions, expression)
        for position, (functions, expression) in compiler.get_converters(fields).items()
    ]
    return queryset.db, sql, tuple(params), compiler.col_count, converters


def forget():
    """Drop every kept statement (tests)."""
    with _lock:
        _statements.clear()
