"""Dates read the European way in English too; the translations keep their own formats."""

import datetime

import pytest
from django.utils import formats, translation


def test_english_dates_put_the_day_first():
    day = datetime.date(2026, 11, 3)
    with translation.override("en"):
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == "03/11/2026"
        assert formats.date_format(day, "DATE_FORMAT") == "3 November 2026"
        assert formats.time_format(datetime.time(14, 30)) == "14:30"
        assert formats.get_format("FIRST_DAY_OF_WEEK") == 1


def test_other_languages_keep_their_own_formats():
    day = datetime.date(2026, 11, 3)
    with translation.override("hu"):
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == "2026.11.03."
    with translation.override("nb"):
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == "03.11.2026"


@pytest.mark.parametrize(
    ("language", "november", "april"),
    [
        ("ca", "23 de novembre de 2026", "1 d’abril de 2027"),
        ("sl", "23. novembra 2026", "1. aprila 2027"),
        ("pt", "23 de novembro de 2026", "1 de abril de 2027"),
        ("ro", "23 noiembrie 2026", "1 aprilie 2027"),
        ("es", "23 de noviembre de 2026", "1 de abril de 2027"),
    ],
)
def test_long_dates_read_as_the_language_writes_them(language, november, april):
    """Django's own catalogues give "23 novembre de 2026" (ca), "23. november 2026" (sl), "Novembro" (pt)
    and "Noiembrie" (ro); crocoos/formats and its month names put that right."""
    with translation.override(language):
        assert formats.date_format(datetime.date(2026, 11, 23), "DATE_FORMAT") == november
        assert formats.date_format(datetime.date(2027, 4, 1), "DATE_FORMAT") == april


def test_slovenian_short_dates_are_numeric():
    with translation.override("sl"):
        assert formats.date_format(datetime.date(2026, 11, 23), "SHORT_DATE_FORMAT") == "23. 11. 2026"
