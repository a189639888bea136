"""A row of the case list (templates/cases/case_list.html) made in Python from the row's values
(cases.views.cases.CASE_LIST_COLUMNS): the same markup the template's row gave, without a model
object per case, student, class and school or the template's per-row lookups and filters (issue 7)."""

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext

from cases.models import Case
from crocoos.templatetags.crocoos_tags import row_url

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
    return format_html(
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
