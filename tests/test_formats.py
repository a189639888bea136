"""Dates read the European way in English too; the translations keep their own formats."""

import datetime

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
