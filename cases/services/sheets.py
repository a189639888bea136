"""The case sheet: the CroCooS case documentation form rendered as PDF, and its signed versions."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from cases.models import CaseEvent, CaseSheetVersion
from crocoos.uploads import sha256_of, validate_document

from .timeline import add_event


def render_case_sheet(case, *, language=None, base_url=None):
    """The filled-in form as PDF bytes, in `language` (the user's)."""
    from weasyprint import HTML  # imported when needed: it parses its own style sheets on import

    version = case.version
    with translation.override(language or translation.get_language()):
        html = render_to_string(
            "cases/pdf/case_sheet.html",
            {
                "case": case,
                "student": case.student,
                "teachers": case.student.class_teachers,
                "presences": case.presences.all(),
                "professionals": case.professionals.select_related("in_school_professional", "outside_partner"),
                "targets": case.targets.all(),
                "actions": case.actions.select_related(
                    "responsible_user", "responsible_partner", "responsible_professional"
                ),
                "css_school": _css_string(case.school.name if case.school_id else case.area.name),
                "css_reference": _css_string(case.reference),
                "css_page_x_of_y": _page_x_of_y(),
                "css_printed": _css_string(
                    _("Printed %(when)s · case version %(version)s")
                    % {"when": formats.date_format(timezone.localtime(), "SHORT_DATETIME_FORMAT"), "version": version}
                ),
            },
        )
    return HTML(string=html, base_url=base_url).write_pdf()


def _css_string(text):
    """A quoted CSS string (for `content:` in the page margin boxes)."""
    text = str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("<", "\\3C ")
    return f'"{text}"'


def _page_x_of_y():
    """CSS `content` for "page x of y", translated, with the page counters in place."""
    text = _("page %(page)s of %(pages)s") % {"page": "\x00page\x00", "pages": "\x00pages\x00"}
    pieces = enumerate(text.split("\x00"))
    parts = [_css_string(part) if index % 2 == 0 else f"counter({part})" for index, part in pieces]
    return " ".join(part for part in parts if part != '""')


def note_printed(*, case, printed_by):
    add_event(
        case=case, kind=CaseEvent.Kind.SHEET_PRINTED, actor=printed_by, summary=_("Version %(v)s") % {"v": case.version}
    )


@transaction.atomic
def freeze_signed_sheet(*, case, file, uploaded_by):
    """Keep an uploaded signed sheet for good: content-checked, SHA-256 checksum, next number."""
    content_type = validate_document(file)
    checksum = sha256_of(file)
    same = case.sheet_versions.filter(checksum=checksum).first()
    if same is not None:
        # The same file sent twice (double submit): one version.
        return same
    number = (case.sheet_versions.aggregate(last=Max("number"))["last"] or 0) + 1
    file.seek(0)
    sheet = CaseSheetVersion(
        case=case,
        number=number,
        content_type=content_type,
        size=file.size,
        checksum=checksum,
        case_version=case.version,
        uploaded_by=uploaded_by,
    )
    sheet.file.save(file.name or "sheet", ContentFile(file.read()), save=False)
    sheet.save()
    add_event(
        case=case, kind=CaseEvent.Kind.SHEET_SIGNED, actor=uploaded_by, summary=_("Version %(n)s") % {"n": number}
    )
    return sheet


def sheet_is_current(case):
    """Is the latest signed sheet still what the case says (no edit since it was signed)?"""
    latest = case.sheet_versions.order_by("-number").first()
    return latest is not None and latest.case_version == case.version
