"""Helpers for outgoing e-mail."""


def subject_line(text):
    """A rendered subject template as one header line: typed titles may hold line breaks, and a
    line break in a header is refused (BadHeaderError) or, worse, starts a new header."""
    return " ".join(text.split())
