"""A row of the table of entries (templates/directory/_entry_table.html: the list pages and the
search), made in Python: the same markup as the template's cells and its two per-row includes
(_help_areas.html, _verified.html) gave, which cost most of the search page's time (issue 7).

An entry needs `help_area_list` (directory.selectors.with_help_areas) and the columns of its kind's
`table_columns`.
"""

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.timezone import get_current_timezone_name, template_localtime
from django.utils.translation import get_language, gettext

from crocoos.templatetags.crocoos_tags import html_format, row_url

register = template.Library()


SCHOOL_ROW = (
    '\n    <tr>\n      \n      <td><a href="{}">{}</a></td>\n      <td>{}</td>\n      <td>{}</td>\n      '
    "\n      {}\n      <td>{}\n</td>\n      <td>{}\n</td>\n    </tr>\n  "
)
PARTNER_ROW = (
    '\n    <tr>\n      \n      <td><a href="{}">{}</a>{}</td>\n      <td>{}</td>\n      <td>{}{}</td>\n      '
    "\n      {}\n      <td>{}\n</td>\n      <td>{}\n</td>\n    </tr>\n  "
)
BADGE = '<span class="badge rounded-pill text-bg-light border">{}</span> '
BREAK = SafeString("<br>")
SECONDARY = '<div class="small text-body-secondary">{}</div>'


@register.simple_tag
def entry_rows(kind, entries):
    """The `<tr>` of each of `entries` in the table of entries of `kind`, whitespace included; the
    texts every row may show translated once for the list."""
    texts = {
        "stale since": gettext("Not verified since %(date)s"),
        "never": gettext("Never verified"),
        "archived": gettext("Archived"),
    }
    dates = _dates_of_zone()
    return SafeString("".join(_entry_row(kind, entry, texts, dates) for entry in entries))  # html_format's


def _entry_row(kind, entry, texts, dates):
    if kind.slug == "school":
        return html_format(
            SCHOOL_ROW,
            row_url("directory_detail", "school", entry.pk),
            entry.name,
            entry.position,
            entry.school.name,
            contact_cell(entry),
            help_areas_cell(entry),
            verified_cell(entry, texts, dates),
        )
    return html_format(
        PARTNER_ROW,
        row_url("directory_detail", "partners", entry.pk),
        entry.institute,
        html_format(SECONDARY, entry.address) if entry.address else "",
        entry.sector or "–",
        entry.contact_name or "–",
        html_format(SECONDARY, entry.position) if entry.position else "",
        contact_cell(entry),
        help_areas_cell(entry),
        verified_cell(entry, texts, dates),
    )


def contact_cell(entry):
    return html_format(
        '<td class="small">{}{}{}</td>',
        entry.phone,
        BREAK if entry.phone and entry.email else "",
        html_format('<a href="mailto:{}">{}</a>', entry.email, entry.email) if entry.email else "",
    )


def help_areas_cell(entry):
    """What _help_areas.html showed: the help areas as badges, then the free text shortened."""
    return html_format(
        "{}{}",
        SafeString("".join(_badge(area) for area in entry.help_area_list)),
        html_format('<span class="small">{}</span>', Truncator(entry.help_text).chars(120)) if entry.help_text else "",
    )


def _badge(area):
    """A help area's badge, made once per help area row read (the rows of a page share them)."""
    badge = area.__dict__.get("_badge")
    if badge is None:
        badge = area._badge = html_format(BADGE, area)
    return badge


def verified_cell(entry, texts, dates):
    """What _verified.html showed: when the entry was last verified, a warning when that is too long
    ago (or never), and whether it is archived. `texts`, `dates`: entry_rows'."""
    verified_at = entry.verified_at
    date = dates[verified_at] if verified_at else ""
    if entry.is_stale:
        if verified_at:
            # {% blocktranslate %}: the translation with the date put in, the date escaped (and here the
            # translation too: none has a character to escape, the markup is the template's).
            try:
                text = escape(texts["stale since"]) % {"date": escape(date)}
            except (KeyError, ValueError):  # a broken translation: the English text, as the template
                text = escape("Not verified since {date}").format(date=escape(date))
            text = mark_safe(text)  # noqa: S308  # nosec B308 B703: both parts escaped above
        else:
            text = texts["never"]
        cell = html_format('<span class="badge text-bg-warning">{}</span>', text)
    else:
        cell = html_format('<span class="text-body-secondary small">{}</span>', date)
    if entry.is_archived:
        cell = html_format('{} <span class="badge text-bg-secondary">{}</span>', cell, texts["archived"])
    return cell


class _Dates(dict):
    """`value|date:"SHORT_DATE_FORMAT"` in a template of each time (aware): the day in the current time
    zone, in the active language; a short date shows the day alone, so one text per day."""

    def __init__(self):
        super().__init__()
        self.days = {}

    def __missing__(self, value):
        day = template_localtime(value).date()
        text = self.days.get(day)
        if text is None:
            text = self.days[day] = date_filter(day, "SHORT_DATE_FORMAT")
        if len(self) > 5000:
            self.clear()
        self[value] = text
        return text


_dates = {}


def _dates_of_zone():
    """The dates' texts for the active language and time zone."""
    key = (get_language(), get_current_timezone_name())
    dates = _dates.get(key)
    if dates is None:
        dates = _dates[key] = _Dates()
    return dates
