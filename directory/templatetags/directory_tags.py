"""A row of the table of entries (templates/directory/_entry_table.html: the list pages and the
search), made in Python: the same markup as the template's cells and its two per-row includes
(_help_areas.html, _verified.html) gave, which cost most of the search page's time (issue 7).

An entry needs `help_area_list` (directory.selectors.with_help_areas) and the columns of its kind's
`table_columns`. Also the directory's tabs (_tabs.html), kept once rendered.
"""

from html import escape

from django import template
from django.conf import settings
from django.template.defaultfilters import date as date_filter
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import SafeString
from django.utils.timezone import get_current_timezone_name, template_localtime
from django.utils.translation import get_language, gettext

from crocoos.templatetags.crocoos_tags import html_format, row_url, shortened

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
HELP_TEXT_CHARS = 120  # _help_areas.html's truncatechars


@register.simple_tag
def directory_tabs(active):
    """directory/_tabs.html with the tab `active` ("search", or a list's slug) marked: its links and
    labels depend on nothing but the language and the URL configuration, so it is rendered once for
    each of those and tab, then kept (an include of it cost the search page 0.1 ms, issue 7)."""
    key = (get_language(), get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF, active)
    tabs = _tabs.get(key)
    if tabs is None:
        if len(_tabs) > 100:  # a few languages and three tabs: never grows unbounded
            _tabs.clear()
        tabs = _tabs[key] = render_to_string("directory/_tabs.html", {"active": active})
    return tabs


_tabs = {}


@register.simple_tag
def entry_rows(kind, entries):
    """The `<tr>` of each of `entries` in the table of entries of `kind`, whitespace included; the
    texts every row may show translated once for the list, and each related row's (a sector's
    name through gettext) once for each one the list shows."""
    texts = {
        "stale since": gettext("Not verified since %(date)s"),
        "never": gettext("Never verified"),
        "archived": gettext("Archived"),
    }
    dates = _dates_of_zone()
    if kind.slug == "school":
        rows = (_school_row(entry, texts, dates) for entry in entries)
    else:
        related = {}
        rows = (_partner_row(entry, texts, dates, related) for entry in entries)
    return SafeString("".join(rows))  # every value escaped in its row


# A row's values are text read from the database, escaped as html_format and format_html escape text
# (html.escape), and each row and cell is made by one str.format or f-string of escaped values and
# markup made here (issue 7: through html_format a row cost about twice as much).


def _school_row(entry, texts, dates):
    return SCHOOL_ROW.format(
        escape(row_url("directory_detail", "school", entry.pk)),
        escape(entry.name),
        escape(entry.position),
        escape(entry.school.name),
        contact_cell(entry),
        help_areas_cell(entry),
        verified_cell(entry, texts, dates),
    )


def _partner_row(entry, texts, dates, related):
    """`related`: each related row's text as shown, made once for the list (kept by the caller)."""
    sector = entry.sector
    if sector is None:
        shown = "–"
    else:
        shown = related.get(sector.pk)
        if shown is None:
            shown = related[sector.pk] = escape(str(sector))
    return PARTNER_ROW.format(
        escape(row_url("directory_detail", "partners", entry.pk)),
        escape(entry.institute),
        SECONDARY.format(escape(entry.address)) if entry.address else "",
        shown,
        escape(entry.contact_name) if entry.contact_name else "–",
        SECONDARY.format(escape(entry.position)) if entry.position else "",
        contact_cell(entry),
        help_areas_cell(entry),
        verified_cell(entry, texts, dates),
    )


def contact_cell(entry):
    phone, email = entry.phone, entry.email
    link = f'<a href="mailto:{escape(email)}">{escape(email)}</a>' if email else ""
    return f'<td class="small">{escape(phone)}{BREAK if phone and email else ""}{link}</td>'


def help_areas_cell(entry):
    """What _help_areas.html showed: the help areas as badges, then the free text shortened."""
    badges = "".join(_badge(area) for area in entry.help_area_list)
    if entry.help_text:
        return f'{badges}<span class="small">{escape(shortened(entry.help_text, HELP_TEXT_CHARS))}</span>'
    return badges


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
        else:
            text = escape(texts["never"])
        cell = f'<span class="badge text-bg-warning">{text}</span>'
    else:
        cell = f'<span class="text-body-secondary small">{escape(date)}</span>'
    if entry.is_archived:
        cell = f'{cell} <span class="badge text-bg-secondary">{escape(texts["archived"])}</span>'
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
