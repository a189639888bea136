"""Class-list import: read a CSV/XLSX list of students, check every row, save only after the
user confirmed the preview. File reading is shared with the directory import."""

import datetime
import unicodedata

from django.db import transaction
from django.utils.translation import gettext as _

from cases.models import Student
from crocoos import audit
from directory.importing import ImportFileError, read_table

# column key -> header spellings accepted (compared case- and accent-insensitively)
COLUMNS = {
    "last_name": ("last name", "family name", "surname", "vezetéknév", "etternavn"),
    "first_name": ("first name", "given name", "keresztnév", "fornavn"),
    "class": ("class", "osztály", "klasse"),
    "date_of_birth": ("date of birth", "born", "születési dátum", "fødselsdato"),
    "place_of_birth": ("place of birth", "születési hely", "fødested"),
}
REQUIRED = ("last_name", "first_name", "class")
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%Y.%m.%d", "%d/%m/%Y", "%Y.%m.%d.")


def _key(text):
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return " ".join(text.lower().replace("_", " ").split())


HEADER_KEYS = {_key(spelling): key for key, spellings in COLUMNS.items() for spelling in spellings}


def _parse_date(text):
    text = text.strip()
    if not text:
        return None
    text = text.split(" ")[0]  # "2010-03-14 00:00:00" from spreadsheets
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def read_class_list(upload, *, school):
    """Rows of the file with their errors: [{"line", "values", "errors"}]. Saves nothing."""
    headers, lines = read_table(upload)
    mapping = {index: HEADER_KEYS[_key(header)] for index, header in enumerate(headers) if _key(header) in HEADER_KEYS}
    missing = [key for key in REQUIRED if key not in mapping.values()]
    if missing:
        names = ", ".join(COLUMNS[key][0] for key in missing)
        raise ImportFileError(_("Columns missing from the first row: %(names)s.") % {"names": names})
    classes = {school_class.name.casefold(): school_class for school_class in school.classes.all()}
    rows, seen = [], set()
    for line, cells in lines:
        values = {key: (cells[index] if index < len(cells) else "") for index, key in mapping.items()}
        errors = []
        for key in REQUIRED:
            if not values.get(key):
                errors.append(_("%(column)s is empty.") % {"column": COLUMNS[key][0]})
        school_class = classes.get(values.get("class", "").casefold())
        if values.get("class") and school_class is None:
            errors.append(_("No class “%(name)s” at this school.") % {"name": values["class"]})
        try:
            born = _parse_date(values.get("date_of_birth", ""))
        except ValueError:
            errors.append(_("“%(date)s” is not a date (use 2010-03-14).") % {"date": values["date_of_birth"]})
            born = None
        identity = (values.get("last_name", "").casefold(), values.get("first_name", "").casefold(), born)
        if identity in seen:
            errors.append(_("The same student is listed twice."))
        seen.add(identity)
        rows.append(
            {
                "line": line,
                "values": values,
                "errors": errors,
                "class_id": school_class.pk if school_class else None,
                "date_of_birth": born.isoformat() if born else "",
            }
        )
    return rows


@transaction.atomic
def import_class_list(*, school, rows, imported_by, request=None):
    """Create or update the students of the error-free rows; returns (created, updated)."""
    created = updated = 0
    class_ids = set(school.classes.values_list("pk", flat=True))
    for row in rows:
        if row["errors"] or row["class_id"] not in class_ids:
            continue
        values = row["values"]
        born = datetime.date.fromisoformat(row["date_of_birth"]) if row["date_of_birth"] else None
        student, was_created = Student.objects.update_or_create(
            school=school,
            first_name=values["first_name"],
            last_name=values["last_name"],
            date_of_birth=born,
            defaults={
                "area": school.area,
                "school_class_id": row["class_id"],
                "place_of_birth": values.get("place_of_birth", ""),
                "home_municipality": school.municipality,
            },
        )
        created += was_created
        updated += not was_created
        audit.record(
            "student.imported",
            request=request,
            actor=imported_by,
            obj=student,
            student=student,
            changed_fields=list(values),
        )
    return created, updated
