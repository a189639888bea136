"""Rows of the case list and the concern inbox (templates/cases/case_list.html, concern_inbox.html)
made in Python from the rows' values (CASE_LIST_COLUMNS, INBOX_COLUMNS in cases.views): the markup
the templates' rows gave, without a model object per case or concern, student, class and school or
the templates' per-row lookups and filters (issue 7)."""

from django import template
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext

from cases.models import Case
from cases.models.concern import ConcernCategory
from crocoos.templatetags.crocoos_tags import (
    html_format,  # format_html, faster
    row_url,
)

register = template.Library()

ROW = (
    '\n  <tr><td><a href="{}">{}</a></td><td>{}</td>\n'
    '    <td>{} {} <span class="text-body-secondary">{}</span></td>\n'
    "    <td>{}</td><td>{}</td></tr>\n  "
)
STATUSES = dict(Case.Status.choices)


@register.simple_tag
def case_row(case):
    """`<tr>` of `case`, a row of CASE_LIST_COLUMNS (named), whitespace included."""
    return html_format(
        ROW,
        row_url("case_detail", case.pk),
        case.reference,
        date_format(case.date, "SHORT_DATE_FORMAT"),
        case.student__first_name,
        case.student__last_name,
        case.student__school_class__name or "",
        case.school__name or gettext("register"),
        STATUSES.get(case.status, case.status),
    )


CONCERN_ROW = (
    "\n  <tr>\n    <td>{}</td>\n"
    '    <td>{} {} <span class="text-body-secondary">{}</span></td>\n'
    '    <td>{}<div class="small text-body-secondary">{}</div></td>\n'
    "    <td>{}</td>\n"
    '    <td><a class="btn btn-sm btn-outline-primary" href="{}">{}</a></td>\n  </tr>\n  '
)
CATEGORIES = dict(ConcernCategory.choices)


@register.simple_tag
def concern_row(concern):
    """`<tr>` of `concern` in the concern inbox, a row of cases.views.concerns.INBOX_COLUMNS
    (named), whitespace included: what the template's filters gave (the date, the class or
    "register", the categories' labels joined with ", ", the text shortened to 120 characters)."""
    return html_format(
        CONCERN_ROW,
        date_format(concern.date, "SHORT_DATE_FORMAT"),
        concern.student__first_name,
        concern.student__last_name,
        concern.student__school_class__name or gettext("register"),
        ", ".join(str(CATEGORIES.get(code, code)) for code in concern.categories),
        Truncator(concern.text).chars(120),
        concern.observer_name,
        row_url("concern_detail", concern.pk),
        gettext("Decide"),
    )
