"""Accent-insensitive matching that works the same on SQLite and PostgreSQL.

`fold()` lowers a text and strips accents and special letters, so "ozd" finds "Ózd" and "lovas"
finds "Løvås". Three ways to use it in a query:

- a stored column of folded words (the directory's `search_text`, kept by save()), matched with
  a plain `contains`;
- a generated column computed by the database with `Fold()` (the student's `search_name`), matched
  with a plain `contains` too: kept whatever writes the row (bulk inserts, updates), and the trigram
  index's rechecks compare stored text instead of calling unaccent again for every candidate row;
- `Fold(field)`, the SQL function `crocoos_fold(text)`: on PostgreSQL an immutable wrapper of
  `unaccent` + `lower` (migration crocoos 0004, which also enables pg_trgm), on SQLite this
  module's `fold()` registered on every new connection.

On PostgreSQL both are served by trigram (GIN, gin_trgm_ops) indexes, so `LIKE '%word%'` does not
read the whole table; SQLite scans, which is fine at the sizes it is used for (development, tests).
"""

import unicodedata

from django.db.backends.signals import connection_created
from django.db.models import CharField, Func

# Letters that Unicode does not decompose into a base letter and an accent.
_SPECIAL_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "ł": "l", "ı": "i", "þ": "th"})

FOLD_FUNCTION = "crocoos_fold"


def fold(text):
    """`text` in lower case without accents: "Ózd Løvås Țurcanu" -> "ozd lovas turcanu"."""
    decomposed = unicodedata.normalize("NFKD", str(text or "").casefold().translate(_SPECIAL_LETTERS))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def search_words(query):
    """The folded words of a query, without duplicates, in order."""
    return list(dict.fromkeys(fold(query).split()))


class Fold(Func):
    """`crocoos_fold(expression)`: the expression folded like `fold()`, in SQL."""

    function = FOLD_FUNCTION
    output_field = CharField()


def register_sqlite_fold(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function(FOLD_FUNCTION, 1, fold, deterministic=True)


connection_created.connect(register_sqlite_fold, dispatch_uid="crocoos_fold_sqlite")


def trigram_indexes(*indexes):
    """A migration operation creating GIN trigram indexes on PostgreSQL only (SQLite has no GIN).

    `indexes` are (name, table, expression) triples; the expression may use crocoos_fold().
    """
    from django.db import migrations

    def create(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for name, table, expression in indexes:
                schema_editor.execute(
                    f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (({expression}) gin_trgm_ops)"
                )

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for name, _table, _expression in indexes:
                schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return migrations.RunPython(create, drop)
