"""The case sheet: the CroCooS case documentation form rendered as PDF, and its signed versions."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Prefetch
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cases.models import ActionItem, Case, CaseEvent, CaseSheetVersion, InvolvedProfessional, Student
from crocoos.models import User
from crocoos.pdf import render_pdf
from crocoos.uploads import sha256_of, validate_document

from .timeline import add_event

SHEET_STYLESHEETS = ("pdf/case_sheet.css",)


def columns_of(model, *related):
    """only() arguments: every column of `model` and the named columns of its related rows."""
    return (*(field.name for field in model._meta.concrete_fields), *related)


def with_sheet_data(cases):
    """`cases` (a queryset) with everything the sheet and the case page show, in a fixed number of
    queries; of the rows they only name (teachers, directory entries, responsible people, the
    school, class and area) only the columns shown, not whole rows."""
    return (
        cases.select_related("student__school_class", "student__school", "school", "area")
        .only(
            *columns_of(Case),
            *(f"student__{field.name}" for field in Student._meta.concrete_fields),
            "student__school_class__name",
            "student__school__name",
            "school__name",
            "area__name",
        )
        .prefetch_related(
            Prefetch("student__school_class__teachers", queryset=User.objects.only("full_name")),
            "presences",
            Prefetch(
                "professionals",
                queryset=InvolvedProfessional.objects.select_related("in_school_professional", "outside_partner").only(
                    *columns_of(
                        InvolvedProfessional,
                        "in_school_professional__name",
                        "in_school_professional__position",
                        "outside_partner__contact_name",
                        "outside_partner__institute",
                    )
                ),
            ),
            "targets",
            Prefetch(
                "actions",
                queryset=ActionItem.objects.select_related(
                    "responsible_user", "responsible_partner", "responsible_professional"
                ).only(
                    *columns_of(
                        ActionItem,
                        "responsible_user__full_name",
                        "responsible_partner__contact_name",
                        "responsible_professional__name",
                    )
                ),
            ),
        )
    )


def case_sheet_html(case, *, language=None):
    """The filled-in form as HTML, in `language` (the user's). `case` comes from
    `with_sheet_data`; any other case is loaded again that way."""
    if "actions" not in getattr(case, "_prefetched_objects_cache", {}):
        case = with_sheet_data(Case.objects.filter(pk=case.pk)).get()
    with translation.override(language or translation.get_language()):
        return render_to_string(
            "cases/pdf/case_sheet.html",
            {
                "case": case,
                "student": case.student,
                "teachers": case.student.class_teachers,
                "presences": case.presences.all(),
                "professionals": case.professionals.all(),
                "targets": case.targets.all(),
                "actions": case.actions.all(),
                "css_school": _css_string(case.school.name if case.school_id else case.area.name),
                "css_reference": _css_string(case.reference),
                "css_page_x_of_y": _page_x_of_y(),
                "css_printed": _css_string(
                    _("Printed %(when)s · case version %(version)s")
                    % {
                        "when": formats.date_format(timezone.localtime(), "SHORT_DATETIME_FORMAT"),
                        "version": case.version,
                    }
                ),
            },
        )


def render_case_sheet(case, *, language=None):
    """The filled-in form as PDF bytes, in `language` (the user's)."""
    return render_pdf(case_sheet_html(case, language=language), stylesheets=SHEET_STYLESHEETS)


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
        case=case,
        kind=CaseEvent.Kind.SHEET_PRINTED,
        actor=printed_by,
        message=gettext_noop("Version %(v)s"),
        params={"v": case.version},
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
        case=case,
        kind=CaseEvent.Kind.SHEET_SIGNED,
        actor=uploaded_by,
        message=gettext_noop("Version %(n)s"),
        params={"n": number},
    )
    return sheet


def sheet_is_current(case):
    """Is the latest signed sheet still what the case says (no edit since it was signed)?"""
    latest = case.sheet_versions.order_by("-number").first()
    return latest is not None and latest.case_version == case.version
