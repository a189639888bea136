"""Catalan dates: Django's own formats ("j E \\d\\e Y"), with the month names E needs ("de novembre",
"d'abril" with a typographic apostrophe) in crocoos/formats/locale/ca: Django's catalogue gives the
bare month ("23 novembre de 2026")."""

DATE_FORMAT = r"j E \d\e Y"
DATETIME_FORMAT = r"j E \d\e Y \a \l\e\s G:i"
