"""Every form of the app under generated, hostile input (tests/fuzzing.py `fuzz_submission`).

Each form starts from the submission its own page would send and has one to four values replaced
with hostile text, lists, or files: no server error; an invalid submission shows an error, keeps
what was typed and changes no row of any table below; accepted ones become the new baseline.
test_fuzz_forms.py covers sign-in, password change and reset, language, two-factor and the access
report the same way.
"""

import datetime

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from hypothesis import strategies as st

from cases.forms.case import CaseForm, CloseForm, NewCaseForm
from cases.forms.concerns import ConcernForm
from cases.forms.consent import ConsentForm, WithdrawForm
from cases.forms.meetings import (
    ActionRowFormSet,
    ConveneForm,
    GeneralItemForm,
    InviteeGroupForm,
    InviteEmailForm,
    MeetingForm,
    MinutesForm,
    NextMeetingForm,
    ResponseForm,
)
from cases.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Case,
    CaseEvent,
    CasePresence,
    CaseSheetVersion,
    Concern,
    Consent,
    Invitation,
    InviteeGroup,
    InvolvedProfessional,
    Meeting,
    MinutesItem,
    Student,
    Target,
)
from cases.services import meetings as svc
from cases.views.cases import _formsets
from crocoos.models import School, User
from directory.forms import PartnerForm, ProfessionalForm
from directory.models import ImportBatch, InSchoolProfessional, OutsidePartner
from directory.scope import directory_scope

from .fuzzing import fuzz_submission, hostile_file, hostile_text, mutated, post_data, typed_fields
from .matrix_cases import case_world
from .matrix_meetings import meeting_world

WATCHED = (
    Concern,
    Case,
    CasePresence,
    InvolvedProfessional,
    Target,
    ActionItem,
    Consent,
    CaseEvent,
    CaseSheetVersion,
    Meeting,
    AgendaItem,
    Invitation,
    InviteeGroup,
    Attendance,
    MinutesItem,
    Student,
    InSchoolProfessional,
    OutsidePartner,
    ImportBatch,
)


def everything():
    """Every row of every table a form writes to (users: the fields a form could change)."""
    rows = [list(model.objects.order_by("pk").values()) for model in WATCHED]
    rows.append(list(User.objects.order_by("pk").values("pk", "password", "email", "is_active", "full_name")))
    rows.append(sorted(Consent.partners.through.objects.values_list("consent_id", "outsidepartner_id")))
    return rows


@pytest.fixture
def w(world):
    return meeting_world(case_world(world))


def signed_in(client, user):
    client.force_login(user)
    return client


TODAY = datetime.date(2026, 11, 2)


# --- cases app -----------------------------------------------------------------------------


def test_concern_form(client, w):
    signed_in(client, w.teacher)
    form = ConcernForm(initial={"observer_name": "Éva Tanár", "observer_position": "osztályfőnök"}, students=[])
    base = post_data(form) | {"student": "Ödön Lőrincz", "text": "Fáradt.", "categories": ["attendance"]}
    fuzz_submission(
        client, reverse("concern_new"), mutated(base), name="concern", watch=everything, typed=typed_fields(form)
    )


def test_concern_triage_forms(client, w):
    signed_in(client, w.coordinator)
    base = {"decision": "no_case", "reason": "Megoldódott.", "case": str(w.case_a.pk)}
    strategy = mutated(base, values=st.one_of(hostile_text(), st.sampled_from(["open", "link", "no_case"])))
    fuzz_submission(
        client,
        reverse("concern_decide", args=[w.concern_a.pk]),
        strategy,
        name="concern triage (no case, link)",
        watch=everything,
        typed=("reason",),
    )


def test_new_case_form(client, w):
    signed_in(client, w.coordinator)
    base = post_data(NewCaseForm()) | {"observed_problem": "Sokat hiányzik.", "observers": "Éva Tanár"}
    fuzz_submission(
        client,
        reverse("case_new") + f"?student={w.student_b.pk}",
        mutated(base),
        name="new case",
        watch=everything,
        typed=typed_fields(NewCaseForm()),
    )


def test_case_form_with_its_formsets(client, w):
    """The case documentation form and its four formsets (present, professionals, targets, actions)."""
    signed_in(client, w.coordinator)
    case = Case.objects.get(pk=w.case_a.pk)
    form = CaseForm(instance=case, initial={"version": case.version})
    formsets = _formsets(case)
    base = post_data(form, *formsets.values())
    # One empty extra row of each formset, to be filled with hostile values too.
    extra = [f"{prefix}-{field}" for prefix in formsets for field in ("0-name", "0-institute", "0-text", "0-action")]
    fuzz_submission(
        client,
        reverse("case_edit", args=[case.pk]),
        mutated(base, extra=[name for name in extra if name not in base]),
        name="case form + 4 formsets",
        watch=everything,
        typed=typed_fields(form),
        accepted=(302,),
    )


def test_close_case_form(client, w):
    signed_in(client, w.coordinator)
    fuzz_submission(
        client,
        reverse("case_close", args=[w.case_a.pk]),
        mutated({"outcome": "Visszatért az iskolába."}),
        name="close case",
        watch=everything,
        typed={"outcome"},
        valid=lambda data: CloseForm(data).is_valid(),
        after_accept=lambda: Case.objects.filter(pk=w.case_a.pk).update(status=Case.Status.OPEN, outcome=""),
    )


def test_consent_form_with_its_document(client, w):
    signed_in(client, w.coordinator)
    form = ConsentForm(case=w.case_a)
    base = post_data(form) | {
        "given_by": "guardian",
        "given_by_name": "Ilona Lőrincz",
        "given_on": "2026-01-05",
        "partners": [str(w.entry_in.pk)],
    }
    values = st.one_of(hostile_text(), st.lists(hostile_text(20), max_size=3), hostile_file())
    fuzz_submission(
        client,
        reverse("consent_new", args=[w.case_a.pk]),
        mutated(base, values=values, extra=["document", "sectors"]),
        name="consent (with document)",
        watch=everything,
        typed=typed_fields(form),
    )


def test_withdraw_consent_form(client, w):
    signed_in(client, w.coordinator)
    fuzz_submission(
        client,
        reverse("consent_withdraw", args=[w.case_a.pk, w.consent_a.pk]),
        mutated({"reason": "A gyám kérésére."}),
        name="withdraw consent",
        watch=everything,
        typed={"reason"},
        valid=lambda data: WithdrawForm(data).is_valid(),
        after_accept=lambda: Consent.objects.filter(pk=w.consent_a.pk).update(withdrawn_at=None),
    )


def test_action_update_form(client, w):
    signed_in(client, w.ews)
    base = {"status": "in_progress", "result": "Megtörtént."}
    fuzz_submission(
        client,
        reverse("action_update", args=[w.action_a.pk]),
        mutated(base),
        name="action update",
        watch=everything,
        typed=("result",),
    )


def test_signed_sheet_upload(client, w):
    signed_in(client, w.coordinator)
    strategy = st.one_of(hostile_file(), hostile_text()).map(lambda file: {"file": file})
    fuzz_submission(
        client, reverse("sheet_upload", args=[w.case_a.pk]), strategy, name="signed sheet upload", watch=everything
    )


def test_class_list_upload(client, w):
    """Upload → preview: nothing is saved by an upload, valid or not (saving needs the confirmation)."""
    signed_in(client, w.coordinator)
    base = {"school": str(w.school1.pk)}
    strategy = st.fixed_dictionaries(
        {"school": st.one_of(st.just(base["school"]), hostile_text(10)), "file": hostile_file()}
    )
    _fuzz_preview(client, reverse("student_import"), strategy, "class-list import upload")


def _fuzz_preview(client, url, strategy, name):
    """Upload forms that only show a preview: any answer but a 500 changes nothing; errors are shown."""
    from .fuzzing import ERROR_MARKS, fuzz_form

    before = everything()

    def check(data, response):
        assert everything() == before, f"{name}: an upload saved data: {data!r}"
        if response.status_code == 400:
            assert any(mark in response.content.decode() for mark in ERROR_MARKS)

    fuzz_form(client, url, strategy, check=check, name=name, examples=50)


# --- meetings --------------------------------------------------------------------------------


def _meeting_base(w, form_class, **kwargs):
    form = form_class(instance=Meeting.objects.get(pk=w.meeting.pk), **kwargs)
    return form, post_data(form)


def test_convene_meeting_form(client, w):
    signed_in(client, w.coordinator)
    form = ConveneForm(schools=School.objects.filter(pk=w.school1.pk))
    base = post_data(form) | {
        "kind": "working_group",
        "title": "Esetmegbeszélés",
        "date": "2027-02-01",
        "start_time": "09:00",
        "end_time": "10:00",
        "place": "Tanári",
        "school": str(w.school1.pk),
    }
    fuzz_submission(
        client,
        reverse("meeting_new"),
        mutated(base, extra=["repeat_every_weeks", "repeat_until"]),
        name="convene meeting",
        watch=everything,
        typed=typed_fields(form),
    )


def test_meeting_edit_form(client, w):
    signed_in(client, w.coordinator)
    form, base = _meeting_base(w, MeetingForm, schools=School.objects.filter(pk=w.school1.pk))
    fuzz_submission(
        client,
        reverse("meeting_edit", args=[w.meeting.pk]),
        mutated(base),
        name="meeting edit",
        watch=everything,
        typed=typed_fields(form),
    )


def test_agenda_item_forms(client, w):
    signed_in(client, w.coordinator)
    general = mutated({"title": "Bemutatkozás", "topic": "Új kolléga."})
    case_item = mutated({"case": str(w.case_a.pk), "topic": "Hiányzások"})
    fuzz_submission(
        client,
        reverse("meeting_agenda_add", args=[w.meeting.pk]),
        st.one_of(general, case_item),
        name="agenda item (general, case)",
        watch=everything,
        valid=lambda data: "case" in data or GeneralItemForm(data).is_valid(),
        accepted=(302, 404),  # a case id not editable by the user answers 404
    )


def test_invite_by_email_form(client, w):
    signed_in(client, w.coordinator)
    base = {"email": "nav@example.org", "name": "Kari Nordmann", "institute": "NAV", "is_core": "on"}
    fuzz_submission(
        client,
        reverse("meeting_invitees_add", args=[w.meeting.pk]),
        mutated(base),
        name="invite by e-mail",
        watch=everything,
        valid=lambda data: InviteEmailForm(data).is_valid(),
    )


def test_save_invitees_as_group_form(client, w):
    signed_in(client, w.coordinator)
    fuzz_submission(
        client,
        reverse("meeting_invitees_save_group", args=[w.meeting.pk]),
        mutated({"name": "Törzscsoport", "kind": "core"}),
        name="save invitees as group",
        watch=everything,
    )


def test_response_forms(client, w):
    """The invitee's answer: signed in (meeting page) and through the e-mailed link."""
    signed_in(client, w.teacher)
    base = {"response": "substitute", "substitute_name": "Kovács Anna, helyettes"}
    fuzz_submission(
        client,
        reverse("meeting_respond", args=[w.meeting.pk]),
        mutated(base),
        name="meeting answer",
        watch=everything,
        valid=lambda data: ResponseForm(data).is_valid(),
    )
    client.logout()
    fuzz_submission(
        client,
        reverse("meeting_invitation", args=[svc.new_token(w.guest)]),
        mutated(base),
        name="meeting answer (e-mail link)",
        watch=everything,
        typed=("substitute_name",),
    )


def test_attendance_form(client, w):
    signed_in(client, w.coordinator)
    client.get(reverse("meeting_attendance", args=[w.meeting.pk]))  # rows from the invitations
    key = str(w.attendance.pk)
    base = {
        f"name-{key}": "Éva Tanár",
        f"present-{key}": "on",
        "name-new": "Kari Nordmann",
        "email-new": "k@example.org",
    }
    signatures = st.sampled_from(
        [
            "data:image/png;base64,AAAA",
            "data:image/png;base64,!!!",
            "data:text/html;base64,PHNjcmlwdD4=",
            "data:image/svg+xml,<svg onload=alert(1)>",
            "data:image/png;base64," + "A" * 200_000,
        ]
    )
    strategy = mutated(
        base,
        values=st.one_of(hostile_text(), signatures),
        extra=[f"signature-{key}", "signature-new", f"items-{key}", "institute-new", f"paper-{key}"],
    )
    fuzz_submission(
        client,
        reverse("meeting_attendance", args=[w.meeting.pk]),
        strategy,
        name="attendance with signatures",
        watch=everything,
        accepted=(302,),
    )


def test_minutes_form_with_action_rows(client, w):
    signed_in(client, w.coordinator)
    form = MinutesForm(initial={"notes": "Megbeszélve."})
    formset = ActionRowFormSet(prefix="actions")
    base = post_data(form, formset) | {"actions-0-action": "Családlátogatás", "actions-0-deadline": "2027-01-10"}
    fuzz_submission(
        client,
        reverse("meeting_minutes", args=[w.meeting.pk, w.item.pk]),
        mutated(base, extra=["actions-0-responsible_name", "actions-0-expected_result", "actions-1-deadline"]),
        name="minutes + action rows",
        watch=everything,
        typed=typed_fields(form),
    )


def test_next_meeting_form(client, w):
    signed_in(client, w.coordinator)
    base = post_data(NextMeetingForm()) | {"date": "2027-03-01", "start_time": "14:00", "end_time": "15:00"}
    fuzz_submission(
        client,
        reverse("meeting_next", args=[w.meeting.pk]),
        mutated(base),
        name="next meeting",
        watch=everything,
        valid=lambda data: NextMeetingForm(data).is_valid(),
    )


def test_invitee_group_forms(client, w):
    """A saved group of invitees: new (the area asked when the user has several) and edit."""
    signed_in(client, w.followup)
    form = InviteeGroupForm(areas=[w.area])
    base = post_data(form) | {"name": "Törzscsoport", "kind": "core", "users": [str(w.coordinator.pk)]}
    fuzz_submission(
        client,
        reverse("meeting_group_new"),
        mutated(base, extra=["partners", "area"]),
        name="invitee group: new",
        watch=everything,
        typed=typed_fields(form),
    )
    group = InviteeGroup.objects.create(area=w.area, name="Esetcsoport")
    edit = InviteeGroupForm(instance=group, areas=[w.area])
    fuzz_submission(
        client,
        reverse("meeting_group_edit", args=[group.pk]),
        mutated(post_data(edit) | {"users": [str(w.coordinator.pk)]}, extra=["partners"]),
        name="invitee group: edit",
        watch=everything,
        typed=typed_fields(edit),
    )


def test_case_sheet_batch_selection(client, w):
    """Printing the case list's selection: its filter, posted back; nothing starts without a match."""
    signed_in(client, w.coordinator)
    fuzz_submission(
        client,
        reverse("case_sheet_batch_new"),
        mutated({"status": "open", "q": "", "sort": "-date"}),
        name="case sheets batch (selection)",
        watch=everything,
    )


@pytest.mark.parametrize("name", ["case_list", "student_list", "directory_search"])
def test_searches_take_any_text(client, w, name):
    """Found by fuzzing the batch selection: a NUL character in a search answered 500 (PostgreSQL)."""
    signed_in(client, w.coordinator)
    for query in ("a\x00b", "\x00", "<script>", "x" * 3000):
        assert client.get(reverse(name), {"q": query}).status_code == 200, query


# --- directory -------------------------------------------------------------------------------


def test_directory_entry_forms(client, w):
    """Create and edit: an in-school professional and an outside partner."""
    signed_in(client, w.coordinator)
    scope = directory_scope(w.coordinator)
    professional = ProfessionalForm(scope=scope)
    base = post_data(professional) | {"school": str(w.school1.pk), "position": "Mentor", "name": "Júlia Sárközi"}
    fuzz_submission(
        client,
        reverse("directory_create", args=["school"]),
        mutated(base, extra=["phone", "email", "help_text", "help_areas"]),
        name="directory: new professional",
        watch=everything,
        typed=typed_fields(professional),
    )
    entry = InSchoolProfessional.objects.create(school=w.school1, name="Ödön Kertész", position="Speech therapist")
    edit = ProfessionalForm(instance=entry, scope=scope)
    fuzz_submission(
        client,
        reverse("directory_edit", args=["school", entry.pk]),
        mutated(post_data(edit)),
        name="directory: edit professional",
        watch=everything,
        typed=typed_fields(edit),
    )
    signed_in(client, w.followup)
    partner = PartnerForm(scope=directory_scope(w.followup))
    base = post_data(partner) | {"area": str(w.area.pk), "institute": "Családsegítő"}
    fuzz_submission(
        client,
        reverse("directory_create", args=["partners"]),
        mutated(base, extra=["website", "email", "phone", "address", "contact_name", "municipality", "sector"]),
        name="directory: new partner",
        watch=everything,
        typed=typed_fields(partner),
    )


def test_directory_import_upload(client, w):
    """A readable upload makes an import batch to preview; it never adds entries by itself."""
    signed_in(client, w.coordinator)
    strategy = st.fixed_dictionaries({"target": st.one_of(st.just(str(w.school1.pk)), hostile_text(10))}).flatmap(
        lambda data: hostile_file().map(lambda file: {**data, "file": file})
    )

    def entries():
        return [list(InSchoolProfessional.objects.values()), list(OutsidePartner.objects.values())]

    fuzz_submission(
        client, reverse("directory_import", args=["school"]), strategy, name="directory import upload", watch=entries
    )


def test_directory_search_form(client, w):
    signed_in(client, w.teacher)
    strategy = mutated({"q": "ozd", "help_area": "", "sort": "name", "stale": "", "archived": ""})

    def check(data, response):
        assert response.status_code == 200

    from .fuzzing import fuzz_form

    fuzz_form(
        client,
        reverse("directory_list", args=["partners"]),
        strategy,
        check=check,
        name="directory filter",
        examples=50,
        method="get",
    )


# --- accounts --------------------------------------------------------------------------------


def test_password_reset_confirm_form(client, w):
    def reset_link():
        teacher = User.objects.get(pk=w.teacher.pk)
        uid = urlsafe_base64_encode(force_bytes(teacher.pk))
        return reverse("password_reset_confirm", args=[uid, default_token_generator.make_token(teacher)])

    url = client.get(reset_link())["Location"]  # the token is swapped for a session marker
    base = {"new_password1": "Brand-new-Jelszó-2026", "new_password2": "Brand-new-Jelszó-2026"}
    fuzz_submission(
        client,
        url,
        mutated(base),
        name="password reset: new password",
        watch=everything,
        after_accept=lambda: client.get(reset_link()),  # a new password ends the link: ask for another
    )


def test_a_coordinator_cannot_turn_their_meeting_into_an_area_meeting(client, w):
    """Found by fuzzing the meeting form: an empty school made it an area meeting, which only the
    follow-up service manages, and the coordinator's next request answered 404."""
    signed_in(client, w.coordinator)
    _form, base = _meeting_base(w, MeetingForm, schools=School.objects.filter(pk=w.school1.pk))
    response = client.post(reverse("meeting_edit", args=[w.meeting.pk]), {**base, "school": ""})
    assert response.status_code == 200 and "is-invalid" in response.content.decode()
    assert Meeting.objects.get(pk=w.meeting.pk).school_id == w.school1.pk
    assert client.get(reverse("meeting_edit", args=[w.meeting.pk])).status_code == 200
