"""The case page's documentation form (once templates/cases/_case_form_view.html) and its action plan
rows made in Python from case_page's values, with the markup the template had (issue 7): its
loops, filters and {% translate %} tags were most of the page's template time.
tests/cases/test_case_page_rows.py renders the old template next to these and compares."""

from django import template
from django.template.defaultfilters import date
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import get_language, gettext, gettext_noop

from crocoos.templatetags.crocoos_tags import html_format

register = template.Library()

ACTION_ROW = (
    '\n  <tr{}>\n    <td class="text-prewrap">{}</td><td>{}</td><td>{}</td>\n    <td>{}{}</td>\n'
    '    <td class="text-prewrap">{}</td><td class="text-prewrap">{}</td><td>{}</td>\n  </tr>\n  '
)
OVERDUE_ROW = SafeString(' class="table-danger"')


@register.simple_tag
def action_rows(actions):
    """The rows of the action plan table from case_page.actions()."""
    overdue = html_format(' <span class="badge text-bg-danger">{}</span>', gettext("overdue"))
    return SafeString(
        "".join(
            html_format(
                ACTION_ROW,
                OVERDUE_ROW if row["overdue"] else "",
                row["action"],
                row["institute"],
                row["responsible"],
                date(row["deadline"], "SHORT_DATE_FORMAT") or "–",
                overdue if row["overdue"] else "",
                row["expected_result"],
                row["result"],
                row["status"],
            )
            for row in actions
        )
    )  # every row made by html_format


# The form's labels (makemessages finds them here), as {% translate %} wrote them (a template's
# literal is safe text, and so is its translation: not escaped), made once per language: the
# catalogues do not change while the process runs.
LABELS = {
    "date": gettext_noop("Date"),
    "present": gettext_noop("Present"),
    "student": gettext_noop("Name of student"),
    "class": gettext_noop("Class"),
    "birth": gettext_noop("Place and date of birth"),
    "teacher": gettext_noop("Name of class teacher"),
    "problem": gettext_noop("Observed problem with the student"),
    "observers": gettext_noop("Observers' name, position"),
    "professionals": gettext_noop("Involved professionals"),
    "professionals_view": gettext_noop("The problem according to involved professionals"),
    "targets": gettext_noop("Targets"),
    "action_plan": gettext_noop("Action plan"),
    "action": gettext_noop("Action"),
    "institute": gettext_noop("Responsible institute"),
    "responsible": gettext_noop("Responsible professional"),
    "deadline": gettext_noop("Deadline"),
    "expected_result": gettext_noop("Expected result"),
    "result": gettext_noop("Result"),
    "status": gettext_noop("Status"),
    "no_actions": gettext_noop("No actions yet."),
    "result_of_intervention": gettext_noop("Result of intervention"),
    "further_interventions": gettext_noop("Further interventions"),
    "outcome": gettext_noop("Outcome"),
}
_labels = {}


def _translated_labels():
    language = get_language()
    labels = _labels.get(language)
    if labels is None:
        labels = _labels[language] = {key: mark_safe(gettext(text)) for key, text in LABELS.items()}  # noqa: S308  # nosec B308 B703
    return labels


DT = '  <dt class="col-sm-4 col-lg-3">{}</dt>'
FIELD = DT + '<dd class="col-sm-8 col-lg-9">{}</dd>\n'
TEXT_FIELD = DT + '<dd class="col-sm-8 col-lg-9 text-prewrap">{}</dd>\n'
LIST_FIELD = DT + '\n  <dd class="col-sm-8 col-lg-9">\n    {}\n  </dd>\n'
FORM_VIEW = (
    "\n\n"
    '<dl class="row case-form">\n'
    f"{FIELD}{LIST_FIELD}{FIELD}{FIELD}"
    + DT
    + '<dd class="col-sm-8 col-lg-9">{}, {}</dd>\n'
    + f"{FIELD}{TEXT_FIELD}{TEXT_FIELD}{LIST_FIELD}{TEXT_FIELD}{LIST_FIELD}"
    "</dl>\n"
    '<h2 class="h5" id="action-plan">{}</h2>\n'
    '<div class="table-responsive">\n'
    '<table class="table table-sm align-middle" aria-labelledby="action-plan">\n'
    "  <thead><tr>\n"
    '    <th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th>\n'
    '    <th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th>\n'
    "  </tr></thead>\n"
    "  <tbody>\n"
    "  {}\n"
    "  </tbody>\n"
    "</table>\n"
    "</div>\n"
    '<dl class="row case-form">\n'
    f"{TEXT_FIELD}{TEXT_FIELD}"
    "  {}\n"
    "</dl>\n"
)
OUTCOME = DT.strip() + '<dd class="col-sm-8 col-lg-9 text-prewrap">{}</dd>'


def _listed(items, opening, closing, item):
    """What the template's loops wrote: `opening`, the items each through `item`, `closing`; or a
    dash when there are none."""
    if not items:
        return "–"
    return SafeString(opening + "".join(item(value) for value in items) + closing)


def _person(person):
    if person["institute"]:
        return html_format("<li>{} – {}</li>", person["name"], person["institute"])
    return html_format("<li>{}</li>", person["name"])


def _professional(pro):
    return html_format(
        "<li>{}{}{}</li>",
        pro["name"],
        html_format(" – {}", pro["institute"]) if pro["institute"] else "",
        html_format(' <span class="text-body-secondary">({})</span>', pro["role"]) if pro["role"] else "",
    )


def _target(text):
    return html_format('<li class="text-prewrap">{}</li>', text)


@register.simple_tag
def case_form_view(case, student, teachers, presences, professionals, targets, actions):
    """The case documentation form in the seed's order, read-only, from case_page's lists."""
    labels = _translated_labels()
    school_class = student.school_class
    return html_format(
        FORM_VIEW,
        labels["date"],
        date(case.date, "DATE_FORMAT"),
        labels["present"],
        _listed(presences, '<ul class="list-unstyled mb-0">', "</ul>", _person),
        labels["student"],
        student.full_name,
        labels["class"],
        # {{ …|default:_("outside school") }}: a translated literal is not escaped
        html_format(
            "{}{}",
            (school_class.name if school_class is not None else "") or mark_safe(gettext("outside school")),  # noqa: S308  # nosec B308 B703
            html_format(" – {}", student.school.name) if student.school else "",
        ),
        labels["birth"],
        student.place_of_birth or "–",
        date(student.date_of_birth, "DATE_FORMAT") or "–",
        labels["teacher"],
        html_format(", ".join(["{}"] * len(teachers)), *teachers) if teachers else "–",
        labels["problem"],
        case.observed_problem or "–",
        labels["observers"],
        case.observers or "–",
        labels["professionals"],
        _listed(professionals, '<ol class="mb-0 ps-3">', "</ol>", _professional),
        labels["professionals_view"],
        case.professionals_view or "–",
        labels["targets"],
        _listed(targets, '<ol class="mb-0 ps-3">', "</ol>", _target),
        labels["action_plan"],
        labels["action"],
        labels["institute"],
        labels["responsible"],
        labels["deadline"],
        labels["expected_result"],
        labels["result"],
        labels["status"],
        action_rows(actions) if actions else html_format('<tr><td colspan="7">{}</td></tr>', labels["no_actions"]),
        labels["result_of_intervention"],
        case.result_of_intervention or "–",
        labels["further_interventions"],
        case.further_interventions or "–",
        "" if case.is_open else html_format(OUTCOME, labels["outcome"], case.outcome),
    )


TIMELINE_ITEM = (
    '\n        <li class="mb-2"><div class="small text-body-secondary">{}{}</div>\n'
    "          <strong>{}</strong>{}</li>\n      "
)


@register.simple_tag
def timeline_items(events):
    """The timeline's entries from case_page.events(): when (in the current time zone), who, what."""
    return SafeString(
        "".join(
            html_format(
                TIMELINE_ITEM,
                date(template_localtime(event["at"]), "SHORT_DATETIME_FORMAT"),
                html_format(" · {}", event["actor"]) if event["actor"] is not None else "",
                event["kind"],
                html_format(": {}", event["text"]) if event["text"] else "",
            )
            for event in events
        )
    )  # every entry made by html_format


_close_fields = {}


@register.simple_tag
def close_outcome_field():
    """`{% text_field close_form.outcome %}` of an empty CloseForm, the same for every case: made
    once per language."""
    from cases.forms.case import CloseForm
    from crocoos.templatetags.crocoos_tags import text_field

    language = get_language()
    field = _close_fields.get(language)
    if field is None:
        field = _close_fields[language] = text_field(CloseForm()["outcome"])
    return field
