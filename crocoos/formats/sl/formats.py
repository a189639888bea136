"""Slovenian dates as they are written: "23. novembra 2026", short "23. 11. 2026".

Django's own write the month in the nominative ("23. november 2026") and the short date with an
abbreviated month ("23. Nov. 2026"). The genitive month names (E) are in crocoos/formats/locale/sl.
"""

DATE_FORMAT = "j. E Y"
DATETIME_FORMAT = "j. E Y, H:i"
SHORT_DATE_FORMAT = "j. n. Y"
SHORT_DATETIME_FORMAT = "j. n. Y, H:i"
