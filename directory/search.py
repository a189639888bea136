"""Accent-insensitive matching that works the same on SQLite and PostgreSQL.

Each entry keeps a `search_text` column: its words folded by `fold()` (lower case, accents and
special letters stripped). A query is folded the same way and matched with a plain `contains`,
so "ozd" finds "Ózd" and "lovas" finds "Løvås" without database extensions.
"""

import unicodedata

# Letters that Unicode does not decompose into a base letter and an accent.
_SPECIAL_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "ł": "l", "ı": "i", "þ": "th"})


def fold(text):
    """`text` in lower case without accents: "Ózd Løvås Țurcanu" -> "ozd lovas turcanu"."""
    decomposed = unicodedata.normalize("NFKD", str(text or "").casefold().translate(_SPECIAL_LETTERS))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def search_words(query):
    """The folded words of a query, without duplicates, in order."""
    return list(dict.fromkeys(fold(query).split()))
