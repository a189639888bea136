"""What the cases app holds about one young person, for the right-of-access zip (crocoos.right_of_access).

Sections: `concerns`, `cases` (every field, with the people, targets, action plan, timeline,
consents and signed sheet versions), `meetings` (the agenda items about their cases, with
minutes and who took part). Documents: the signed case sheets and signed consents, as files.
"""

from pathlib import PurePath

from django.db import models

from crocoos import right_of_access

from .models import AgendaItem, Case, Concern

# Technical fields that say nothing about the person (form keys, locks, storage details, the copy
# of the student's folded name that the case search reads).
SKIPPED = {"submission_key", "version", "signature", "token_hash", "document_content_type", "student_search_name"}


def fields(obj, *, skip=()):
    """Every stored field of `obj` by name; related records as their text, files as their zip path."""
    row = {}
    for field in obj._meta.concrete_fields:
        if field.name in SKIPPED or field.name in skip or field.primary_key:
            continue
        if isinstance(field, models.ForeignKey):
            related = getattr(obj, field.name)
            row[field.name] = str(related) if related is not None else None
        elif isinstance(field, models.FileField):
            continue
        else:
            row[field.name] = field.value_from_object(obj)
    return row


def _choice_labels(obj, row):
    for field in obj._meta.concrete_fields:
        if field.choices and field.name in row:
            row[field.name] = str(getattr(obj, f"get_{field.name}_display")())
    return row


def _document_name(case, label, field_file):
    return f"case-{case.reference}/{label}{PurePath(field_file.name).suffix.lower()}"


def _reader(field_file):
    def read():
        with field_file.open("rb") as handle:
            return handle.read()

    return read


@right_of_access.register
def concerns(student):
    rows = []
    for concern in Concern.objects.filter(student=student).select_related("logged_by", "decided_by", "case"):
        row = _choice_labels(concern, fields(concern, skip={"student"}))
        row["categories"] = [str(label) for label in concern.category_labels()]
        rows.append(row)
    return right_of_access.Section(name="concerns", data=rows)


@right_of_access.register
def cases(student):
    rows, files = [], []
    queryset = (
        Case.objects.filter(student=student)
        .select_related("school", "area", "opened_by", "student")
        .prefetch_related(
            "presences",
            "professionals__in_school_professional",
            "professionals__outside_partner",
            "targets",
            "actions__responsible_user",
            "actions__responsible_partner",
            "actions__responsible_professional",
            "events__actor",
            "consents__sectors",
            "consents__partners",
            "consents__recorded_by",
            "sheet_versions__uploaded_by",
        )
        .order_by("date", "id")
    )
    for case in queryset:
        row = _choice_labels(case, fields(case, skip={"student"}))
        row["present"] = [fields(person, skip={"case"}) for person in case.presences.all()]
        row["involved_professionals"] = [
            {**fields(person, skip={"case"}), "name": person.display_name, "institute": person.display_institute}
            for person in case.professionals.all()
        ]
        row["targets"] = [target.text for target in case.targets.all()]
        row["action_plan"] = [
            {**_choice_labels(action, fields(action, skip={"case"})), "responsible": action.responsible_display}
            for action in case.actions.all()
        ]
        row["timeline"] = [
            {**_choice_labels(event, fields(event, skip={"case"})), "text": event.text} for event in case.events.all()
        ]
        row["consents"] = []
        for consent in case.consents.all():
            entry = _choice_labels(consent, fields(consent, skip={"case"}))
            entry["sectors"] = [str(sector) for sector in consent.sectors.all()]
            entry["partners"] = [str(partner) for partner in consent.partners.all()]
            if consent.document:
                name = _document_name(case, f"consent-{consent.pk}", consent.document)
                entry["document"] = f"documents/cases/{name}"
                files.append((name, _reader(consent.document)))
            row["consents"].append(entry)
        row["signed_sheets"] = []
        for sheet in case.sheet_versions.all():
            name = _document_name(case, f"signed-sheet-v{sheet.number}", sheet.file)
            row["signed_sheets"].append({**fields(sheet, skip={"case"}), "document": f"documents/cases/{name}"})
            files.append((name, _reader(sheet.file)))
        rows.append(row)
    return right_of_access.Section(name="cases", data=rows, files=files)


@right_of_access.register
def meetings(student):
    rows = []
    items = (
        AgendaItem.objects.filter(case__student=student)
        .select_related("meeting__school", "meeting__area", "case", "minutes")
        .prefetch_related("participants")
        .order_by("meeting__date", "position")
    )
    for item in items:
        meeting = item.meeting
        minutes = getattr(item, "minutes", None)
        rows.append(
            {
                "meeting": meeting.display_title,
                "kind": str(meeting.get_kind_display()),
                "date": meeting.date,
                "place": meeting.place,
                "school": meeting.school.name if meeting.school_id else None,
                "case": item.case.reference,
                "topic": item.topic,
                "minutes": fields(minutes, skip={"agenda_item"}) if minutes else None,
                "took_part": [
                    {"name": row.name, "institute": row.institute, "present": row.present}
                    for row in item.participants.all()
                ],
            }
        )
    return right_of_access.Section(name="meetings", data=rows)
