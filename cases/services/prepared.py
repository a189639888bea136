"""Read-only queries compiled once and run again with other parameters (issue 7).

Django builds and compiles a queryset anew each time it is read: 0.2-0.5 ms of Python for each small
list of a page on this CPU, more than PostgreSQL takes to answer it. A list whose SQL is the same
for every page but for an id (a case's action rows, a meeting's invitations) can be compiled once
per database connection and read again with the other id, its values turned into Python (and into
model instances, select_related rows included) by the same compiler, as the queryset would."""

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.query import get_related_populators


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
        with connection.cursor() as cursor:
            cursor.execute(sql, [ids[value] if is_id else value for is_id, value in parameters])
            rows = cursor.fetchall()
        return compiler.results_iter(results=[rows]), compiler, made

    def __call__(self, *ids):
        rows, _compiler, _made = self._fetch(ids)
        return [tuple(row) for row in rows]

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
