# ruff: noqa: E501 (the old template loop, kept as it was)
"""The case page reads its lists as plain values (cases/services/case_page.py): each row shows what
the models' own properties showed (ShownPersonMixin, ActionItem.responsible_display and is_overdue,
CaseEvent.text and its kind, the uploader of a signed sheet, the class teachers)."""

import datetime

import pytest
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy, gettext_noop

from cases.models import ActionItem, CaseEvent, CaseSheetVersion, Consent, Target
from cases.services import case_page
from cases.services.timeline import add_event
from crocoos.compiled_rows import PreparedRows
from directory.models import InSchoolProfessional
from tests.factories import UserFactory

from .factories import ActionItemFactory, CaseFactory, InvolvedProfessionalFactory, OutsidePartnerFactory


@pytest.fixture
def varied_case(world, full_case):
    """full_case with every way a row names its people, every action state and timeline entry kind."""
    case = full_case
    today = timezone.localdate()
    pro = InSchoolProfessional.objects.create(school=world.school1, name="Åsne Berg", position="Skolesykepleier")
    nameless = OutsidePartnerFactory(area=world.area, institute="NAV Nordvik", contact_name="")
    InvolvedProfessionalFactory(case=case, in_school_professional=pro, name="", institute="", role="", position=3)
    InvolvedProfessionalFactory(case=case, outside_partner=nameless, name="", institute="", role="x", position=4)
    InvolvedProfessionalFactory(
        case=case, in_school_professional=pro, outside_partner=nameless, name="", institute="Eget <b>", position=5
    )
    for position, fields in enumerate(
        (
            {"responsible_name": "", "responsible_user": world.ews},
            {"responsible_name": "", "responsible_partner": case.partner_entry},
            {"responsible_name": "", "responsible_professional": pro},
            {"responsible_name": "", "deadline": None},
            {"status": ActionItem.Status.DONE, "deadline": today - datetime.timedelta(days=3)},
            {"status": ActionItem.Status.CANCELLED, "deadline": today - datetime.timedelta(days=3)},
            {"status": ActionItem.Status.IN_PROGRESS, "deadline": today - datetime.timedelta(days=1)},
            {"status": ActionItem.Status.PLANNED, "deadline": today},
        ),
        start=10,
    ):
        ActionItemFactory(case=case, position=position, **fields)
    add_event(case=case, kind=CaseEvent.Kind.OPENED, actor=world.coordinator, summary=case.reference)
    add_event(
        case=case,
        kind=CaseEvent.Kind.CHANGED,
        actor=UserFactory(full_name=""),
        message=gettext_noop("Changed: %(fields)s"),
        params={"fields": [gettext_lazy("Targets"), gettext_lazy("Action plan")]},
    )
    add_event(case=case, kind=CaseEvent.Kind.MEETING, summary="Møte <i>")
    uploader = UserFactory(full_name="Ola Opplaster")
    for number, user in ((1, uploader), (2, None)):
        CaseSheetVersion.objects.create(
            case=case, number=number, file="x.pdf", content_type="application/pdf", size=1, checksum="0" * 64,
            case_version=1, uploaded_by=user,
        )  # fmt: skip
    return case


@pytest.mark.parametrize("language", ["en", "nb", "hu"])
def test_rows_show_what_the_models_show(world, varied_case, language):
    case = varied_case
    with translation.override(language):
        assert case_page.presences(case.pk) == [
            {"name": person.name, "institute": person.institute} for person in case.presences.all()
        ]
        assert case_page.professionals(case.pk) == [
            {"name": pro.display_name, "institute": pro.display_institute, "role": pro.role}
            for pro in case.professionals.all()
        ]
        assert case_page.targets(case.pk) == [target.text for target in case.targets.all()]
        assert case_page.actions(case.pk) == [
            {
                "action": row.action,
                "institute": row.responsible_institute,
                "responsible": row.responsible_display,
                "deadline": row.deadline,
                "overdue": row.is_overdue,
                "expected_result": row.expected_result,
                "result": row.result,
                "status": row.get_status_display(),
            }
            for row in case.actions.all()
        ]
        assert case_page.events(case.pk) == [
            {
                "at": event.at,
                "actor": event.actor.full_name if event.actor else None,
                "kind": event.get_kind_display(),
                "text": event.text,
            }
            for event in case.events.all()
        ]
        assert case_page.sheet_versions(case.pk) == [
            {
                "number": sheet.number,
                "uploaded_at": sheet.uploaded_at,
                "uploaded_by": sheet.uploaded_by.full_name if sheet.uploaded_by else "",
                "case_version": sheet.case_version,
                "checksum": sheet.checksum,
            }
            for sheet in case.sheet_versions.all()
        ]
    assert case_page.teachers(case.student) == [teacher.full_name for teacher in case.student.class_teachers]
    # the rows cover every branch
    assert {row["overdue"] for row in case_page.actions(case.pk)} == {True, False}
    assert len({row["responsible"] for row in case_page.actions(case.pk)}) >= 5
    assert [pro["name"] for pro in case_page.professionals(case.pk)][2:] == ["Åsne Berg", "NAV Nordvik", "Åsne Berg"]


def test_a_register_case_has_no_teachers(world):
    assert case_page.teachers(world.register_student) == []


def test_the_page_shows_the_rows(client, world, varied_case):
    client.force_login(world.coordinator)
    html = client.get(reverse("case_detail", args=[varied_case.pk])).content.decode()
    assert "Åsne Berg – Skolesykepleier" in html
    assert "Åsne Berg – Eget &lt;b&gt;" in html
    assert "NAV Nordvik – NAV Nordvik" in html
    assert "Changed: Targets, Action plan" in html
    # an actor without a name still shows the separator; an entry without an actor does not
    timeline = html[html.index('id="timeline-heading"') :]
    assert timeline.count(" · ") == 2
    assert "Møte &lt;i&gt;" in html
    assert "Ola Opplaster" in html
    assert html.count('<span class="badge text-bg-danger">overdue</span>') == 2


def test_prepared_lists_read_each_case_its_own_rows(world, varied_case):
    """The SQL is compiled once and read again with another case's id."""
    other = CaseFactory(student=world.student_b)
    Target.objects.create(case=other, text="Annet mål")
    add_event(
        case=other, kind=CaseEvent.Kind.CHANGED, message=gettext_noop("Changed: %(fields)s"), params={"fields": 1}
    )
    for case in (varied_case, other, varied_case):
        assert case_page.targets(case.pk) == [target.text for target in case.targets.all()]
        assert [event["text"] for event in case_page.events(case.pk)] == [event.text for event in case.events.all()]
        assert [row["deadline"] for row in case_page.actions(case.pk)] == [row.deadline for row in case.actions.all()]
    assert case_page.targets(other.pk) == ["Annet mål"]


def test_prepared_rows_refuse_what_is_not_the_same_query_for_other_ids(world):
    with pytest.raises(ValueError, match="ids only"):
        PreparedRows(lambda case_id: Target.objects.filter(case_id=case_id).values_list("text"))("1")
    growing = PreparedRows(lambda case_id: Target.objects.filter(pk__in=range(case_id)).values_list("text"))
    with pytest.raises(ValueError, match="not the same query"):
        growing(2)
    doubled = PreparedRows(lambda case_id: Target.objects.filter(pk=case_id * 2).values_list("text"))
    with pytest.raises(ValueError, match="not one of the ids"):
        doubled(2)


def test_prepared_rows_keep_constants_and_make_instances(world, varied_case):
    other = CaseFactory(student=world.student_b)
    Target.objects.create(case=other, text="x")
    Target.objects.create(case=other, text="y")
    Target.objects.create(case=varied_case, text="x")
    only_x = PreparedRows(lambda case_id: Target.objects.filter(case_id=case_id, text="x").values_list("pk"))
    for case in (varied_case, other):
        assert only_x(case.pk) == list(Target.objects.filter(case=case, text="x").values_list("pk"))
    with_case = PreparedRows(
        lambda case_id: (
            Target.objects.filter(case_id=case_id)
            .select_related("case__student")
            .annotate(
                later=Exists(Target.objects.filter(case_id=OuterRef("case_id"), position__gt=OuterRef("position")))
            )
        )
    )
    for case in (other, varied_case):
        made = with_case.instances(case.pk)
        read = list(
            Target.objects.filter(case=case)
            .select_related("case__student")
            .annotate(
                later=Exists(Target.objects.filter(case_id=OuterRef("case_id"), position__gt=OuterRef("position")))
            )
        )
        assert [(t.pk, t.text, t.later, t.case.reference, t.case.student.full_name) for t in made] == [
            (t.pk, t.text, t.later, t.case.reference, t.case.student.full_name) for t in read
        ]
        assert made and all(not t._state.adding and t._state.db == "default" for t in made)
        assert with_case.instance(case.pk).pk == made[0].pk  # the first, or None
    assert with_case.instance(0) is None


def test_prepared_rows_are_counted_queries(world, varied_case, django_assert_num_queries):
    from django.db import connection

    case_page.targets(varied_case.pk)
    with django_assert_num_queries(1):
        case_page.targets(varied_case.pk)
    # compiled once for this connection, and kept on it (a connection of another thread has its own)
    assert case_page._TARGETS.alone in connection._prepared_rows


@pytest.fixture
def consented_case(world, varied_case):
    """varied_case with two more consents: one naming two sectors and two partners, one withdrawn
    (with its reason and document)."""
    from .factories import ConsentFactory, SectorFactory

    case = varied_case
    health, police = SectorFactory(code="health", name="Health care"), SectorFactory(code="police", name="Police")
    nameless = OutsidePartnerFactory(area=world.area, institute="Politiet Nordvik", contact_name="")
    ConsentFactory(case=case, sectors=[police, health], partners=[nameless, case.partner_entry])
    ConsentFactory(
        case=case,
        sectors=[health],
        given_on=timezone.localdate() + datetime.timedelta(days=2),
        withdrawn_at=timezone.now(),
        withdrawal_reason='Trukket "tilbake" \\ <i>',
        document="consents/x.pdf",
    )
    return case


@pytest.mark.parametrize("language", ["en", "nb", "hu"])
def test_consents_show_what_the_models_show(world, consented_case, language):
    case = consented_case
    with translation.override(language):
        shown = case_page.consents(case.pk)
        assert shown == [
            {
                "pk": consent.pk,
                "given_by": consent.get_given_by_display(),
                "given_by_name": consent.given_by_name,
                "given_on": consent.given_on,
                "document": consent.document.name,
                "withdrawn_at": consent.withdrawn_at,
                "withdrawal_reason": consent.withdrawal_reason,
                "is_valid": consent.is_valid,
                "sectors": [str(sector) for sector in consent.sectors.all()],
                "partners": [str(partner) for partner in consent.partners.all()],
            }
            for consent in case.consents.prefetch_related("sectors", "partners")
        ]
    assert len(shown) == 3
    assert {consent["is_valid"] for consent in shown} == {True, False}
    assert any(len(consent["sectors"]) == 2 and len(consent["partners"]) == 2 for consent in shown)


def test_no_consent_reads_no_sectors(world, full_case, django_assert_num_queries):
    full_case.consents.all().delete()
    with django_assert_num_queries(1):
        assert case_page.consents(full_case.pk) == []


PERSONAS = (
    "teacher",
    "other_teacher",
    "ews",
    "coordinator",
    "coordinator2",
    "followup",
    "other_followup",
    "partner",
    "partner_consented",
    "partner_withdrawn",
    "admin",
)


def test_case_for_opens_what_visible_to_opens(world, full_case):
    """The page's check on the row read by its key agrees with Case.objects.visible_to for every
    persona and every kind of case (school, another school, the register, another area)."""
    from django.http import Http404

    from cases.models import Case

    cases = [full_case] + [
        CaseFactory(student=student)
        for student in (world.student_b, world.student_c, world.register_student, world.other_area_student)
    ]
    for persona in PERSONAS:
        user = getattr(world, persona)
        for case in cases:
            visible = Case.objects.visible_to(user).filter(pk=case.pk).exists()
            try:
                shown = case_page.case_for(user, case.pk)
            except Http404:
                shown = None
            assert (shown is not None) == visible, (persona, case.student)
            if shown is not None:
                assert (shown.pk, shown.student.full_name) == (case.pk, case.student.full_name)
    assert any(Case.objects.visible_to(getattr(world, persona)).exists() for persona in PERSONAS)


OLD_ACTIONS = """{% load i18n %}  {% for row in actions %}
  <tr{% if row.overdue %} class="table-danger"{% endif %}>
    <td class="text-prewrap">{{ row.action }}</td><td>{{ row.institute }}</td><td>{{ row.responsible }}</td>
    <td>{{ row.deadline|date:"SHORT_DATE_FORMAT"|default:"–" }}{% if row.overdue %} <span class="badge text-bg-danger">{% translate "overdue" %}</span>{% endif %}</td>
    <td class="text-prewrap">{{ row.expected_result }}</td><td class="text-prewrap">{{ row.result }}</td><td>{{ row.status }}</td>
  </tr>
  {% empty %}<tr><td colspan="7">{% translate "No actions yet." %}</td></tr>{% endfor %}"""
NEW_ACTIONS = (
    '{% load i18n case_rows %}  {% if actions %}{% action_rows actions %}{% else %}<tr><td colspan="7">'
    '{% translate "No actions yet." %}</td></tr>{% endif %}'
)


@pytest.mark.parametrize("language", ["en", "nb", "hu", "ro"])
def test_action_rows_as_the_template_wrote_them(world, varied_case, language):
    from django.template import Context, Template

    ActionItemFactory(
        case=varied_case, action='Møte <&> "plan"', expected_result="a\nb", result="<i>x</i>", position=99
    )
    with translation.override(language):
        actions = case_page.actions(varied_case.pk)
        assert {row["overdue"] for row in actions} == {True, False}
        assert any(row["deadline"] is None for row in actions)
        for shown in (actions, []):
            old = Template(OLD_ACTIONS).render(Context({"actions": shown}))
            assert Template(NEW_ACTIONS).render(Context({"actions": shown})) == old


on_postgresql = pytest.mark.skipif(
    __import__("django.db").db.connection.vendor != "postgresql", reason="the lists go with the case on PostgreSQL"
)


def _same(read, alone):
    """Equal, and of the same types value by value (a date is not a datetime, an aware datetime
    keeps its offset)."""
    assert read == alone
    for row_read, row_alone in zip(read, alone, strict=True):
        assert [type(value) for value in row_read] == [type(value) for value in row_alone]
        for value_read, value_alone in zip(row_read, row_alone, strict=True):
            if isinstance(value_alone, datetime.datetime):
                assert value_read.utcoffset() == value_alone.utcoffset()


@pytest.fixture
def every_list_case(world, consented_case):
    """consented_case with values JSON has to carry back exactly: quotes, backslashes, line breaks,
    a time without microseconds, nested parameters."""
    case = consented_case
    Target.objects.create(case=case, text='Sitat "x" \\ og\nlinje 2 \t 🙂', position=50)
    event = add_event(case=case, kind=CaseEvent.Kind.CHANGED, message=gettext_noop("Changed: %(fields)s"), params={})
    CaseEvent.objects.filter(pk=event.pk).update(
        at=timezone.now().replace(microsecond=0), params={"fields": {"msgids": ["Targets", 'ő"\\']}, "n": [1, None]}
    )
    return case


@on_postgresql
def test_the_case_statement_reads_each_list_as_its_own_statement_does(world, every_list_case):
    """On PostgreSQL case_for() reads every list with the case (JSON aggregated in the model's
    order): the same rows, values and types as each list's own statement, for every kind of case."""
    empty = CaseFactory(student=world.student_b)
    register = CaseFactory(student=world.register_student)
    Target.objects.create(case=register, text="Register", position=1)
    for user, case in ((world.coordinator, every_list_case), (world.coordinator, empty), (world.followup, register)):
        read = case_page.case_for(user, case.pk)
        assert read.student.school_class_id == case.student.school_class_id
        for case_list in case_page.LISTS:
            some_id = read.student.school_class_id if case_list is case_page._TEACHERS else case.pk
            assert hasattr(read, case_list.annotation)
            alone = case_list.alone(some_id) if some_id is not None else []
            _same(case_list.rows(read, some_id), alone)
    # every list of every_list_case has rows
    read = case_page.case_for(world.coordinator, every_list_case.pk)
    assert all(getattr(read, case_list.annotation) for case_list in case_page.LISTS)


@on_postgresql
@pytest.mark.parametrize("language", ["en", "hu"])
def test_the_page_lists_from_the_case_statement(world, every_list_case, language, django_assert_num_queries):
    from crocoos.access import access_for

    case = every_list_case
    access_for(world.coordinator)  # the user's memberships, read once per request
    with translation.override(language):
        with django_assert_num_queries(1):
            read = case_page.case_for(world.coordinator, case.pk)
            shown = {
                **case_page.page_data(read),
                "consents": case_page.consents(case.pk, read),
                "sheet_versions": case_page.sheet_versions(case.pk, read),
            }
        assert shown == {
            "teachers": case_page.teachers(case.student),
            "presences": case_page.presences(case.pk),
            "professionals": case_page.professionals(case.pk),
            "targets": case_page.targets(case.pk),
            "actions": case_page.actions(case.pk),
            "events": case_page.events(case.pk),
            "consents": case_page.consents(case.pk),
            "sheet_versions": case_page.sheet_versions(case.pk),
        }
    assert len(shown["consents"]) == 3 and shown["events"][-1]["text"]


@on_postgresql
def test_an_external_partner_reads_the_lists_with_the_case(world, every_list_case):
    from cases.models import Case

    from .factories import ConsentFactory

    case = every_list_case
    entry = OutsidePartnerFactory(area=world.area, user=world.partner_consented, institute="Barnevern Inn")
    InvolvedProfessionalFactory(case=case, outside_partner=entry, name="", institute="", position=9)
    ConsentFactory(case=case, partners=[entry])
    assert Case.objects.visible_to(world.partner_consented).filter(pk=case.pk).exists()
    read = case_page.case_for(world.partner_consented, case.pk)
    for case_list in case_page.LISTS:
        some_id = read.student.school_class_id if case_list is case_page._TEACHERS else case.pk
        _same(case_list.rows(read, some_id), case_list.alone(some_id))


def test_a_column_json_cannot_carry_is_refused():
    """A list with a column whose value JSON would not give back as values_list() does (a UUID)."""
    refused = case_page.CaseList("refused", Consent, "case_id", ("submission_key",))

    class Read:
        _list_refused = [["1b4e28ba-2fa1-11d2-883f-0016d3cca427"]]

    with pytest.raises(TypeError, match="UUIDField column is not read back from JSON"):
        refused.rows(Read(), 1)


# templates/cases/_case_form_view.html before case_rows.case_form_view made it (the page included it).
OLD_FORM_VIEW = """{% load i18n case_rows %}
{# The case documentation form in the seed's order, read-only; the lists from services/case_page.py. #}
<dl class="row case-form">
  <dt class="col-sm-4 col-lg-3">{% translate "Date" %}</dt><dd class="col-sm-8 col-lg-9">{{ case.date|date:"DATE_FORMAT" }}</dd>
  <dt class="col-sm-4 col-lg-3">{% translate "Present" %}</dt>
  <dd class="col-sm-8 col-lg-9">
    {% for person in presences %}{% if forloop.first %}<ul class="list-unstyled mb-0">{% endif %}<li>{{ person.name }}{% if person.institute %} – {{ person.institute }}{% endif %}</li>{% if forloop.last %}</ul>{% endif %}{% empty %}–{% endfor %}
  </dd>
  <dt class="col-sm-4 col-lg-3">{% translate "Name of student" %}</dt><dd class="col-sm-8 col-lg-9">{{ student.full_name }}</dd>
  <dt class="col-sm-4 col-lg-3">{% translate "Class" %}</dt><dd class="col-sm-8 col-lg-9">{{ student.school_class.name|default:_("outside school") }}{% if student.school %} – {{ student.school.name }}{% endif %}</dd>
  <dt class="col-sm-4 col-lg-3">{% translate "Place and date of birth" %}</dt><dd class="col-sm-8 col-lg-9">{{ student.place_of_birth|default:"–" }}, {{ student.date_of_birth|date:"DATE_FORMAT"|default:"–" }}</dd>
  <dt class="col-sm-4 col-lg-3">{% translate "Name of class teacher" %}</dt><dd class="col-sm-8 col-lg-9">{% for teacher in teachers %}{% if not forloop.first %}, {% endif %}{{ teacher }}{% empty %}–{% endfor %}</dd>
  <dt class="col-sm-4 col-lg-3">{% translate "Observed problem with the student" %}</dt><dd class="col-sm-8 col-lg-9 text-prewrap">{{ case.observed_problem|default:"–" }}</dd>
  <dt class="col-sm-4 col-lg-3">{% translate "Observers' name, position" %}</dt><dd class="col-sm-8 col-lg-9 text-prewrap">{{ case.observers|default:"–" }}</dd>
  <dt class="col-sm-4 col-lg-3">{% translate "Involved professionals" %}</dt>
  <dd class="col-sm-8 col-lg-9">
    {% for pro in professionals %}{% if forloop.first %}<ol class="mb-0 ps-3">{% endif %}<li>{{ pro.name }}{% if pro.institute %} – {{ pro.institute }}{% endif %}{% if pro.role %} <span class="text-body-secondary">({{ pro.role }})</span>{% endif %}</li>{% if forloop.last %}</ol>{% endif %}{% empty %}–{% endfor %}
  </dd>
  <dt class="col-sm-4 col-lg-3">{% translate "The problem according to involved professionals" %}</dt><dd class="col-sm-8 col-lg-9 text-prewrap">{{ case.professionals_view|default:"–" }}</dd>
  <dt class="col-sm-4 col-lg-3">{% translate "Targets" %}</dt>
  <dd class="col-sm-8 col-lg-9">
    {% for target in targets %}{% if forloop.first %}<ol class="mb-0 ps-3">{% endif %}<li class="text-prewrap">{{ target }}</li>{% if forloop.last %}</ol>{% endif %}{% empty %}–{% endfor %}
  </dd>
</dl>
<h2 class="h5" id="action-plan">{% translate "Action plan" %}</h2>
<div class="table-responsive">
<table class="table table-sm align-middle" aria-labelledby="action-plan">
  <thead><tr>
    <th scope="col">{% translate "Action" %}</th><th scope="col">{% translate "Responsible institute" %}</th><th scope="col">{% translate "Responsible professional" %}</th>
    <th scope="col">{% translate "Deadline" %}</th><th scope="col">{% translate "Expected result" %}</th><th scope="col">{% translate "Result" %}</th><th scope="col">{% translate "Status" %}</th>
  </tr></thead>
  <tbody>
  {% if actions %}{% action_rows actions %}{% else %}<tr><td colspan="7">{% translate "No actions yet." %}</td></tr>{% endif %}
  </tbody>
</table>
</div>
<dl class="row case-form">
  <dt class="col-sm-4 col-lg-3">{% translate "Result of intervention" %}</dt><dd class="col-sm-8 col-lg-9 text-prewrap">{{ case.result_of_intervention|default:"–" }}</dd>
  <dt class="col-sm-4 col-lg-3">{% translate "Further interventions" %}</dt><dd class="col-sm-8 col-lg-9 text-prewrap">{{ case.further_interventions|default:"–" }}</dd>
  {% if not case.is_open %}<dt class="col-sm-4 col-lg-3">{% translate "Outcome" %}</dt><dd class="col-sm-8 col-lg-9 text-prewrap">{{ case.outcome }}</dd>{% endif %}
</dl>
"""
NEW_FORM_VIEW = "{% load case_rows %}{% case_form_view case student teachers presences professionals targets actions %}"


@pytest.mark.parametrize("language", ["en", "nb", "hu", "ro"])
def test_the_form_view_as_the_template_wrote_it(world, varied_case, language):
    from django.template import Context, Template

    from cases.models import Case, Student

    varied_case.observers = 'Éva <Tanár> & "Ko"'
    varied_case.professionals_view = ""
    varied_case.save()
    ActionItemFactory(case=varied_case, action="<b>x</b>", position=99)
    closed = CaseFactory(student=world.register_student, status=Case.Status.CLOSED, outcome="Vége <i>", observers="")
    Student.objects.filter(pk=world.register_student.pk).update(place_of_birth="", date_of_birth=None)
    bare = CaseFactory(student=world.student_b, observed_problem="")
    cases = [varied_case, closed, bare]
    with translation.override(language):
        for case in cases:
            read = case_page.case_for(world.followup if case is closed else world.coordinator, case.pk)
            context = {"case": read, "student": read.student, **case_page.page_data(read)}
            old = Template(OLD_FORM_VIEW).render(Context(context))
            assert Template(NEW_FORM_VIEW).render(Context(context)) == old
    # the cases cover both sides of each condition
    assert closed.student.school_class_id is None and varied_case.student.school_class_id
    assert {bool(case_page.teachers(case.student)) for case in cases} == {True, False}
    assert {bool(case_page.actions(case.pk)) for case in cases} == {True, False}


# templates/cases/case_detail.html before its form (OLD_FORM_VIEW), its timeline and its close form's
# field were made in Python (case_rows): the template of today with those parts as they were.
OLD_PARTS = {
    "{% load i18n crocoos_tags case_rows %}": "{% load i18n crocoos_tags %}",
    "{% case_form_view case student teachers presences professionals targets actions %}": (
        '{% include "cases/_case_form_view.html" %}'
    ),
    "{% if close_form %}{% text_field close_form.outcome %}{% else %}{% close_outcome_field %}{% endif %}": (
        "{% text_field close_form.outcome %}"
    ),
    '<details class="mt-3" id="close-case"{% if close_form %} open{% endif %}>': '<details class="mt-3" id="close-case">',
    "{% timeline_items events %}": """{% for event in events %}
        <li class="mb-2"><div class="small text-body-secondary">{{ event.at|date:"SHORT_DATETIME_FORMAT" }}{% if event.actor is not None %} · {{ event.actor }}{% endif %}</div>
          <strong>{{ event.kind }}</strong>{% with text=event.text %}{% if text %}: {{ text }}{% endif %}{% endwith %}</li>
      {% endfor %}""",
}


def _old_detail():
    from django.conf import settings

    text = (settings.BASE_DIR / "templates" / "cases" / "case_detail.html").read_text(encoding="utf-8")
    for now, before in OLD_PARTS.items():
        assert text.count(now) == 1, now
        text = text.replace(now, before)
    return text


@pytest.mark.parametrize("language", ["en", "nb", "hu", "ro"])
def test_the_case_page_as_the_old_templates_wrote_it(world, every_list_case, language):
    """The whole page (base.html included) for an editor, a reader and a closed case, with
    consents, signed sheets and a timeline of every kind of entry."""
    from django.template import engines
    from django.template.context import make_context
    from django.test import RequestFactory

    from cases.forms.case import CloseForm
    from cases.models import Case
    from cases.views.cases import case_page_context
    from tests.templates_before import engine_with

    closed = CaseFactory(student=world.student_b, status=Case.Status.CLOSED, outcome="Vége")
    add_event(case=closed, kind=CaseEvent.Kind.CLOSED, actor=world.coordinator, summary="")
    old_engine = engine_with({"cases/case_detail.html": _old_detail(), "cases/_case_form_view.html": OLD_FORM_VIEW})
    new_engine = engines["django"].engine
    shown = []
    with translation.override(language):
        for user, case in ((world.coordinator, every_list_case), (world.teacher, every_list_case), (world.ews, closed)):
            request = RequestFactory().get(reverse("case_detail", args=[case.pk]))
            request.user = user
            context = {**case_page_context(user, case.pk), "csrf_token": "TOKEN"}
            old = old_engine.get_template("cases/case_detail.html").render(
                make_context({**context, "close_form": CloseForm()}, request)
            )
            new = new_engine.get_template("cases/case_detail.html").render(make_context(context, request))
            assert new == old
            shown.append(new)
    assert "TOKEN" in shown[0]
    assert "Signed case sheets" in shown[0] or language != "en"
    assert "withdraw-" in shown[0] and "withdraw-" not in shown[1]
    assert shown[0].count('class="mb-2"><div') >= 4 and 'id="div_id_outcome"' in shown[0]
