"""Rows of the case list and the concern inbox (templates/cases/case_list.html, concern_inbox.html)
made in Python from the rows' values (CASE_LIST_COLUMNS, INBOX_COLUMNS in cases.views): the markup
the templates' rows gave, without a model object per case or concern, student, class and school or
the templates' per-row lookups and filters (issue 7)."""

from django import template
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext

from cases.models import Case
from cases.models.concern import ConcernCategory
from crocoos.templatetags.crocoos_tags import (
    html_format,  # format_html, faster
    row_url,
    shortened,
)

register = template.Library()

ROW = (
    '\n  <tr><td><a href="{}">{}</a></td><td>{}</td>\n'
    '    <td>{} {} <span class="text-body-secondary">{}</span></td>\n'
    "    <td>{}</td><td>{}</td></tr>\n  "
)
STATUSES = dict(Case.Status.choices)


CONCERN_ROW = (
    "\n  <tr>\n    <td>{}</td>\n"
    '    <td>{} {} <span class="text-body-secondary">{}</span></td>\n'
    '    <td>{}<div class="small text-body-secondary">{}</div></td>\n'
    "    <td>{}</td>\n"
    '    <td><a class="btn btn-sm btn-outline-primary" href="{}">{}</a></td>\n  </tr>\n  '
)
CATEGORIES = dict(ConcernCategory.choices)


# A whole list's rows in one tag: what is the same for every row (the labels of the statuses and
# categories, "register", "Decide") made once per list, and each date's text once per language.
_labels = {}


def _labels_of(choices, name):
    """{value: label} of `choices` in the active language (their labels are lazy texts)."""
    key = (name, get_language())
    labels = _labels.get(key)
    if labels is None:
        labels = _labels[key] = {value: str(label) for value, label in choices.items()}
    return labels


class _Dates(dict):
    """date_format(date, "SHORT_DATE_FORMAT") of each date once, in one language."""

    def __missing__(self, value):
        if len(self) > 5000:  # a few years of days: never reached by the lists of one area
            self.clear()
        text = self[value] = date_format(value, "SHORT_DATE_FORMAT")
        return text


_dates = {}


def _dates_of_language():
    """The dates' texts in the active language (the formats do not change while the process runs)."""
    language = get_language()
    dates = _dates.get(language)
    if dates is None:
        dates = _dates[language] = _Dates()
    return dates


@register.simple_tag
def case_rows(cases):
    """The `<tr>` of each of `cases` (rows of CASE_LIST_COLUMNS, named), whitespace included."""
    statuses, register_name, dates = _labels_of(STATUSES, "statuses"), gettext("register"), _dates_of_language()
    return SafeString(
        "".join(
            html_format(
                ROW,
                row_url("case_detail", case.pk),
                case.reference,
                dates[case.date],
                case.student__first_name,
                case.student__last_name,
                case.student__school_class__name or "",
                case.school__name or register_name,
                statuses.get(case.status, case.status),
            )
            for case in cases
        )
    )  # every row made by html_format


@register.simple_tag
def concern_rows(concerns):
    """The `<tr>` of each of `concerns` in the concern inbox (rows of cases.views.concerns.INBOX_COLUMNS,
    named), whitespace included: what the template's filters gave (the date, the class or
    "register", the categories' labels joined with ", ", the text shortened to 120 characters)."""
    categories, dates = _labels_of(CATEGORIES, "categories"), _dates_of_language()
    register_name, decide = gettext("register"), gettext("Decide")
    return SafeString(
        "".join(
            html_format(
                CONCERN_ROW,
                dates[concern.date],
                concern.student__first_name,
                concern.student__last_name,
                concern.student__school_class__name or register_name,
                ", ".join(categories.get(code, code) for code in concern.categories),
                shortened(concern.text, 120),
                concern.observer_name,
                row_url("concern_detail", concern.pk),
                decide,
            )
            for concern in concerns
        )
    )  # every row made by html_format
