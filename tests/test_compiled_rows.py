"""crocoos.compiled_rows: SQL built once per key, rows read every time, as values_list() reads them."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.db import DataError, OperationalError, ProgrammingError, connection, transaction
from django.db.models import Count, Value
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from psycopg2.extras import Json

from cases.models import ActionItem, Concern, Student
from crocoos import compiled_rows, page_cache
from crocoos.access import NOTHING, forget_access
from crocoos.models import Membership, Role, School
from directory.models import OutsidePartner

from .cases.factories import ActionItemFactory, CaseFactory, ConcernFactory, OutsidePartnerFactory
from .factories import StudentFactory


@pytest.fixture(autouse=True)
def _no_kept_statements():
    compiled_rows.forget()
    yield
    compiled_rows.forget()


_keys = itertools.count()


def _rows_twice(queryset_of):
    """The rows through compiled_rows (built then kept) and through the ORM, for each of two calls."""
    built = []

    def build():
        built.append(1)
        return queryset_of()

    key = ("test", next(_keys))
    first = compiled_rows.rows(key, build)
    again = compiled_rows.rows(key, build)
    assert len(built) == 1
    return first, again, list(queryset_of())


def test_rows_are_what_values_list_reads_with_its_converters(world):
    ConcernFactory(student=world.student_a, date=datetime.date(2024, 2, 29))
    first, again, orm = _rows_twice(
        lambda: Concern.objects.order_by("id").values_list("date", "student__last_name", "logged_at", "categories")
    )
    assert first == again == orm
    assert isinstance(first[0][0], datetime.date) and isinstance(first[0][2], datetime.datetime)


def test_annotations_before_fields_and_unions_keep_values_lists_order(world):
    OutsidePartnerFactory(area=world.area, user=world.partner)
    first, again, orm = _rows_twice(
        lambda: (
            OutsidePartner.objects.filter(user=world.partner)
            .annotate(kind=Value("partner"))
            .values_list("kind", "pk")
            .order_by()
            .union(School.objects.annotate(kind=Value("school")).order_by().values_list("kind", "pk"))
        )
    )
    assert sorted(first) == sorted(again) == sorted(orm)
    assert {kind for kind, _pk in first} == {"partner", "school"}
    first, again, orm = _rows_twice(
        lambda: School.objects.annotate(n=Count("students")).order_by("area__name", "name").values_list("n", "name")
    )
    assert first == again == orm


def test_the_data_are_read_every_time(world):
    def students():
        return Student.objects.filter(school=world.school1).order_by("id").values_list("last_name")

    before = compiled_rows.rows(("students",), students)
    StudentFactory(school_class=world.class_a, last_name="Újonnan")
    after = compiled_rows.rows(("students",), students)
    assert after == list(students()) and len(after) == len(before) + 1
    with CaptureQueriesContext(connection) as queries:
        compiled_rows.rows(("students",), students)
    assert len(queries) == 1


def test_a_filter_on_no_ids_asks_nothing(world):
    with CaptureQueriesContext(connection) as queries:
        assert compiled_rows.rows(("none",), lambda: Student.objects.filter(NOTHING).values_list("id")) == []
        assert compiled_rows.rows(("none",), lambda: Student.objects.filter(NOTHING).values_list("id")) == []
    assert len(queries) == 0


@pytest.mark.parametrize(
    "queryset_of",
    [
        lambda: Student.objects.all(),
        lambda: Student.objects.values("id"),
        lambda: Student.objects.values_list("id", flat=True),
        lambda: Student.objects.values_list("id", named=True),
    ],
)
def test_only_plain_values_lists_are_taken(world, queryset_of):
    with pytest.raises(TypeError):
        compiled_rows.rows(("other",), queryset_of)


def test_the_key_names_the_user_memberships_classes_and_day(world, monkeypatch):
    key = compiled_rows.user_key(world.coordinator, (1,))
    assert key == compiled_rows.user_key(world.coordinator, (1,))
    assert key != compiled_rows.user_key(world.coordinator, (2,))
    assert key != compiled_rows.user_key(world.coordinator2, (1,))
    Membership.objects.create(user=world.coordinator, role=Role.EWS_MEMBER, school=world.school2)
    forget_access(world.coordinator)
    assert key != compiled_rows.user_key(world.coordinator, (1,))
    teacher = compiled_rows.user_key(world.teacher)
    world.class_b.teachers.add(world.teacher)
    forget_access(world.teacher)
    teaching_more = compiled_rows.user_key(world.teacher)
    assert teacher != teaching_more
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args: tomorrow)
    assert compiled_rows.user_key(world.teacher) != teaching_more


def test_home_page_shows_changes_made_after_its_sql_was_kept(client, world):
    client.force_login(world.followup)
    assert "1 young person" in client.get(reverse("home")).content.decode()
    StudentFactory(school_class=None, school=None, area=world.area)
    ConcernFactory(student=world.register_student)
    page = client.get(reverse("home")).content.decode()
    assert "2 young people" in page
    assert "1 new concern to decide on" in page


def _table(response):
    page = response.content.decode()
    return page[page.index("<table") : page.index("</table>")]


def test_my_actions_rows_name_the_responsible_as_the_action_rows_do(client, world):
    """The first page's rows (compiled_rows) and a page of ActionItem rows (any other page number
    reads them through the ORM) render the same table."""
    entry = OutsidePartnerFactory(area=world.area, user=world.ews, contact_name="Kari Kontakt")
    case = CaseFactory(student=world.student_a)
    today = timezone.localdate()
    nameless = type(world.ews).objects.create_user(email="nameless@test.example.org", password="x", full_name="")
    rows = [
        {"responsible_user": world.ews, "responsible_name": "Named by hand"},
        {"responsible_user": world.ews},
        {"responsible_partner": entry},
        {"responsible_partner": entry, "responsible_user": nameless},
        {"responsible_partner": entry, "responsible_institute": "NAV Løvås", "status": ActionItem.Status.DONE},
    ]
    for days, fields in enumerate(rows, start=-2):
        fields = {"responsible_name": "", "responsible_institute": "", **fields}
        ActionItemFactory(case=case, deadline=today + datetime.timedelta(days=days), **fields)
    ActionItemFactory(case=case, responsible_user=world.ews, deadline=None)
    client.force_login(world.ews)
    for show in ("open", "all"):
        first = _table(client.get(reverse("action_mine"), {"show": show}))
        through_orm = _table(client.get(reverse("action_mine"), {"show": show, "page": "x"}))
        assert first == through_orm
    assert "Kari Kontakt" in first and "Named by hand" in first and "NAV Løvås" in first


@pytest.mark.parametrize("also_ews", [False, True])
def test_home_datalist_is_the_concern_forms_datalist(client, world, also_ews):
    """The teacher's home page names each student's class from the classes it lists (or, for a
    teacher who also sees the whole school, from the join): the same options as the concern form's."""
    from cases.views.concerns import datalist_options

    world.class_b.teachers.add(world.teacher)
    StudentFactory(school_class=world.class_b, first_name="Zoë", last_name="Ákos", date_of_birth=None)
    if also_ews:
        Membership.objects.create(user=world.teacher, role=Role.EWS_MEMBER, school=world.school1)
    forget_access(world.teacher)
    client.force_login(world.teacher)
    options = client.get(reverse("home")).context["concern_student_options"]
    forget_access(world.teacher)
    assert options == datalist_options(world.teacher)
    assert "Zoë Ákos (9.B)" in options


@pytest.mark.parametrize("area_admin", [False, True])
def test_administration_counts_are_the_querysets_counts(client, world, area_admin):
    from crocoos.access import access_for
    from crocoos.models import Area, User

    user = world.admin
    if area_admin:
        user = User.objects.create_user(email="area-admin@test.example.org", password="x")
        Membership.objects.create(user=user, role=Role.ADMINISTRATOR, area=world.area)
    User.objects.create_user(email="gone@test.example.org", password="x", is_active=False)
    client.force_login(user)
    counts = client.get(reverse("home")).context["admin_counts"]
    forget_access(user)
    schools = access_for(user).visible_schools().count()
    assert counts == {
        "areas": Area.objects.count(),
        "schools": schools,
        "users": User.objects.filter(is_active=True).count(),
    }
    assert schools == (2 if area_admin else School.objects.count())


@pytest.mark.parametrize("lookup", ["contains", "icontains"])
def test_words_are_the_parameters_of_one_statement(world, lookup):
    """A search's words take the places of their stand-ins in one statement, escaped as the lookups
    escape them: each search reads what its own queryset reads."""
    StudentFactory(school_class=world.class_a, last_name="Kovács_50%")
    StudentFactory(school_class=world.class_a, last_name="Kovacsx50y")
    built = []

    def students(*words):
        built.append(words)
        result = Student.objects.order_by("id")
        for word in words:
            result = result.filter(**{f"search_name__{lookup}": word})
        return result.values_list("id", "last_name")

    for words in (["kovacs"], ["s_50%"], ["_"], ["%"], ["x50"], ["\\"], ["nobody"]):
        assert compiled_rows.rows(("search", lookup, 1), students, words) == list(students(*words)), words
    assert compiled_rows.rows(("search", lookup, 2), students, ["kov", "50%"]) == list(students("kov", "50%"))
    assert compiled_rows.rows(("search", lookup, 1), students, ["s_50%"]) == list(students("s_50%"))
    assert len([words for words in built if words and words[0].startswith("\x00")]) == 2  # compiled once a shape


def test_words_used_other_than_by_contains_are_refused(world):
    with pytest.raises(ValueError, match="other than by contains"):
        compiled_rows.rows(("exact",), lambda word: Student.objects.filter(last_name=word).values_list("id"), ["x"])
    with pytest.raises(ValueError, match="other than by contains"):
        compiled_rows.rows(
            ("startswith",), lambda word: Student.objects.filter(last_name__startswith=word).values_list("id"), ["x"]
        )


# Prepared statements (PostgreSQL): once per database session, then only EXECUTE.

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements: PostgreSQL only")


@pytest.fixture
def new_session(db):
    """As if the connection were new: none of the statements earlier tests prepared."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DEALLOCATE ALL")
        connection._prepared_session = None


def _students(world):
    return lambda: Student.objects.filter(school=world.school1).order_by("id").values_list("id", "last_name")


@on_postgresql
def test_a_statement_is_prepared_once_a_session_then_executed(new_session, world):
    build = _students(world)
    with CaptureQueriesContext(connection) as queries:
        first = compiled_rows.rows(("prepared",), build)
        again = compiled_rows.rows(("prepared",), build)
    assert first == again == list(build())
    assert [query["sql"].split(" ", 1)[0] for query in queries] == ["PREPARE", "EXECUTE"]
    assert queries[0]["sql"].startswith("PREPARE crc_") and "; EXECUTE crc_" in queries[0]["sql"]
    assert list(compiled_rows.sessions_prepared(connection).values()) == [queries[1]["sql"].split("(")[0] + "(%s)"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE name LIKE 'crc%%'")
        assert cursor.fetchone() == (1,)


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_new_session_prepares_again(world):
    build = _students(world)
    compiled_rows.rows(("prepared",), build)
    assert compiled_rows.sessions_prepared(connection)
    connection.close()  # as CONN_MAX_AGE or a failed health check would
    assert compiled_rows.sessions_prepared(connection) == {}
    with CaptureQueriesContext(connection) as queries:
        first = compiled_rows.rows(("prepared",), build)
        again = compiled_rows.rows(("prepared",), build)
    assert first == again == list(build())
    assert [query["sql"].split(" ", 1)[0] for query in queries] == ["PREPARE", "EXECUTE"]


@on_postgresql
def test_the_same_sql_for_other_users_is_one_statement_of_the_session(new_session, world):
    """Per-user lists with the same SQL share one prepared statement; another type of value does not."""
    for key, school in (("one", world.school1), ("two", world.school2), ("one", world.school1)):
        compiled_rows.rows((key,), lambda school=school: Student.objects.filter(school=school).values_list("id"))
    assert len(compiled_rows.sessions_prepared(connection)) == 1


@on_postgresql
def test_values_keep_the_types_of_the_values_in_the_sql(world):
    """A parameter in the SELECT list is typed as its value in the SQL was (Value(1) an integer)."""
    day = datetime.date(2024, 2, 29)
    when = timezone.now()
    for _ in range(2):
        first, again, orm = _rows_twice(
            lambda: (
                School.objects.filter(pk=world.school1.pk)
                .annotate(one=Value(1), big=Value(2**40), word=Value("x"), day=Value(day), when=Value(when))
                .annotate(yes=Value(True))
                .values_list("one", "big", "word", "day", "when", "yes", "name")
            )
        )
        assert first == again == orm == [(1, 2**40, "x", day, when, True, world.school1.name)]


@on_postgresql
def test_a_statement_postgresql_cannot_prepare_fails_and_is_not_taken_as_prepared(new_session, world):
    with pytest.raises(ProgrammingError, match="could not determine data type"), transaction.atomic():
        compiled_rows._fetchall(connection, "SELECT 1 WHERE %s IS NULL", ["x"], words=[0])
    assert compiled_rows.sessions_prepared(connection) == {}


@on_postgresql
def test_a_name_that_may_have_been_prepared_before_an_error_is_not_used_again(new_session, world):
    """PREPARE outlives the failed EXECUTE of the same round trip, and a rolled-back transaction."""
    with pytest.raises(DataError, match="division by zero"), transaction.atomic():
        compiled_rows._fetchall(connection, "SELECT 1 / %s", [0])
    with transaction.atomic():
        assert compiled_rows._fetchall(connection, "SELECT 1 / %s", [1]) == [(1,)]
        transaction.set_rollback(True)
    assert compiled_rows._fetchall(connection, "SELECT 1 / %s", [1]) == [(1,)]
    assert list(compiled_rows.sessions_prepared(connection).values()) == ["EXECUTE crc_2(%s)"]  # crc_1 not again


@on_postgresql
def test_statements_dropped_by_the_session_are_prepared_again(new_session, world):
    build = _students(world)
    compiled_rows.rows(("prepared",), build)
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    with pytest.raises(OperationalError, match="does not exist"), transaction.atomic():
        compiled_rows.rows(("prepared",), build)
    with CaptureQueriesContext(connection) as queries:
        assert compiled_rows.rows(("prepared",), build) == list(build())
    assert queries[0]["sql"].startswith("PREPARE crc_2 ")  # not crc_1 again: it may be left (DEALLOCATE crc_1)


@on_postgresql
def test_ids_and_words_are_parameters_other_values_constants_of_the_statement(new_session, world):
    """A status in the statement (a partial index's condition) is seen by a generic plan."""
    with CaptureQueriesContext(connection) as queries:
        sql = "SELECT %s::text, %s, %s, %s, %s WHERE %s LIKE %s"
        params = ["open", datetime.date(2024, 2, 29), 7, None, Decimal("1.5"), "abc", "%b%"]
        assert compiled_rows._fetchall(connection, sql, params, words=[6]) == [("open", *params[1:5])]
        assert compiled_rows._fetchall(connection, sql, [*params[:-1], "%x%"], words=[6]) == []
    assert queries[0]["sql"] == (
        "PREPARE crc_1 (integer, unknown) AS SELECT 'open'::text, '2024-02-29'::date, $1, NULL, 1.5"
        " WHERE 'abc' LIKE $2; EXECUTE crc_1(7, '%b%')"
    )
    assert queries[1]["sql"] == "EXECUTE crc_1(7, '%x%')"


@on_postgresql
def test_the_statement_used_least_recently_makes_room(new_session, world, monkeypatch):
    monkeypatch.setattr(compiled_rows, "MAX_PREPARED", 2)
    for sql in ("SELECT %s", "SELECT %s + 1", "SELECT %s"):
        compiled_rows._fetchall(connection, sql, [1])
    with CaptureQueriesContext(connection) as queries:
        assert compiled_rows._fetchall(connection, "SELECT %s + 2", [1]) == [(3,)]
    assert queries[0]["sql"] == "DEALLOCATE crc_2; PREPARE crc_3 (integer) AS SELECT $1 + 2; EXECUTE crc_3(1)"
    assert list(compiled_rows.sessions_prepared(connection).values()) == ["EXECUTE crc_1(%s)", "EXECUTE crc_3(%s)"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements ORDER BY name")
        assert cursor.fetchall() == [("crc_1",), ("crc_3",)]


@on_postgresql
def test_values_of_other_types_are_sent_as_before(world):
    with CaptureQueriesContext(connection) as queries:
        assert compiled_rows._fetchall(connection, "SELECT 1 WHERE 2 IN %s", [(1, 2)]) == [(1,)]
        assert compiled_rows._fetchall(connection, "SELECT %s::jsonb", [Json({"a": 1})]) == [('{"a": 1}',)]
        assert compiled_rows._fetchall(connection, "SELECT %s", [2**70]) == [(2**70,)]
    assert [query["sql"] for query in queries] == [
        "SELECT 1 WHERE 2 IN (1, 2)",
        "SELECT '{\"a\": 1}'::jsonb",
        f"SELECT {2**70}",
    ]


def test_nothing_is_prepared_without_the_setting(world, settings):
    settings.PREPARED_STATEMENTS = False
    build = _students(world)
    with CaptureQueriesContext(connection) as queries:
        compiled_rows.rows(("prepared",), build)
        compiled_rows.rows(("prepared",), build)
    assert [query["sql"].split(" ", 1)[0] for query in queries] == ["SELECT", "SELECT"]


@on_postgresql
def test_prepared_reads_keep_kept_pages_and_writes_drop_them(new_session, world):
    generation = page_cache._generation()
    build = _students(world)
    compiled_rows.rows(("prepared",), build)
    compiled_rows.rows(("prepared",), build)
    assert page_cache._generation() == generation
    StudentFactory(school_class=world.class_a)
    assert page_cache._generation() != generation


@on_postgresql
def test_the_verification_of_tests_finds_another_type(world, monkeypatch):
    monkeypatch.setattr(compiled_rows, "_type_of", lambda value: "bigint")
    with pytest.raises(AssertionError, match="not the same rows or types"):
        compiled_rows._fetchall(connection, "SELECT %s AS a", [1])
