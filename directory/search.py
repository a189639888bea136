"""The directory's accent-insensitive search text: see crocoos.search (shared with the student search)."""

from crocoos.search import fold, search_words

__all__ = ["fold", "search_words"]
