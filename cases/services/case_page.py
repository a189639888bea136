"""What the case page shows, read for the page alone (issue 7).

The printed sheet reads whole related rows through `sheets.with_sheet_data`; the page only shows a
few columns of each list, so it reads those as plain values (no model instances, no prefetch
machinery) and makes each row once here, as the models' own properties would show it
(`ShownPersonMixin.display_name`, `ActionItem.responsible_display` and `is_overdue`,
`CaseEvent.text`, the choices' labels)."""

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


def cases_for_page(cases):
    """`cases` (the user's visible cases) with the columns the page shows."""
    return cases.select_related("student__school_class", "student__school", "school").only(*CASE_COLUMNS)


_CASE = PreparedRows(lambda pk: cases_for_page(Case.objects.filter(pk=pk)))


def case_for(user, pk):
    """The case `pk` with the columns the page shows, if the user may open it; else Http404.

    Case.objects.visible_to, checked on the row read by its key (PreparedRows) for everyone but
    external partners, whose consent rules need the database (they read it through visible_to):
    models.case.staff_may_open, visible_filter's conditions without its partners' part."""
    access = access_for(user)
    if access.has_role(Role.EXTERNAL_PARTNER):
        return get_object_or_404(cases_for_page(Case.objects.visible_to(user)), pk=pk)
    case = next(iter(_CASE.instances(pk)), None)
    if case is None or not staff_may_open(access, case):
        raise Http404
    return case


def teachers(student):
    """The names of the young person's class teachers, as `Student.class_teachers` lists them."""
    if not student.school_class_id:
        return []
    return [name for (name,) in _teachers(student.school_class_id)]


_teachers = PreparedRows(lambda class_id: User.objects.filter(taught_classes=class_id).values_list("full_name"))


def presences(case_id):
    return [{"name": name, "institute": institute} for name, institute in _presences(case_id)]


_presences = PreparedRows(lambda case_id: CasePresence.objects.filter(case_id=case_id).values_list("name", "institute"))


def professionals(case_id):
    shown = []
    for row in _professionals(case_id):
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


_professionals = PreparedRows(
    lambda case_id: InvolvedProfessional.objects.filter(case_id=case_id).values_list(
        "name",
        "institute",
        "role",
        "in_school_professional_id",
        "in_school_professional__name",
        "in_school_professional__position",
        "outside_partner_id",
        "outside_partner__contact_name",
        "outside_partner__institute",
    )
)


def targets(case_id):
    return [text for (text,) in _targets(case_id)]


_targets = PreparedRows(lambda case_id: Target.objects.filter(case_id=case_id).values_list("text"))


_actions = PreparedRows(
    lambda case_id: ActionItem.objects.filter(case_id=case_id).values_list(
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
    )
)


def actions(case_id):
    rows = _actions(case_id)
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
    ) in rows:
        # ActionItem.responsible_display
        if name:
            responsible = name
        elif user_id:
            responsible = user_name
        elif partner_id:
            responsible = partner_name
        elif professional_id:
            responsible = professional_name
        else:
            responsible = ""
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


def events(case_id):
    """The timeline: when, who (None without an actor), what, and its text in the reader's language."""
    return [
        {
            "at": at,
            "actor": actor_name if actor_id is not None else None,
            "kind": force_str(EVENT_KIND_LABELS.get(kind, kind), strings_only=True),
            "text": render(message, params) if message else summary,
        }
        for at, actor_id, actor_name, kind, summary, message, params in _events(case_id)
    ]


_events = PreparedRows(
    lambda case_id: CaseEvent.objects.filter(case_id=case_id).values_list(
        "at", "actor_id", "actor__full_name", "kind", "summary", "message", "params"
    )
)


_sheet_versions = PreparedRows(
    lambda case_id: CaseSheetVersion.objects.filter(case_id=case_id).values_list(
        "number", "uploaded_at", "uploaded_by_id", "uploaded_by__full_name", "case_version", "checksum"
    )
)


def sheet_versions(case_id):
    return [
        {
            "number": number,
            "uploaded_at": uploaded_at,
            # a deleted uploader showed as nothing
            "uploaded_by": uploader if uploader_id is not None else "",
            "case_version": case_version,
            "checksum": checksum,
        }
        for number, uploaded_at, uploader_id, uploader, case_version, checksum in _sheet_versions(case_id)
    ]


def consents(case_id):
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
        for pk, given_by, given_by_name, given_on, document, withdrawn_at, withdrawal_reason in _consents(case_id)
    ]
    if shown:
        by_pk = {consent["pk"]: consent for consent in shown}
        for consent_id, name in _consent_sectors(case_id):
            by_pk[consent_id]["sectors"].append(gettext(name))  # Sector.__str__
        for consent_id, institute, contact_name in _consent_partners(case_id):
            by_pk[consent_id]["partners"].append(OutsidePartner.label(institute, contact_name))
    return shown


_consents = PreparedRows(
    lambda case_id: Consent.objects.filter(case_id=case_id).values_list(
        "pk", "given_by", "given_by_name", "given_on", "document", "withdrawn_at", "withdrawal_reason"
    )
)
# in the order the consent's own sectors and partners list them (their models' ordering)
_consent_sectors = PreparedRows(
    lambda case_id: Sector.objects.filter(consents__case_id=case_id).values_list("consents__id", "name")
)
_consent_partners = PreparedRows(
    lambda case_id: OutsidePartner.objects.filter(consents__case_id=case_id).values_list(
        "consents__id", "institute", "contact_name"
    )
)


def page_data(case):
    """Everything the case page lists for `case` (read through cases_for_page)."""
    return {
        "teachers": teachers(case.student),
        "presences": presences(case.pk),
        "professionals": professionals(case.pk),
        "targets": targets(case.pk),
        "actions": actions(case.pk),
        "events": events(case.pk),
    }
