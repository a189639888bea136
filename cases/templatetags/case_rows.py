"""The case page's action plan rows made in Python, once per row, with the markup the template
had (issue 7). tests/cases/test_case_page_rows.py renders the old template loop next to this."""

from django import template
from django.template.defaultfilters import date
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def action_rows(actions):
    """The rows of the action plan table (_case_form_view.html) from case_page.actions()."""
    overdue = format_html(' <span class="badge text-bg-danger">{}</span>', gettext("overdue"))
    rows = []
    for row in actions:
        rows.append(
            format_html(
                '\n  <tr{}>\n    <td class="text-prewrap">{}</td><td>{}</td><td>{}</td>\n    <td>{}{}</td>\n'
                '    <td class="text-prewrap">{}</td><td class="text-prewrap">{}</td><td>{}</td>\n  </tr>\n  ',
                SafeString(' class="table-danger"') if row["overdue"] else "",
                row["action"],
                row["institute"],
                row["responsible"],
                date(row["deadline"], "SHORT_DATE_FORMAT") or "–",
                overdue if row["overdue"] else "",
                row["expected_result"],
                row["result"],
                row["status"],
            )
        )
    return SafeString("".join(rows))  # every row made by format_html
