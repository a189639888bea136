"""The meeting page's rows (agenda, invitees, agenda candidates) made in Python, once per row, with
the markup the templates had (issue 7: a template loop with forms, links and translations per row
cost more than the page's queries). tests/meetings/test_meeting_rows.py renders the old template
loops next to these."""

from collections.abc import Callable
from typing import NamedTuple

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf
from django.utils.formats import date_format, time_format
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.timezone import template_localtime
from django.utils.translation import get_language, gettext, gettext_noop

from cases.models import Invitation, InviteeGroup
from crocoos.templatetags.crocoos_tags import _reversed, audit_trail_url, crispy_static, html_format

register = template.Library()


def _csrf_input(context):
    """What {% csrf_token %} writes."""
    token = context.get("csrf_token")
    if not token:
        return ""
    if token == "NOTPROVIDED":  # noqa: S105 (Django's marker, not a secret)
        return html_format("")
    return html_format('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)


# The fixed texts of the page and its rows, as the templates' {% translate %} and {% blocktranslate %}
# had them: translated once per language (a gettext costs 10-20 µs; the page has some seventy).
_FIXED = (
    gettext_noop("Edit minutes"),
    gettext_noop("Write minutes"),
    gettext_noop("Move up"),
    gettext_noop("Move down"),
    gettext_noop("Remove"),
    gettext_noop("core group"),
    gettext_noop("occasional"),
    gettext_noop("sent"),
    gettext_noop("Topic"),
    gettext_noop("Add"),
    gettext_noop("No valid written consent: the case cannot be discussed."),
    gettext_noop("Chair"),
    gettext_noop("When"),
    gettext_noop("Where"),
    gettext_noop("Change date, time or place"),
    gettext_noop("Record attendance"),
    gettext_noop("Set the next meeting"),
    gettext_noop("Cancel this meeting? Invitees get a cancellation."),
    gettext_noop("Cancel the meeting"),
    gettext_noop("Who has seen or changed this"),
    gettext_noop("Agenda (PDF)"),
    gettext_noop("Attendance sheet (PDF)"),
    gettext_noop("Minutes (PDF)"),
    gettext_noop("Minutes"),
    gettext_noop("Order"),
    gettext_noop("No items yet."),
    gettext_noop("Add a case"),
    gettext_noop("Only cases with a valid written consent can be discussed."),
    gettext_noop("Add a general item"),
    gettext_noop("Add the item"),
    gettext_noop("Agenda"),
    gettext_noop("Item"),
    gettext_noop("Search"),
    gettext_noop("No open cases."),
    gettext_noop("More open cases match: search by the case number or the young person's name."),
    gettext_noop("No representative of this municipality is in the directory yet."),
    gettext_noop("More partners of this municipality are in the directory: find them with the invitee search below."),
    gettext_noop("Invite the home municipality"),
    gettext_noop("Nobody is invited yet."),
    gettext_noop("Invitees"),
    gettext_noop("Name"),
    gettext_noop("Institute"),
    gettext_noop("Group"),
    gettext_noop("Answer"),
    gettext_noop("Save these invitees as a group"),
    gettext_noop("Name of the group"),
    gettext_noop("Kind"),
    gettext_noop("Core group"),
    gettext_noop("Occasional invitees"),
    gettext_noop("Save the group"),
    gettext_noop("Saved group"),
    gettext_noop("Invite the group"),
    gettext_noop("Manage groups"),
    gettext_noop("Someone else, by e-mail"),
    gettext_noop("Invite"),
    gettext_noop("Next meeting:"),
    gettext_noop("After the meeting"),
    gettext_noop(
        "Each participant of a case receives that case's summary with its action plan: a link for those with "
        "an account, otherwise an e-mail with the PDF. Nobody receives a case they did not take part in."
    ),
    gettext_noop("Send the case summaries to the participants"),
    gettext_noop("The young person of %(ref)s lives in %(name)s."),
    gettext_noop("Invite %(who)s"),
    gettext_noop("Last sent %(when)s"),
    gettext_noop("Send the invitations again"),
    gettext_noop("Send the invitations"),
)
_TRANSLATED = {}


def _fixed_texts():
    """{message: translation} of _FIXED in the active language, each as {% translate "message" %}
    writes it (not escaped: a template's literal is safe)."""
    language = get_language()
    texts = _TRANSLATED.get(language)
    if texts is None:
        texts = _TRANSLATED[language] = {message: SafeString(gettext(message)) for message in _FIXED}
    return texts


def _tools(context):
    """What the rows and sections of one page share, read once: the fixed texts in the page's
    language, row_url with the URL configuration and script prefix read once (row_url reads them on
    every call), and the CSRF token's input."""
    urlconf, prefix = get_urlconf() or settings.ROOT_URLCONF, get_script_prefix()
    return _Tools(_fixed_texts(), lambda name, *args: _reversed(urlconf, prefix, name, args), _csrf_input(context))


class _Tools(NamedTuple):
    texts: dict
    url: Callable
    csrf: str


@register.simple_tag(takes_context=True)
def agenda_rows(context, items, meeting, manage):
    """The rows of the agenda table (meeting_detail.html) from AgendaRow values (svc.agenda_rows), the
    convenor's buttons with `manage`."""
    return _agenda_rows(items, meeting, manage, _tools(context))


def _agenda_rows(items, meeting, manage, tools):
    t, url, csrf = tools
    if manage:
        edit, write = t["Edit minutes"], t["Write minutes"]
        up, down, remove = t["Move up"], t["Move down"], t["Remove"]
    rows = []
    for number, item in enumerate(items, start=1):
        if item.case_id:
            shown = html_format(
                '<a href="{}">{}</a> – {}', url("case_detail", item.case_id), item.reference, item.student_name
            )
        else:
            shown = conditional_escape(item.title)
        managed = ""
        if manage:
            managed = html_format(
                '\n      <td><a href="{}">{}</a></td>\n'
                '      <td><form method="post" action="{}" class="d-flex gap-1">{}\n'
                '        <button class="btn btn-sm btn-outline-secondary" name="action" value="up" type="submit"'
                ' aria-label="{}">↑</button>\n'
                '        <button class="btn btn-sm btn-outline-secondary" name="action" value="down" type="submit"'
                ' aria-label="{}">↓</button>\n'
                '        <button class="btn btn-sm btn-outline-danger" name="action" value="remove" type="submit"'
                ' aria-label="{}">×</button>\n'
                "      </form></td>\n      ",
                url("meeting_minutes", meeting.pk, item.pk),
                edit if item.minutes_id is not None else write,
                url("meeting_agenda_item", meeting.pk, item.pk),
                csrf,
                up,
                down,
                remove,
            )
        rows.append(
            html_format(
                '\n    <tr data-testid="agenda-item">\n      <td>{}</td>\n      <td>{}</td>\n      <td>{}</td>\n'
                "      {}\n    </tr>\n    ",
                number,
                shown,
                item.topic,
                managed,
            )
        )
    return SafeString("".join(rows))  # every row made by format_html


@register.simple_tag(takes_context=True)
def invitee_rows(context, invitations, meeting):
    """The rows of the invitees table (meeting_detail.html) from InviteeRow values (svc.invitee_rows),
    for those who manage the meeting."""
    return _invitee_rows(invitations, meeting, _tools(context))


def _invitee_rows(invitations, meeting, tools):
    t, url, csrf = tools
    core, occasional = t["core group"], t["occasional"]
    sent, remove = t["sent"], t["Remove"]
    # get_response_display() hashes every lazy label of the choices on each call (a gettext each)
    labels = {value: str(label) for value, label in Invitation._meta.get_field("response").flatchoices}
    rows = []
    for invitation in invitations:
        answer = conditional_escape(labels.get(invitation.response, invitation.response))
        if invitation.substitute_name:
            answer = html_format("{}: {}", answer, invitation.substitute_name)
        if invitation.sent_sequence is not None:
            answer = html_format('{} <span class="badge text-bg-light">{}</span>', answer, sent)
        rows.append(
            html_format(
                '\n    <tr data-testid="invitee"><td>{}</td><td>{}</td>\n'
                "      <td>{}</td>\n"
                "      <td>{}</td>\n"
                '      <td><form method="post" action="{}">{}<button class="btn btn-sm btn-outline-danger"'
                ' type="submit" aria-label="{}">×</button></form></td></tr>\n    ',
                invitation.display_name,
                invitation.display_institute,
                core if invitation.is_core else occasional,
                answer,
                url("meeting_invitation_remove", meeting.pk, invitation.pk),
                csrf,
                remove,
            )
        )
    return SafeString("".join(rows))  # every row made by format_html


@register.simple_tag(takes_context=True)
def agenda_candidate_rows(context, candidates, add_url):
    """The list items of open cases that can go on the agenda (_agenda_candidates.html)."""
    return _agenda_candidate_rows(candidates, add_url, _tools(context))


def _agenda_candidate_rows(candidates, add_url, tools):
    t = tools.texts
    csrf = tools.csrf
    topic, add = t["Topic"], t["Add"]
    no_consent = t["No valid written consent: the case cannot be discussed."]
    rows = []
    for case in candidates:
        if case.consented:
            row = html_format(
                '\n  <li class="list-group-item">\n  \n'
                '    <form method="post" action="{}" class="row g-2 align-items-center">{}\n'
                '      <input type="hidden" name="case" value="{}">\n'
                '      <div class="col-md-5"><span class="fw-semibold">{}</span> – {}</div>\n'
                '      <div class="col-md-5"><label class="visually-hidden" for="topic-{}">{}</label>\n'
                '        <input class="form-control form-control-sm" id="topic-{}" name="topic" placeholder="{}"'
                ' maxlength="500"></div>\n'
                '      <div class="col-md-2"><button class="btn btn-sm btn-primary" type="submit"'
                ' data-testid="add-case-{}">{}</button></div>\n'
                "    </form>\n  \n  </li>\n",
                add_url,
                csrf,
                case.pk,
                case.reference,
                case.student_name,
                case.pk,
                topic,
                case.pk,
                topic,
                case.reference,
                add,
            )
        else:
            row = html_format(
                '\n  <li class="list-group-item">\n  \n'
                '    <div class="row g-2 align-items-center text-body-secondary">\n'
                '      <div class="col-md-5">{} – {}</div>\n'
                '      <div class="col-md-5 small">{}</div>\n'
                '      <div class="col-md-2"><button class="btn btn-sm btn-secondary" type="button" disabled>{}'
                "</button></div>\n"
                "    </div>\n  \n  </li>\n",
                case.reference,
                case.student_name,
                no_consent,
                add,
            )
        rows.append(row)
    return SafeString("".join(rows))  # every row made by format_html


# --- the sections of the meeting page (meeting_detail.html) --------------------------------------
#
# What the template's sections wrote, made in Python for those who manage or staff the meeting: the
# page walked some 400 template nodes (57 translations, 15 forms and links) on every build (issue
# 7). tests/meetings/test_meeting_page_html.py renders the template as it was beside the page.


def _blocktranslate(message, **values):
    """{% blocktranslate with name=value %}: the translation as it is, the values escaped."""
    return SafeString(_fixed_texts()[message] % {name: conditional_escape(value) for name, value in values.items()})


def _datetime(value, format_name):
    """{{ value|date:format_name }} of a date and time (shown in the current time zone)."""
    return date_format(template_localtime(value), format_name)


@register.simple_tag
def meeting_head(meeting):
    """What cases/meetings/_meeting_head.html writes (its `{% load %}` line's newline first)."""
    t = _fixed_texts()
    cancelled = ""
    if meeting.is_cancelled:
        cancelled = html_format('<span class="badge text-bg-danger">{}</span>', meeting.get_status_display())
    chair = ""
    if meeting.chair:
        chair = html_format(
            '<dt class="col-sm-3">{}</dt><dd class="col-sm-9">{}</dd>',
            t["Chair"],
            meeting.chair.full_name,
        )
    return html_format(
        '\n<p class="mb-1"><span class="badge text-bg-secondary">{}</span>\n{}</p>\n<h1 class="h3">{}</h1>\n'
        '<dl class="row mb-3">\n'
        '  <dt class="col-sm-3">{}</dt><dd class="col-sm-9">{}, {}–{}</dd>\n'
        '  <dt class="col-sm-3">{}</dt><dd class="col-sm-9">{}</dd>\n'
        "  {}\n</dl>\n",
        meeting.get_kind_display(),
        cancelled,
        meeting.display_title,
        t["When"],
        date_format(meeting.date, "DATE_FORMAT"),
        time_format(meeting.start_time, "H:i"),
        time_format(meeting.end_time, "H:i"),
        t["Where"],
        meeting.place,
        chair,
    )


@register.simple_tag(takes_context=True)
def meeting_staff_sections(context):
    """Everything the meeting page shows its staff below the heading: the buttons, the agenda and,
    for those who manage it, the agenda's pickers, the suggestions, the invitees and what follows."""
    tools = _tools(context)
    meeting, manage = context["meeting"], context["manage"]
    open_to_change = manage and not meeting.is_cancelled
    parts = [_buttons(context, meeting, open_to_change, tools), "\n\n\n\n\n", _agenda(context, meeting, tools), "\n\n"]
    if manage:
        parts += [
            "\n",
            _suggestions(context, meeting, tools),
            "\n\n",
            _invitees(context, meeting, tools),
            "\n",
            _after(context, meeting, tools),
        ]
    return SafeString("".join(parts))  # every part made by html_format or escaped


def _buttons(context, meeting, open_to_change, tools):
    t, url, csrf = tools
    changes = cancel = ""
    if open_to_change:
        changes = html_format(
            '\n  <a class="btn btn-outline-primary btn-sm" href="{}">{}</a>\n'
            '  <a class="btn btn-outline-primary btn-sm" href="{}">{}</a>\n'
            '  <a class="btn btn-outline-primary btn-sm" href="{}">{}</a>\n  ',
            url("meeting_edit", meeting.pk),
            t["Change date, time or place"],
            url("meeting_attendance", meeting.pk),
            t["Record attendance"],
            url("meeting_next", meeting.pk),
            t["Set the next meeting"],
        )
        cancel = html_format(
            '\n  <form method="post" action="{}">{}\n'
            '    <button class="btn btn-outline-danger btn-sm" type="submit" data-confirm="{}">{}</button></form>\n  ',
            url("meeting_cancel", meeting.pk),
            csrf,
            t["Cancel this meeting? Invitees get a cancellation."],
            t["Cancel the meeting"],
        )
    trail = audit_trail_url(context, meeting)
    if trail:
        trail = html_format(
            '<a class="btn btn-outline-secondary btn-sm" href="{}">{}</a>',
            trail,
            t["Who has seen or changed this"],
        )
    return html_format(
        '\n<div class="d-flex flex-wrap gap-2 mb-4">\n  {}\n'
        '  <a class="btn btn-outline-secondary btn-sm" href="{}">{}</a>\n'
        '  <a class="btn btn-outline-secondary btn-sm" href="{}">{}</a>\n'
        '  <a class="btn btn-outline-secondary btn-sm" href="{}">{}</a>\n'
        "  {}\n  {}\n</div>\n",
        changes,
        url("meeting_pdf", meeting.pk, "agenda"),
        t["Agenda (PDF)"],
        url("meeting_pdf", meeting.pk, "attendance"),
        t["Attendance sheet (PDF)"],
        url("meeting_pdf", meeting.pk, "minutes"),
        t["Minutes (PDF)"],
        trail,
        cancel,
    )


def _agenda(context, meeting, tools):
    t, url, csrf = tools
    manage, items = context["manage"], context["items"]
    managed = ""
    if manage:
        managed = html_format(
            '<th scope="col">{}</th><th scope="col"><span class="visually-hidden">{}</span></th>',
            t["Minutes"],
            t["Order"],
        )
    if items:
        rows = _agenda_rows(items, meeting, manage, tools)
    else:
        rows = html_format('<tr><td colspan="5" class="text-body-secondary">{}</td></tr>\n    ', t["No items yet."])
    adding = ""
    if manage and not meeting.is_cancelled:
        adding = html_format(
            '\n  <div class="row g-4">\n    <div class="col-lg-7">\n      <h3 class="h6">{}</h3>\n'
            '      <p class="small text-body-secondary">{}</p>\n      {}\n    </div>\n'
            '    <div class="col-lg-5">\n      <h3 class="h6">{}</h3>\n'
            '      <form method="post" action="{}" novalidate>{}\n        {}\n'
            '        <button class="btn btn-sm btn-primary" type="submit">{}</button>\n'
            "      </form>\n    </div>\n  </div>\n  ",
            t["Add a case"],
            t["Only cases with a valid written consent can be discussed."],
            _picker(context["pickers"]["agenda"], _candidates(context, meeting, tools), tools),
            t["Add a general item"],
            url("meeting_agenda_add", meeting.pk),
            csrf,
            crispy_static(context["general_form"]),
            t["Add the item"],
        )
    return html_format(
        '<section class="mb-4" id="agenda" aria-labelledby="agenda-heading">\n'
        '  <h2 class="h5" id="agenda-heading">{}</h2>\n'
        '  <div class="table-responsive"><table class="table table-sm align-middle">\n'
        '    <thead><tr><th scope="col">#</th><th scope="col">{}</th><th scope="col">{}</th>{}</tr></thead>\n'
        "    <tbody>\n    {}\n    </tbody>\n  </table></div>\n  {}\n</section>\n",
        t["Agenda"],
        t["Item"],
        t["Topic"],
        managed,
        rows,
        adding,
    )


def _picker(picker, results, tools):
    """What cases/meetings/_picker.html writes on the meeting page (nothing searched yet)."""
    t = tools.texts
    return html_format(
        '\n<form method="get" action="{}" role="search" class="mb-2" hx-get="{}" hx-target="#{}" hx-swap="innerHTML"'
        ' hx-trigger="submit, input changed delay:300ms from:#{}-q" hx-sync="this:replace">\n'
        '  <label class="form-label small mb-1" for="{}-q">{}</label>\n'
        '  <div class="input-group input-group-sm">\n'
        '    <input class="form-control" type="search" id="{}-q" name="q" maxlength="100" autocomplete="off" value=""'
        ' placeholder="{}" aria-controls="{}">\n'
        '    <button class="btn btn-outline-primary" type="submit">{}</button>\n'
        "  </div>\n</form>\n"
        '<div id="{}" aria-live="polite">{}</div>\n',
        picker["action"],
        picker["action"],
        picker["target"],
        picker["target"],
        picker["target"],
        picker["label"],
        picker["target"],
        picker["placeholder"],
        picker["target"],
        t["Search"],
        picker["target"],
        results,
    )


def _candidates(context, meeting, tools):
    """What cases/meetings/_agenda_candidates.html writes on the meeting page (nothing searched yet)."""
    t = tools.texts
    url = tools.url
    if context["candidates"]:
        rows = _agenda_candidate_rows(context["candidates"], url("meeting_agenda_add", meeting.pk), tools)
    else:
        none = t["No open cases."]
        rows = html_format('\n  <li class="list-group-item text-body-secondary">{}</li>\n', none)
    more = ""
    if context["more_candidates"]:
        more = html_format(
            '\n  <li class="list-group-item small text-body-secondary" data-testid="agenda-candidates-more">{}</li>\n',
            t["More open cases match: search by the case number or the young person's name."],
        )
    return html_format('\n\n<ul class="list-group" data-testid="agenda-candidates">\n{}\n{}\n</ul>\n', rows, more)


def _suggestions(context, meeting, tools):
    t, url, csrf = tools
    suggestions = context["suggestions"]
    if not suggestions:
        return ""
    invite_url = url("meeting_invitees_add", meeting.pk)
    parts = []
    for case, municipality, partners, more in suggestions:
        parts.append(
            html_format(
                '\n  <p class="mb-1">{}</p>\n  ',
                _blocktranslate(
                    "The young person of %(ref)s lives in %(name)s.", ref=case.reference, name=municipality.name
                ),
            )
        )
        for partner in partners:
            parts.append(
                html_format(
                    '\n  <form method="post" action="{}" class="d-inline">{}\n'
                    '    <input type="hidden" name="partner" value="{}">\n'
                    '    <button class="btn btn-sm btn-outline-primary mb-1" type="submit">{}</button></form>\n  ',
                    invite_url,
                    csrf,
                    partner.pk,
                    _blocktranslate("Invite %(who)s", who=str(partner)),
                )
            )
        if not partners:
            parts.append(
                html_format(
                    '<p class="small mb-1">{}</p>\n  ',
                    t["No representative of this municipality is in the directory yet."],
                )
            )
        parts.append("\n  ")
        if more:
            parts.append(
                html_format(
                    '<p class="small mb-1">{}</p>',
                    t[
                        "More partners of this municipality are in the directory: find them with the invitee "
                        "search below."
                    ],
                )
            )
        parts.append("\n  ")
    return html_format(
        '\n<section class="alert alert-info" aria-labelledby="suggest-heading">\n'
        '  <h2 class="h6" id="suggest-heading">{}</h2>\n  {}\n</section>\n',
        t["Invite the home municipality"],
        SafeString("".join(parts)),
    )


def _invitees(context, meeting, tools):
    t = tools.texts
    invitations = context["invitations"]
    if invitations:
        rows = _invitee_rows(invitations, meeting, tools)
    else:
        rows = html_format(
            '<tr><td colspan="5" class="text-body-secondary">{}</td></tr>\n    ',
            t["Nobody is invited yet."],
        )
    changes = ""
    if not meeting.is_cancelled:
        changes = _inviting(context, meeting, tools)
    return html_format(
        '<section class="mb-4" id="invitees" aria-labelledby="invitees-heading">\n'
        '  <h2 class="h5" id="invitees-heading">{}</h2>\n'
        '  <div class="table-responsive"><table class="table table-sm align-middle">\n'
        '    <thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th>'
        '<th scope="col"><span class="visually-hidden">{}</span></th></tr></thead>\n'
        "    <tbody>\n    {}\n    </tbody>\n  </table></div>\n  {}\n</section>\n",
        t["Invitees"],
        t["Name"],
        t["Institute"],
        t["Group"],
        t["Answer"],
        t["Remove"],
        rows,
        changes,
    )


def _inviting(context, meeting, tools):
    """The invitees' forms of a meeting not cancelled: a saved group, the search, by e-mail, save, send."""
    t, url, csrf = tools
    groups, invitations = context["groups"], context["invitations"]
    kinds = {value: str(label) for value, label in InviteeGroup.Kind.choices}
    options = "".join(
        html_format('<option value="{}">{} ({})</option>', pk, name, kinds.get(kind, kind)) for pk, name, kind in groups
    )
    add_url = url("meeting_invitees_add", meeting.pk)
    save = ""
    if invitations:
        save = html_format(
            '\n  <form method="post" action="{}" class="row g-2 align-items-end mb-3">{}\n'
            '    <div class="col-md-4"><label class="form-label" for="group-name">{}</label>\n'
            '      <input class="form-control form-control-sm" id="group-name" name="name" maxlength="150"'
            ' placeholder="{}"></div>\n'
            '    <div class="col-md-3"><label class="visually-hidden" for="group-kind">{}</label>\n'
            '      <select class="form-select form-select-sm" id="group-kind" name="kind">\n'
            '        <option value="core">{}</option><option value="occasional">{}</option>\n'
            "      </select></div>\n"
            '    <div class="col-auto"><button class="btn btn-sm btn-outline-secondary" type="submit">{}</button>'
            "</div>\n  </form>\n  ",
            url("meeting_invitees_save_group", meeting.pk),
            csrf,
            t["Save these invitees as a group"],
            t["Name of the group"],
            t["Kind"],
            t["Core group"],
            t["Occasional invitees"],
            t["Save the group"],
        )
    sent = ""
    if meeting.invitations_sent_at:
        sent = html_format(
            '<span class="small text-body-secondary ms-2">{}</span>',
            _blocktranslate("Last sent %(when)s", when=_datetime(meeting.invitations_sent_at, "SHORT_DATETIME_FORMAT")),
        )
    send = t["Send the invitations again"] if meeting.invitations_sent_at else t["Send the invitations"]
    return html_format(
        '\n  <div class="row g-3 mb-3">\n'
        '    <form method="post" action="{}" class="col-md-6 col-lg-3">{}\n'
        '      <label class="form-label" for="invite-group">{}</label>\n'
        '      <select class="form-select form-select-sm mb-1" name="group" id="invite-group">\n'
        "        {}\n      </select>\n"
        '      <button class="btn btn-sm btn-outline-primary" type="submit" {}>{}</button>\n'
        '      <a class="btn btn-sm btn-link" href="{}">{}</a>\n'
        "    </form>\n"
        '    <div class="col-md-6 col-lg-6">\n      {}\n    </div>\n'
        '    <form method="post" action="{}" class="col-md-6 col-lg-3" novalidate>{}\n'
        '      <p class="form-label mb-1">{}</p>\n      {}\n'
        '      <button class="btn btn-sm btn-outline-primary" type="submit">{}</button>\n'
        "    </form>\n  </div>\n  {}\n"
        '  <form method="post" action="{}">{}\n'
        '    <button class="btn btn-primary" type="submit" {}>{}</button>\n    {}\n  </form>\n  ',
        add_url,
        csrf,
        t["Saved group"],
        SafeString(options),  # made by html_format
        "" if groups else "disabled",
        t["Invite the group"],
        url("meeting_group_list"),
        t["Manage groups"],
        _picker(context["pickers"]["invitees"], "\n\n\n", tools),
        add_url,
        csrf,
        t["Someone else, by e-mail"],
        crispy_static(context["email_form"]),
        t["Invite"],
        save,
        url("meeting_invitations_send", meeting.pk),
        csrf,
        "" if invitations else "disabled",
        send,
        sent,
    )


def _after(context, meeting, tools):
    t, url, csrf = tools
    sent = ""
    if meeting.summaries_sent_at:
        sent = html_format(
            '<span class="small text-body-secondary ms-2">{}</span>',
            _blocktranslate("Last sent %(when)s", when=_datetime(meeting.summaries_sent_at, "SHORT_DATETIME_FORMAT")),
        )
    following = ""
    if context["following"]:
        links = "".join(
            html_format(
                '<a href="{}">{}</a> ',
                url("meeting_detail", next_meeting.pk),
                date_format(next_meeting.date, "DATE_FORMAT"),
            )
            for next_meeting in context["following"]
        )
        following = html_format('<p class="mt-2">{} {}</p>', t["Next meeting:"], SafeString(links))
    return html_format(
        '<section class="mb-4" id="minutes" aria-labelledby="after-heading">\n'
        '  <h2 class="h5" id="after-heading">{}</h2>\n'
        '  <p class="small text-body-secondary">{}</p>\n'
        '  <form method="post" action="{}">{}\n'
        '    <button class="btn btn-outline-primary" type="submit">{}</button>\n    {}\n  </form>\n  {}\n'
        "</section>\n",
        t["After the meeting"],
        t[
            "Each participant of a case receives that case's summary with its action plan: a link for those with "
            "an account, otherwise an e-mail with the PDF. Nobody receives a case they did not take part in."
        ],
        url("meeting_summaries_send", meeting.pk),
        csrf,
        t["Send the case summaries to the participants"],
        sent,
        following,
    )
