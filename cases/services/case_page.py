"""What the case page shows, read for the page alone (issue 7).

The printed sheet reads whole related rows through `sheets.with_sheet_data`; the page only shows a
few columns of each list, so it reads those as plain values (no model instances, no prefetch
machinery) and makes each row once here, as the models' own properties would show it
(`ShownPersonMixin.display_name`, `ActionItem.responsible_display` and `is_overdue`,
`CaseEvent.text`, the choices' labels)."""

import datetime

from django.contrib.postgres.aggregates import JSONBAgg
from django.db import connections
from django.db.models import JSONField, OuterRef, Subquery
from django.db.models.functions import JSONArray
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.translation import gettext

from cases.models import (
    ActionItem,
    Case,
    CaseEvent,
    CasePresence,
    CaseSheetVersion,
    Consent,
    InvolvedProfessional,
    Target,
)
from cases.models.case import staff_may_open
from cases.models.people import ShownPersonMixin
from cases.services.timeline import render
from crocoos.access import access_for
from crocoos.compiled_rows import PreparedRows
from crocoos.models import Role, User
from directory.models import OutsidePartner, Sector

# The case's own columns the page shows (and can_edit_case, the audit trail link and the audit record ask for).
CASE_COLUMNS = (
    "reference",
    "student",
    "school",
    "area",
    *Case.FORM_FIELDS,
    "status",
    "outcome",
    "version",
    "student__first_name",
    "student__last_name",
    "student__place_of_birth",
    "student__date_of_birth",
    "student__school_class",
    "student__school",
    "student__school_class__name",
    "student__school__name",
    "school__name",
)

ACTION_STATUS_LABELS = dict(ActionItem.Status.choices)
GIVEN_BY_LABELS = dict(Consent.GivenBy.choices)
EVENT_KIND_LABELS = dict(CaseEvent.Kind.choices)


class CaseList:
    """A list the case page shows: the `columns` of the rows of `model` whose `key` is a case's id
    (or its class's: `outer`), in the model's own order, as values_list() reads them.

    Read by a statement of its own (`alone`, PreparedRows), or, on PostgreSQL, as one column of
    the case's own statement (with_lists): the rows as a JSON array of arrays, aggregated in the
    same order, their dates and times read back from JSON. `rows(case)` gives the same tuples
    either way (tests/cases/test_case_page_rows.py compares them)."""

    def __init__(self, name, model, key, columns, outer="pk"):
        self.name, self.model, self.key, self.columns, self.outer = name, model, key, columns, outer
        self.annotation = f"_list_{name}"
        self.alone = PreparedRows(lambda some_id: self.queryset(some_id))
        self._readers = None

    def queryset(self, some_id):
        return self.model.objects.filter(**{self.key: some_id}).values_list(*self.columns)

    def aggregated(self):
        """The rows of the case (OuterRef `outer`) as one JSON array (NULL when there are none)."""
        rows = (
            self.model.objects.filter(**{self.key: OuterRef(self.outer)})
            .order_by()
            .values(self.key)
            .annotate(rows=JSONBAgg(JSONArray(*self.columns), order_by=self.model._meta.ordering))
            .values("rows")
        )
        return Subquery(rows, output_field=JSONField())

    def rows(self, case, some_id):
        """The rows of `some_id` (the case's or its class's): from `case` when its statement read
        them (with_lists), else by the list's own statement."""
        aggregated = getattr(case, self.annotation, _NOT_READ)
        if aggregated is _NOT_READ:
            return self.alone(some_id) if some_id is not None else []
        readers = self._readers or self._make_readers()
        return [tuple(read(value) for read, value in zip(readers, row, strict=True)) for row in aggregated or ()]

    def _make_readers(self):
        """What turns each column's JSON value into the value values_list() gives."""
        query = self.queryset(0).query
        compiler = query.get_compiler(using=query.model.objects.db)
        compiler.setup_query()
        readers = []
        for column, _sql, _alias in compiler.select[: len(self.columns)]:
            kind = column.output_field.get_internal_type()
            if kind not in _JSON_READERS:
                raise TypeError(f"{self.name}: a {kind} column is not read back from JSON")
            readers.append(_JSON_READERS[kind])
        self._readers = readers
        return readers


_NOT_READ = object()


def _as_is(value):
    return value


def _date(value):
    return value if value is None else datetime.date.fromisoformat(value)


def _datetime(value):
    # PostgreSQL writes a timestamptz in JSON in ISO 8601 with its offset (the session's zone: UTC)
    return value if value is None else datetime.datetime.fromisoformat(value)


# The column types the page's lists read; JSON keeps text, numbers, booleans and JSON as they were.
_JSON_READERS = {
    **dict.fromkeys(
        (
            "AutoField",
            "BigAutoField",
            "IntegerField",
            "BigIntegerField",
            "SmallIntegerField",
            "PositiveIntegerField",
            "PositiveSmallIntegerField",
            "PositiveBigIntegerField",
            "CharField",
            "TextField",
            "SlugField",
            "EmailField",
            "FileField",
            "BooleanField",
            "JSONField",
        ),
        _as_is,
    ),
    "DateField": _date,
    "DateTimeField": _datetime,
}


def with_lists(cases):
    """`cases` with every list of the page as a column of their own (CaseList.aggregated) on
    PostgreSQL: one statement for the whole page instead of one per list. Elsewhere as they are."""
    if connections[cases.db].vendor != "postgresql":
        return cases
    return cases.annotate(**{case_list.annotation: case_list.aggregated() for case_list in LISTS})


def cases_for_page(cases):
    """`cases` (the user's visible cases) with the columns the page shows and, on PostgreSQL, the
    page's lists in the same statement (with_lists)."""
    cases = cases.select_related("student__school_class", "student__school", "school").only(*CASE_COLUMNS)
    return with_lists(cases)


_CASE = PreparedRows(lambda pk: cases_for_page(Case.objects.filter(pk=pk)))


def case_for(user, pk):
    """The case `pk` with the columns the page shows, if the user may open it; else Http404.

    Case.objects.visible_to, checked on the row read by its key (PreparedRows) for everyone but
    external partners, whose consent rules need the database (they read it through visible_to):
    models.case.staff_may_open, visible_filter's conditions without its partners' part."""
    access = access_for(user)
    if access.has_role(Role.EXTERNAL_PARTNER):
        return get_object_or_404(cases_for_page(Case.objects.visible_to(user)), pk=pk)
    case = _CASE.instance(pk)
    if case is None or not staff_may_open(access, case):
        raise Http404
    return case


# The lists, each the columns it shows; `case` in the functions below: the case as case_for() read
# it (its lists with it on PostgreSQL), or None to read the list by its own statement.
_TEACHERS = CaseList(
    "teachers", User, "taught_classes", ("full_name",), outer="student__school_class_id"
)  # Student.class_teachers
_PRESENCES = CaseList("presences", CasePresence, "case_id", ("name", "institute"))
_PROFESSIONALS = CaseList(
    "professionals",
    InvolvedProfessional,
    "case_id",
    (
        "name",
        "institute",
        "role",
        "in_school_professional_id",
        "in_school_professional__name",
        "in_school_professional__position",
        "outside_partner_id",
        "outside_partner__contact_name",
        "outside_partner__institute",
    ),
)
_TARGETS = CaseList("targets", Target, "case_id", ("text",))
_ACTIONS = CaseList(
    "actions",
    ActionItem,
    "case_id",
    (
        "action",
        "responsible_institute",
        "responsible_name",
        "responsible_user_id",
        "responsible_user__full_name",
        "responsible_partner_id",
        "responsible_partner__contact_name",
        "responsible_professional_id",
        "responsible_professional__name",
        "deadline",
        "expected_result",
        "result",
        "status",
    ),
)
_EVENTS = CaseList(
    "events", CaseEvent, "case_id", ("at", "actor_id", "actor__full_name", "kind", "summary", "message", "params")
)
_SHEET_VERSIONS = CaseList(
    "sheet_versions",
    CaseSheetVersion,
    "case_id",
    ("number", "uploaded_at", "uploaded_by_id", "uploaded_by__full_name", "case_version", "checksum"),
)
_CONSENTS = CaseList(
    "consents",
    Consent,
    "case_id",
    ("pk", "given_by", "given_by_name", "given_on", "document", "withdrawn_at", "withdrawal_reason"),
)
# in the order the consent's own sectors and partners list them (their models' ordering)
_CONSENT_SECTORS = CaseList("consent_sectors", Sector, "consents__case_id", ("consents__id", "name"))
_CONSENT_PARTNERS = CaseList(
    "consent_partners", OutsidePartner, "consents__case_id", ("consents__id", "institute", "contact_name")
)
LISTS = (
    _TEACHERS,
    _PRESENCES,
    _PROFESSIONALS,
    _TARGETS,
    _ACTIONS,
    _EVENTS,
    _SHEET_VERSIONS,
    _CONSENTS,
    _CONSENT_SECTORS,
    _CONSENT_PARTNERS,
)


def teachers(student, case=None):
    """The names of the young person's class teachers, as `Student.class_teachers` lists them."""
    return [name for (name,) in _TEACHERS.rows(case, student.school_class_id)]


def presences(case_id, case=None):
    return [{"name": name, "institute": institute} for name, institute in _PRESENCES.rows(case, case_id)]


def professionals(case_id, case=None):
    shown = []
    for row in _PROFESSIONALS.rows(case, case_id):
        name, institute, role, professional_id, pro_name, pro_position, partner_id, contact, partner_institute = row
        # InvolvedProfessional.linked_people() from the values
        linked = []
        if professional_id:
            linked.append((pro_name, pro_position))
        if partner_id:
            linked.append((contact or partner_institute, partner_institute))
        shown.append(
            {
                "name": ShownPersonMixin.shown_name(name, linked, InvolvedProfessional.fallback_name),
                "institute": ShownPersonMixin.shown_institute(institute, linked),
                "role": role,
            }
        )
    return shown


def targets(case_id, case=None):
    return [text for (text,) in _TARGETS.rows(case, case_id)]


def actions(case_id, case=None):
    today = timezone.localdate()
    shown = []
    for (
        action,
        institute,
        name,
        user_id,
        user_name,
        partner_id,
        partner_name,
        professional_id,
        professional_name,
        deadline,
        expected_result,
        result,
        status,
    ) in _ACTIONS.rows(case, case_id):
        responsible = ActionItem.responsible_of(
            name,
            user_id and user_name,
            partner_id and partner_name,
            professional_id and professional_name,
        )
        shown.append(
            {
                "action": action,
                "institute": institute,
                "responsible": responsible,
                "deadline": deadline,
                "overdue": ActionItem.overdue_on(status, deadline, today),
                "expected_result": expected_result,
                "result": result,
                "status": force_str(ACTION_STATUS_LABELS.get(status, status), strings_only=True),
            }
        )
    return shown


def events(case_id, case=None):
    """The timeline: when, who (None without an actor), what, and its text in the reader's language."""
    return [
        {
            "at": at,
            "actor": actor_name if actor_id is not None else None,
            "kind": force_str(EVENT_KIND_LABELS.get(kind, kind), strings_only=True),
            "text": render(message, params) if message else summary,
        }
        for at, actor_id, actor_name, kind, summary, message, params in _EVENTS.rows(case, case_id)
    ]


def sheet_versions(case_id, case=None):
    return [
        {
            "number": number,
            "uploaded_at": uploaded_at,
            # a deleted uploader showed as nothing
            "uploaded_by": uploader if uploader_id is not None else "",
            "case_version": case_version,
            "checksum": checksum,
        }
        for number, uploaded_at, uploader_id, uploader, case_version, checksum in _SHEET_VERSIONS.rows(case, case_id)
    ]


def consents(case_id, case=None):
    """The consents as the page lists them, each with the sectors and partners it names (as their
    str() reads) and whether it is in force (Consent.is_valid); the sectors and partners only
    read when there are consents."""
    today = timezone.localdate()
    shown = [
        {
            "pk": pk,
            "given_by": force_str(GIVEN_BY_LABELS.get(given_by, given_by), strings_only=True),
            "given_by_name": given_by_name,
            "given_on": given_on,
            "document": document,
            "withdrawn_at": withdrawn_at,
            "withdrawal_reason": withdrawal_reason,
            "is_valid": Consent.valid_on(withdrawn_at, given_on, today),
            "sectors": [],
            "partners": [],
        }
        for pk, given_by, given_by_name, given_on, document, withdrawn_at, withdrawal_reason in _CONSENTS.rows(
            case, case_id
        )
    ]
    if shown:
        by_pk = {consent["pk"]: consent for consent in shown}
        for consent_id, name in _CONSENT_SECTORS.rows(case, case_id):
            by_pk[consent_id]["sectors"].append(gettext(name))  # Sector.__str__
        for consent_id, institute, contact_name in _CONSENT_PARTNERS.rows(case, case_id):
            by_pk[consent_id]["partners"].append(OutsidePartner.label(institute, contact_name))
    return shown


def page_data(case):
    """Everything the case page lists for `case` (read through case_for)."""
    return {
        "teachers": teachers(case.student, case),
        "presences": presences(case.pk, case),
        "professionals": professionals(case.pk, case),
        "targets": targets(case.pk, case),
        "actions": actions(case.pk, case),
        "events": events(case.pk, case),
    }
