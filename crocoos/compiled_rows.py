"""Read-only statements compiled once and run again (issue 7), in two forms: `rows(key, build)`,
the lists of a user (SQL built once per user and day), and `PreparedRows`, lists the same for
every user but for an id (a case's rows, a meeting's).

Building a queryset and compiling it to SQL (filter(), annotate(), as_sql()) costs the home page's
lists 0.5-2 ms of Python each at 100x, more than PostgreSQL takes to answer most of them. The SQL
and parameters of such a list depend on nothing but who asks (the user, their memberships, their
directory entries) and the day, never on the data: so `rows(key, build)` compiles `build()` the
first time a `key` is seen and, for that key again, runs the same statement, with the same
converters the ORM applies to its values (dates on SQLite, for one). The data are read every time.

`key` must name everything `build` reads: see `user_key`. Statements go through the connection's
cursor like any ORM query (query counts in tests, the page cache's watch on writes).

On PostgreSQL both forms are also *prepared* statements of the database session (see `_fetchall`):
psycopg2 puts the parameters into the SQL text, so PostgreSQL would parse and plan each statement
again on every request, which costs these pages more than running them.
"""

import datetime
import decimal
import itertools
import re
import threading
import uuid
from collections import OrderedDict

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.models.query import ValuesListIterable, get_related_populators
from django.utils import timezone

from .access import access_for

# The statements of the last hundred or so users' lists (up to a dozen each; ~7 KB each, measured).
MAX_STATEMENTS = 1024

_statements = OrderedDict()
_lock = threading.Lock()
# A statement that returns no row without asking the database (a filter on an empty list of ids).
_EMPTY = object()
# Stands for a word of a search while its statement is compiled (see rows()): a character no word has.
_STAND_IN = "\x00"


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


def rows(key, build, words=()):
    """The rows (tuples, in the order of its values_list) of the queryset `build()` returns,
    compiled once for `key`. `build` must return a values_list() queryset (not flat, not named).

    `words`: the words of a search, which `build(*stand_ins)` may only match with `contains` or
    `icontains` (LIKE '%word%'): the statement is compiled once with stand-ins and run with each
    word in its place, escaped as those lookups escape it, so that one statement serves every
    search of its shape. `key` then names the shape (the number of words, whatever else `build`
    reads from them) instead of the words."""
    with _lock:
        statement = _statements.get(key)
        if statement is not None:
            _statements.move_to_end(key)
    if statement is None:
        stand_ins = tuple(f"{_STAND_IN}{number}{_STAND_IN}" for number in range(len(words)))
        statement = _compile(build(*stand_ins), stand_ins)
        with _lock:
            _statements[key] = statement
            while len(_statements) > MAX_STATEMENTS:
                _statements.popitem(last=False)
    if statement is _EMPTY:
        return []
    alias, sql, params, col_count, converters, word_places = statement
    connection = connections[alias]
    if word_places:
        params = list(params)
        for position, number in word_places:
            params[position] = f"%{connection.ops.prep_for_like_query(words[number])}%"
    fetched = _fetchall(connection, sql, params, [position for position, _number in word_places])
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


def _compile(queryset, stand_ins=()):
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
    return queryset.db, sql, tuple(params), compiler.col_count, converters, _word_places(params, stand_ins)


def _word_places(params, stand_ins):
    """(position in `params`, number of the word) of each LIKE pattern of a stand-in."""
    places = []
    for position, value in enumerate(params):
        for number, stand_in in enumerate(stand_ins):
            if isinstance(value, str) and stand_in in value:
                if value != f"%{stand_in}%":
                    raise ValueError(f"a word used other than by contains or icontains: {value!r}")
                places.append((position, number))
    return tuple(places)


def forget():
    """Drop every kept statement (tests)."""
    with _lock:
        _statements.clear()


# Prepared statements (PostgreSQL).
#
# The first time a statement runs in a database session it is sent as
#     PREPARE crc_<n> (<types>) AS <its SQL>; EXECUTE crc_<n>(%s, …)
# (after "DEALLOCATE crc_<m>; " if MAX_PREPARED are already prepared)
# and from then on as `EXECUTE crc_<n>(%s, …)` alone: one round trip, one query either way (query
# counts in tests stay as they were). PostgreSQL then parses the statement once per session and,
# after five runs, keeps one generic plan when it costs no more than the plans made for the values.
#
# Only the ids (integers) and the words of a search are parameters of the prepared statement ($1,
# $2, …; what differs between users and pages). Every other value (a status, the day, a flag) is a
# constant of the statement, written into it as before: a generic plan then still uses the partial
# indexes on a status and the estimates for the day, and the statement means what it meant.
# Integers are declared as the type PostgreSQL gave the number in the SQL (integer, or bigint),
# words as text of no type yet (typed by their place, as a quoted string was), so the statement
# returns the same columns of the same types; a list (an array) is declared as its ARRAY[…] was
# typed. A statement with a value of another type (not in _CONSTANTS) is sent as before. The
# constants are fixed for a key (rows()) or for good (PreparedRows), so they do not make a new
# statement on each request.
#
# What is prepared is known per DB-API connection (a session of the server): a connection closed and
# opened again (CONN_MAX_AGE, health checks, tests) starts with none. Prepared statements outlive a
# rolled-back transaction, so a PREPARE that may have gone through before an error (its EXECUTE
# failed) is never trusted nor repeated: its name is not used again on that connection. The names
# crc_<n> are this module's (crocoos/page_cache.py takes them for reads).

# Statements prepared in one session at most, the most recently used (all bench pages prepare 45,
# ~75 KB of the server's memory each, measured): the one used least recently is dropped (DEALLOCATE,
# in the same round trip) to prepare another.
MAX_PREPARED = 100
# Tests: each statement prepared is also run as plain SQL, and must return the same rows and types.
VERIFY = False
# PostgreSQL error "prepared statement … does not exist": something dropped them (DISCARD ALL).
_NO_SUCH_STATEMENT = "26000"
_INT4 = range(-(2**31), 2**31)
_INT8 = range(-(2**63), 2**63)
# Values written into a prepared statement as constants (their types as psycopg2 writes them)
_CONSTANTS = (str, bool, float, decimal.Decimal, datetime.date, datetime.time, datetime.timedelta, uuid.UUID)
_ARRAY_OF = {"integer": "integer[]", "bigint": "bigint[]", "unknown": "text[]"}  # ARRAY[1, 2], ARRAY['a']


class _Session:
    """The statements prepared on one DB-API connection, kept on Django's connection (one a thread)."""

    def __init__(self, dbapi_connection):
        self.dbapi_connection = dbapi_connection
        self.names = itertools.count(1)
        self.statements = OrderedDict()  # (sql, parameter types, constants): (name, EXECUTE statement)


def _session(connection):
    session = getattr(connection, "_prepared_session", None)
    if session is None or session.dbapi_connection is not connection.connection:  # a new connection
        session = connection._prepared_session = _Session(connection.connection)
    return session


def _type_of(value):
    """The type PostgreSQL gives the literal psycopg2 writes for an integer, a string or a list of
    them (a string: none yet, "unknown"); None for anything else."""
    if isinstance(value, str):
        return "unknown"
    if isinstance(value, int) and not isinstance(value, bool):
        return "integer" if value in _INT4 else "bigint" if value in _INT8 else None
    if isinstance(value, list):
        if not value:
            return "unknown"  # '{}'
        types = {_type_of(item) for item in value}
        return _ARRAY_OF.get(types.pop()) if len(types) == 1 else None
    return None


def _fetchall(connection, sql, params, words=()):
    """cursor.execute(sql, params) and fetchall(), through a prepared statement on PostgreSQL.
    `words`: the positions of the parameters that are words of a search."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and settings.PREPARED_STATEMENTS:
            fetched = _run_prepared(connection, cursor, sql, params, words)
            if fetched is not None:
                return fetched
        cursor.execute(sql, params)
        return cursor.fetchall()


def _run_prepared(connection, cursor, sql, params, words):
    """The rows, or None if the statement is not prepared (nothing sent)."""
    places, passed, types, constants = [], [], [], []  # places: True for a parameter, False a constant
    for position, value in enumerate(params):
        if position in words or (isinstance(value, (int, list)) and not isinstance(value, bool)):
            kind = _type_of(value)
            if kind is None:
                return None
            passed.append(value)
            types.append(kind)
            places.append(True)
        elif value is None or isinstance(value, _CONSTANTS):
            constants.append(value)
            places.append(False)
        else:
            return None
    session = _session(connection)
    # the constants with their types: True == 1 == Decimal(1), datetime(2024, 1, 1) is no date
    key = (sql, tuple(types), tuple(constants), tuple(map(type, constants)))
    prepared = session.statements.get(key)
    if prepared is not None:
        session.statements.move_to_end(key)
        try:
            cursor.execute(prepared[1], passed)
        except DatabaseError as error:
            if getattr(error.__cause__, "pgcode", None) == _NO_SUCH_STATEMENT:
                session.statements.clear()  # prepared again the next time, under new names
            raise
        return cursor.fetchall()
    dropped = ""
    if len(session.statements) >= MAX_PREPARED:
        dropped = f"DEALLOCATE {session.statements.popitem(last=False)[1][0]}; "
    name = f"crc_{next(session.names)}"
    execute = f"EXECUTE {name}({', '.join(['%s'] * len(passed))})" if passed else f"EXECUTE {name}"
    declared = f" ({', '.join(types)})" if types else ""
    sent = f"{dropped}PREPARE {name}{declared} AS {_numbered(sql, places)}; {execute}"
    cursor.execute(sent, [*constants, *passed])
    session.statements[key] = (name, execute)
    fetched = cursor.fetchall()
    if VERIFY:
        _verify(connection, sql, params, fetched, cursor.description)
    return fetched


def _numbered(sql, places):
    """`sql` with the %s of its parameters made $1, $2, … (psycopg2 writes the constants in the others'
    places). '%%' stays: psycopg2 makes it '%' as before."""
    numbers = itertools.count(1)
    places = iter(places)
    return re.sub(
        r"%[%s]", lambda found: "%%" if found[0] == "%%" else f"${next(numbers)}" if next(places) else "%s", sql
    )


def _verify(connection, sql, params, fetched, description):
    """Tests: the statement prepared returns what its SQL with the values in it returns."""
    with connection.connection.cursor() as plain:  # not a query of the page (query counts)
        plain.execute(sql, params)
        expected = plain.fetchall()
        types = [column.type_code for column in plain.description]
    if types != [column.type_code for column in description] or expected != fetched:
        raise AssertionError(f"prepared, not the same rows or types: {sql} {params}")


def sessions_prepared(connection):
    """The EXECUTE statements prepared on `connection`'s current session (tests)."""
    session = getattr(connection, "_prepared_session", None)
    current = session is not None and session.dbapi_connection is connection.connection
    return {key: execute for key, (_name, execute) in session.statements.items()} if current else {}


# Statements the same for every user, run again with other ids.
#
# Read-only queries compiled once and run again with other parameters (issue 7).
#
# Django builds and compiles a queryset anew each time it is read: 0.2-0.5 ms of Python for each small
# list of a page on this CPU, more than PostgreSQL takes to answer it. A list whose SQL is the same
# for every page but for an id (a case's action rows, a meeting's invitations) can be compiled once
# per database connection and read again with the other id, its values turned into Python (and into
# model instances, select_related rows included) by the same compiler, as the queryset would.


class PreparedRows:
    """The rows of the queryset `build(*ids)` makes, its SQL compiled once per connection.

    `build(*ids)` makes the queryset for these ids (integers, such as a meeting's key); its SQL must
    be the same for any ids, and its other parameters constants (a Value(1) of an EXISTS): nothing
    read from the clock, the user or the request, which would be kept as first read. When compiled,
    the ids' places among the SQL's parameters are found by compiling it for other ids too (anything
    else raises ValueError). Call it for the rows as tuples (values_list querysets), or
    `instances(*ids)` for the model instances."""

    def __init__(self, build):
        self.build = build

    def _compile(self, connection, ids):
        # Kept on the connection (one per thread), so that it goes with it: its compiler holds it.
        kept = connection.__dict__.setdefault("_prepared_rows", {})
        compiled = kept.get(self)
        if compiled is None:
            if not all(type(value) is int for value in ids):
                raise ValueError(f"ids only: {ids}")
            compiler = self.build(*ids).query.get_compiler(using=connection.alias)
            sql, first = compiler.as_sql()
            others = tuple(value + 1 for value in ids)
            other_sql, second = self.build(*others).query.get_compiler(using=connection.alias).as_sql()
            if other_sql != sql or len(first) != len(second) or compiler.has_extra_select:
                raise ValueError(f"not the same query for other ids: {sql}")
            # each parameter: (True, the position of its id) or (False, a constant)
            parameters = []
            for value, other in zip(first, second, strict=True):
                if value == other:
                    parameters.append((False, value))
                    continue
                pairs = enumerate(zip(ids, others, strict=True))
                places = [i for i, pair in pairs if pair == (value, other)]
                if len(places) != 1:
                    raise ValueError(f"a parameter that is not one of the ids: {value}")
                parameters.append((True, places[0]))
            compiled = kept[self] = (sql, compiler, parameters, {})
        return compiled

    def _fetch(self, ids):
        connection = connections[DEFAULT_DB_ALIAS]
        sql, compiler, parameters, made = self._compile(connection, ids)
        rows = _fetchall(connection, sql, [ids[value] if is_id else value for is_id, value in parameters])
        return compiler.results_iter(results=[rows]), compiler, made

    def __call__(self, *ids):
        rows, _compiler, _made = self._fetch(ids)
        return [tuple(row) for row in rows]

    def instance(self, *ids):
        """The first of instances(*ids), or None (a row read by its key)."""
        return next(iter(self.instances(*ids)), None)

    def instances(self, *ids):
        """Model instances as the queryset's ModelIterable makes them (related rows of
        select_related, annotations); no related manager's known objects."""
        rows, compiler, made = self._fetch(ids)
        if not made:
            klass_info, select = compiler.klass_info, compiler.select
            first, last = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
            made.update(
                model=klass_info["model"],
                span=slice(first, last),
                init_list=[column[0].target.attname for column in select[first:last]],
                populators=get_related_populators(klass_info, select, compiler.using),
                annotations=list((compiler.annotation_col_map or {}).items()),
            )
        model, span, init_list = made["model"], made["span"], made["init_list"]
        populators, annotations, db = made["populators"], made["annotations"], compiler.using
        objects = []
        for row in rows:
            obj = model.from_db(db, init_list, row[span])
            for populator in populators:
                populator.populate(row, obj)
            for name, position in annotations:
                setattr(obj, name, row[position])
            objects.append(obj)
        return objects
