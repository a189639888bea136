"""Importing a list from CSV or XLSX: read, validate every row, preview, then apply.

Nothing touches the entries before the user confirms the preview: `start_import` only stores
the rows in an ImportBatch; `validate_batch` records per-row, per-column errors and likely
duplicates; `apply_batch` (after confirmation) creates and updates entries. The two long steps
run as background tasks (directory.tasks) and write their progress to the batch.
"""

import csv
import io
import re
import zipfile

from django import forms
from django.db import models, transaction
from django.forms import model_to_dict, modelform_factory
from django.utils import translation
from django.utils.translation import gettext as _

from crocoos import audit

from .exporting import FORMULA_STARTS
from .kinds import KIND_BY_BATCH, header_key
from .models import EntryChange, HelpArea, ImportBatch, Sector
from .search import fold
from .services import history_line

PROGRESS_EVERY = 250
LOOKUP_COLUMNS = ("help_areas", "sector")
LIST_SEPARATORS = re.compile(r"[;,\n]")


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message tells the user how to fix it."""


# --- reading the file ---------------------------------------------------------------------------


def _read_csv(data):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportFileError(
            _(
                "The file is not in UTF-8 encoding (the first unreadable character is on line %(line)s). "
                "Save it again as “CSV UTF-8” (Excel) or choose the character set “Unicode (UTF-8)” "
                "(LibreOffice), then upload it again."
            )
            % {"line": line}
        ) from error
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample.splitlines()[0] if sample else "", delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return list(csv.reader(io.StringIO(text), dialect))


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _read_xlsx(data):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ImportFileError(_("The file could not be read as an Excel workbook (.xlsx).")) from error
    try:
        return [[_cell_text(value) for value in row] for row in workbook.active.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _unescape(cell):
    """Undo the export's formula guard: "'+36 1 234" was "+36 1 234"."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell


def read_table(upload):
    """(headers, [(line number, cells)]) of the first sheet or the CSV file, empty rows left out."""
    data = upload.read()
    table = _read_xlsx(data) if upload.name.lower().endswith(".xlsx") else _read_csv(data)
    lines = [(number, [_unescape(cell.strip()) for cell in row]) for number, row in enumerate(table, start=1)]
    lines = [(number, cells) for number, cells in lines if any(cells)]
    if not lines:
        raise ImportFileError(_("The file is empty."))
    return lines[0][1], lines[1:]


def map_columns(kind, headers):
    """{cell index: column key}; a missing required column or a repeated one is an error."""
    known = {}
    for column in kind.data_columns:
        for key in column.header_keys():
            known.setdefault(key, column)
    mapping, seen = {}, {}
    for index, header in enumerate(headers):
        column = known.get(header_key(header))
        if column is None:
            continue
        if column.key in seen:
            raise ImportFileError(
                _("The columns “%(first)s” and “%(second)s” both hold %(column)s. Keep only one of them.")
                % {"first": seen[column.key], "second": header, "column": column.label}
            )
        seen[column.key] = header
        mapping[index] = column.key
    expected = ", ".join(str(column.label) for column in kind.data_columns)
    for key in kind.required_columns:
        if key not in mapping.values():
            label = next(column.label for column in kind.data_columns if column.key == key)
            raise ImportFileError(
                _("The column “%(column)s” is missing. The first row must name the columns: %(expected)s.")
                % {"column": label, "expected": expected}
            )
    return mapping


@transaction.atomic
def start_import(*, kind, upload, target, user, language):
    """Read the file into a new batch waiting for validation. Raises ImportFileError."""
    headers, lines = read_table(upload)
    mapping = map_columns(kind, headers)
    if not lines:
        raise ImportFileError(_("The file has a header row but no entries."))
    rows = [
        {"line": number, "values": {key: cells[index] if index < len(cells) else "" for index, key in mapping.items()}}
        for number, cells in lines
    ]
    return ImportBatch.objects.create(
        kind=kind.batch_kind,
        created_by=user,
        **{kind.target_field: target},
        file_name=upload.name[:255],
        language=language,
        rows=rows,
        total=len(rows),
    )


# --- validating ---------------------------------------------------------------------------------


class Lookups:
    """Shared lists and the target's existing entries, read once per batch."""

    def __init__(self, kind, batch):
        self.help_areas = {}
        for area in HelpArea.objects.all():
            for name in (area.code, area.name, str(area)):
                self.help_areas[fold(name)] = area.pk
        self.sectors = {}
        for sector in Sector.objects.all():
            for name in (sector.code, sector.name, str(sector)):
                self.sectors[fold(name)] = sector.pk
        self.existing = {}
        entries = kind.model.objects.active().filter(**{kind.target_field: getattr(batch, kind.target_field)})
        for entry in entries.only("id", *duplicate_fields(kind)):
            for key in duplicate_keys(kind, model_to_dict(entry, fields=duplicate_fields(kind))):
                self.existing.setdefault(key, entry.pk)


def duplicate_fields(kind):
    return (
        ("email", "phone", "name") if kind.target_field == "school" else ("email", "phone", "institute", "contact_name")
    )


def duplicate_keys(kind, values):
    """What makes two entries likely the same: e-mail, phone, or name (at the same institute)."""
    keys = []
    if values.get("email"):
        keys.append(("email", values["email"].strip().lower()))
    digits = re.sub(r"\D", "", values.get("phone") or "")
    if len(digits) >= 6:
        keys.append(("phone", digits))
    if kind.target_field == "school" and values.get("name"):
        keys.append(("name", fold(values["name"])))
    if kind.target_field == "area" and values.get("contact_name") and values.get("institute"):
        keys.append(("contact_name", f"{fold(values['institute'])}|{fold(values['contact_name'])}"))
    return keys


def _choices(text, lookup, column, errors):
    ids = []
    for name in filter(None, (part.strip() for part in LIST_SEPARATORS.split(text or ""))):
        if fold(name) in lookup:
            ids.append(lookup[fold(name)])
        else:
            errors.setdefault(column, []).append(_("“%(value)s” is not in the list.") % {"value": name})
    return ids


def _formfield(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class RowForm(forms.ModelForm):
    def _get_validation_exclusions(self):
        # The form fields already check every column (required, length, e-mail, URL); the model's
        # check constraints on the same columns would cost a query per row of a 5,000-row file.
        return {field.name for field in self.instance._meta.fields}


def row_form_class(kind):
    """A form for the plain columns of a row. Shared lists are looked up in `Lookups` instead of
    a query per row, and the target (school or area) was checked when the file was uploaded."""
    fields = [column.key for column in kind.data_columns if column.key not in LOOKUP_COLUMNS]
    return modelform_factory(kind.model, form=RowForm, fields=fields, formfield_callback=_formfield)


class RowCheck:
    """One row validated: a bound form, the looked-up shared list items, and the row's errors."""

    def __init__(self, *, kind, form_class, batch, values, lookups, instance=None):
        self.values, self.errors = values, {}
        data = model_to_dict(instance, fields=form_class._meta.fields) if instance is not None else {}
        data.update({key: value for key, value in values.items() if key not in LOOKUP_COLUMNS})
        if instance is None:
            instance = kind.model(**{kind.target_field: getattr(batch, kind.target_field)})
        self.form = form_class(data, instance=instance)
        self.help_area_ids = _choices(values.get("help_areas"), lookups.help_areas, "help_areas", self.errors)
        sector_ids = _choices(values.get("sector"), lookups.sectors, "sector", self.errors)
        self.sector_id = sector_ids[0] if sector_ids else None
        if not self.form.is_valid():
            for field, messages in self.form.errors.items():
                self.errors.setdefault(field if field in values else "", []).extend(messages)

    def entry(self):
        """The unsaved entry with the row's values (call only without errors)."""
        entry = self.form.save(commit=False)
        if "sector" in self.values:
            entry.sector_id = self.sector_id
        entry.refresh_search_text()
        return entry

    def changed_fields(self, before_help_areas):
        changed = set(self.form.changed_data)
        if "sector" in self.values and self.form.instance.sector_id != self.sector_id:
            changed.add("sector")
        if "help_areas" in self.values and set(before_help_areas) != set(self.help_area_ids):
            changed.add("help_areas")
        return changed


def validate_batch(batch):
    """Check every row; record errors per row and column, and likely duplicates."""
    kind = KIND_BY_BATCH[batch.kind]
    form_class = row_form_class(kind)
    lookups = Lookups(kind, batch)
    errors, duplicates, seen_in_file = {}, {}, {}
    with translation.override(batch.language or None):
        for done, row in enumerate(batch.rows, start=1):
            line, values = str(row["line"]), row["values"]
            row_errors = RowCheck(kind=kind, form_class=form_class, batch=batch, values=values, lookups=lookups).errors
            for key in duplicate_keys(kind, values):
                if key in seen_in_file:
                    row_errors.setdefault(key[0], []).append(
                        _("Repeats row %(line)s of this file.") % {"line": seen_in_file[key]}
                    )
                    break
                if key in lookups.existing:
                    duplicates[line] = lookups.existing[key]
                    break
            for key in duplicate_keys(kind, values):
                seen_in_file.setdefault(key, line)
            if row_errors:
                errors[line] = row_errors
            if done % PROGRESS_EVERY == 0:
                ImportBatch.objects.filter(pk=batch.pk).update(processed=done)
    batch.errors, batch.duplicates, batch.processed = errors, duplicates, batch.total
    batch.status = ImportBatch.Status.PREVIEW
    batch.save(update_fields=["errors", "duplicates", "processed", "status"])
    return batch


# --- applying -----------------------------------------------------------------------------------


def confirm_batch(*, batch, decisions):
    """The user looked at the preview: remember what to do with each likely duplicate."""
    if batch.status != ImportBatch.Status.PREVIEW or batch.errors:
        raise ValueError("only a previewed batch without errors can be confirmed")
    batch.decisions = {line: "update" if decisions.get(line) == "update" else "skip" for line in batch.duplicates}
    batch.status, batch.processed = ImportBatch.Status.IMPORTING, 0
    batch.save(update_fields=["decisions", "status", "processed"])
    return batch


def _apply_chunk(kind, batch, rows, lookups, existing):
    form_class = row_form_class(kind)
    through = kind.model.help_areas.through
    owner_column = f"{kind.model._meta.model_name}_id"
    new_entries, history = [], []
    updated = skipped = 0
    for row in rows:
        line, values = str(row["line"]), row["values"]
        instance = None
        if line in batch.duplicates:
            if batch.decisions.get(line) != "update" or batch.duplicates[line] not in existing:
                skipped += 1
                continue
            instance = existing[batch.duplicates[line]]
        before_help_areas = [area.pk for area in instance.help_areas.all()] if instance else []
        check = RowCheck(
            kind=kind, form_class=form_class, batch=batch, values=values, lookups=lookups, instance=instance
        )
        if check.errors:
            raise ValueError(f"row {line} no longer validates")
        changed = check.changed_fields(before_help_areas)
        entry = check.entry()
        if instance is None:
            new_entries.append((entry, check.help_area_ids))
            continue
        entry.save()
        if "help_areas" in values:
            entry.help_areas.set(check.help_area_ids)
        history.append(
            history_line(
                entry=entry, action=EntryChange.Action.UPDATED_BY_IMPORT, actor=batch.created_by, changed_fields=changed
            )
        )
        updated += 1
    kind.model.objects.bulk_create([entry for entry, _areas in new_entries])
    through.objects.bulk_create(
        [
            through(**{owner_column: entry.pk, "helparea_id": area_id})
            for entry, area_ids in new_entries
            for area_id in area_ids
        ]
    )
    history.extend(
        history_line(entry=entry, action=EntryChange.Action.IMPORTED, actor=batch.created_by)
        for entry, _ in new_entries
    )
    EntryChange.objects.bulk_create(history)
    return len(new_entries), updated, skipped


def apply_batch(batch):
    """Create and update the entries of a confirmed batch, a chunk per transaction, with progress."""
    kind = KIND_BY_BATCH[batch.kind]
    lookups = Lookups(kind, batch)
    existing = kind.model.objects.active().in_bulk(list(batch.duplicates.values()))
    with translation.override(batch.language or None):
        for start in range(0, batch.total, PROGRESS_EVERY):
            with transaction.atomic():
                counts = _apply_chunk(kind, batch, batch.rows[start : start + PROGRESS_EVERY], lookups, existing)
                batch.created_count += counts[0]
                batch.updated_count += counts[1]
                batch.skipped_count += counts[2]
                batch.processed = min(start + PROGRESS_EVERY, batch.total)
                batch.save(update_fields=["created_count", "updated_count", "skipped_count", "processed"])
    # The rows were copies of people's contact details: keep only the counts once they are in.
    batch.status, batch.rows = ImportBatch.Status.DONE, []
    batch.save(update_fields=["status", "rows"])
    audit.record(
        "directory.imported",
        actor=batch.created_by,
        obj=batch,
        detail={"created": batch.created_count, "updated": batch.updated_count, "skipped": batch.skipped_count},
    )
    return batch
