"""The meeting page's rows (agenda, invitees, agenda candidates) made in Python, once per row, with
the markup the templates had (issue 7: a template loop with forms, links and translations per row
cost more than the page's queries). tests/meetings/test_meeting_rows.py renders the old template
loops next to these."""

from django import template
from django.utils.formats import date_format, time_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from django.utils.timezone import template_localtime
from django.utils.translation import gettext

from cases.models import Invitation, InviteeGroup
from crocoos.templatetags.crocoos_tags import audit_trail_url, crispy_static, html_format, row_url

register = template.Library()


def _csrf_input(context):
    """What {% csrf_token %} writes."""
    token = context.get("csrf_token")
    if not token:
        return ""
    if token == "NOTPROVIDED":  # noqa: S105 (Django's marker, not a secret)
        return format_html("")
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)


def _literal(translation):
    """A translation as {% translate "literal" %} writes it: not escaped (a template's literal is safe)."""
    return SafeString(translation)


@register.simple_tag(takes_context=True)
def agenda_rows(context, items, meeting, manage):
    """The rows of the agenda table (meeting_detail.html) from AgendaRow values (svc.agenda_rows), the
    convenor's buttons with `manage`."""
    if manage:
        csrf = _csrf_input(context)
        edit, write = _literal(gettext("Edit minutes")), _literal(gettext("Write minutes"))
        up, down, remove = _literal(gettext("Move up")), _literal(gettext("Move down")), _literal(gettext("Remove"))
    rows = []
    for number, item in enumerate(items, start=1):
        if item.case_id:
            shown = format_html(
                '<a href="{}">{}</a> – {}', row_url("case_detail", item.case_id), item.reference, item.student_name
            )
        else:
            shown = conditional_escape(item.title)
        managed = ""
        if manage:
            managed = format_html(
                '\n      <td><a href="{}">{}</a></td>\n'
                '      <td><form method="post" action="{}" class="d-flex gap-1">{}\n'
                '        <button class="btn btn-sm btn-outline-secondary" name="action" value="up" type="submit"'
                ' aria-label="{}">↑</button>\n'
                '        <button class="btn btn-sm btn-outline-secondary" name="action" value="down" type="submit"'
                ' aria-label="{}">↓</button>\n'
                '        <button class="btn btn-sm btn-outline-danger" name="action" value="remove" type="submit"'
                ' aria-label="{}">×</button>\n'
                "      </form></td>\n      ",
                row_url("meeting_minutes", meeting.pk, item.pk),
                edit if item.minutes_id is not None else write,
                row_url("meeting_agenda_item", meeting.pk, item.pk),
                csrf,
                up,
                down,
                remove,
            )
        rows.append(
            format_html(
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
    csrf = _csrf_input(context)
    core, occasional = _literal(gettext("core group")), _literal(gettext("occasional"))
    sent, remove = _literal(gettext("sent")), _literal(gettext("Remove"))
    # get_response_display() hashes every lazy label of the choices on each call (a gettext each)
    labels = {value: str(label) for value, label in Invitation._meta.get_field("response").flatchoices}
    rows = []
    for invitation in invitations:
        answer = conditional_escape(labels.get(invitation.response, invitation.response))
        if invitation.substitute_name:
            answer = format_html("{}: {}", answer, invitation.substitute_name)
        if invitation.sent_sequence is not None:
            answer = format_html('{} <span class="badge text-bg-light">{}</span>', answer, sent)
        rows.append(
            format_html(
                '\n    <tr data-testid="invitee"><td>{}</td><td>{}</td>\n'
                "      <td>{}</td>\n"
                "      <td>{}</td>\n"
                '      <td><form method="post" action="{}">{}<button class="btn btn-sm btn-outline-danger"'
                ' type="submit" aria-label="{}">×</button></form></td></tr>\n    ',
                invitation.display_name,
                invitation.display_institute,
                core if invitation.is_core else occasional,
                answer,
                row_url("meeting_invitation_remove", meeting.pk, invitation.pk),
                csrf,
                remove,
            )
        )
    return SafeString("".join(rows))  # every row made by format_html


@register.simple_tag(takes_context=True)
def agenda_candidate_rows(context, candidates, add_url):
    """The list items of open cases that can go on the agenda (_agenda_candidates.html)."""
    csrf = _csrf_input(context)
    topic, add = _literal(gettext("Topic")), _literal(gettext("Add"))
    no_consent = _literal(gettext("No valid written consent: the case cannot be discussed."))
    rows = []
    for case in candidates:
        if case.consented:
            row = format_html(
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
            row = format_html(
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
    return SafeString(gettext(message) % {name: conditional_escape(value) for name, value in values.items()})


def _datetime(value, format_name):
    """{{ value|date:format_name }} of a date and time (shown in the current time zone)."""
    return date_format(template_localtime(value), format_name)


@register.simple_tag
def meeting_head(meeting):
    """What cases/meetings/_meeting_head.html writes (its `{% load %}` line's newline first)."""
    cancelled = ""
    if meeting.is_cancelled:
        cancelled = html_format('<span class="badge text-bg-danger">{}</span>', meeting.get_status_display())
    chair = ""
    if meeting.chair:
        chair = html_format(
            '<dt class="col-sm-3">{}</dt><dd class="col-sm-9">{}</dd>',
            _literal(gettext("Chair")),
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
        _literal(gettext("When")),
        date_format(meeting.date, "DATE_FORMAT"),
        time_format(meeting.start_time, "H:i"),
        time_format(meeting.end_time, "H:i"),
        _literal(gettext("Where")),
        meeting.place,
        chair,
    )


@register.simple_tag(takes_context=True)
def meeting_staff_sections(context):
    """Everything the meeting page shows its staff below the heading: the buttons, the agenda and,
    for those who manage it, the agenda's pickers, the suggestions, the invitees and what follows."""
    csrf = _csrf_input(context)
    meeting, manage = context["meeting"], context["manage"]
    open_to_change = manage and not meeting.is_cancelled
    parts = [_buttons(context, meeting, open_to_change, csrf), "\n\n\n\n\n", _agenda(context, meeting, csrf), "\n\n"]
    if manage:
        parts += [
            "\n",
            _suggestions(context, meeting, csrf),
            "\n\n",
            _invitees(context, meeting, csrf),
            "\n",
            _after(context, meeting, csrf),
        ]
    return SafeString("".join(parts))  # every part made by html_format or escaped


def _buttons(context, meeting, open_to_change, csrf):
    changes = cancel = ""
    if open_to_change:
        changes = html_format(
            '\n  <a class="btn btn-outline-primary btn-sm" href="{}">{}</a>\n'
            '  <a class="btn btn-outline-primary btn-sm" href="{}">{}</a>\n'
            '  <a class="btn btn-outline-primary btn-sm" href="{}">{}</a>\n  ',
            row_url("meeting_edit", meeting.pk),
            _literal(gettext("Change date, time or place")),
            row_url("meeting_attendance", meeting.pk),
            _literal(gettext("Record attendance")),
            row_url("meeting_next", meeting.pk),
            _literal(gettext("Set the next meeting")),
        )
        cancel = html_format(
            '\n  <form method="post" action="{}">{}\n'
            '    <button class="btn btn-outline-danger btn-sm" type="submit" data-confirm="{}">{}</button></form>\n  ',
            row_url("meeting_cancel", meeting.pk),
            csrf,
            _literal(gettext("Cancel this meeting? Invitees get a cancellation.")),
            _literal(gettext("Cancel the meeting")),
        )
    trail = audit_trail_url(context, meeting)
    if trail:
        trail = html_format(
            '<a class="btn btn-outline-secondary btn-sm" href="{}">{}</a>',
            trail,
            _literal(gettext("Who has seen or changed this")),
        )
    return html_format(
        '\n<div class="d-flex flex-wrap gap-2 mb-4">\n  {}\n'
        '  <a class="btn btn-outline-secondary btn-sm" href="{}">{}</a>\n'
        '  <a class="btn btn-outline-secondary btn-sm" href="{}">{}</a>\n'
        '  <a class="btn btn-outline-secondary btn-sm" href="{}">{}</a>\n'
        "  {}\n  {}\n</div>\n",
        changes,
        row_url("meeting_pdf", meeting.pk, "agenda"),
        _literal(gettext("Agenda (PDF)")),
        row_url("meeting_pdf", meeting.pk, "attendance"),
        _literal(gettext("Attendance sheet (PDF)")),
        row_url("meeting_pdf", meeting.pk, "minutes"),
        _literal(gettext("Minutes (PDF)")),
        trail,
        cancel,
    )


def _agenda(context, meeting, csrf):
    manage, items = context["manage"], context["items"]
    managed = ""
    if manage:
        managed = html_format(
            '<th scope="col">{}</th><th scope="col"><span class="visually-hidden">{}</span></th>',
            _literal(gettext("Minutes")),
            _literal(gettext("Order")),
        )
    if items:
        rows = agenda_rows(context, items, meeting, manage)
    else:
        rows = html_format(
            '<tr><td colspan="5" class="text-body-secondary">{}</td></tr>\n    ', _literal(gettext("No items yet."))
        )
    adding = ""
    if manage and not meeting.is_cancelled:
        adding = html_format(
            '\n  <div class="row g-4">\n    <div class="col-lg-7">\n      <h3 class="h6">{}</h3>\n'
            '      <p class="small text-body-secondary">{}</p>\n      {}\n    </div>\n'
            '    <div class="col-lg-5">\n      <h3 class="h6">{}</h3>\n'
            '      <form method="post" action="{}" novalidate>{}\n        {}\n'
            '        <button class="btn btn-sm btn-primary" type="submit">{}</button>\n'
            "      </form>\n    </div>\n  </div>\n  ",
            _literal(gettext("Add a case")),
            _literal(gettext("Only cases with a valid written consent can be discussed.")),
            _picker(context["pickers"]["agenda"], _candidates(context, meeting)),
            _literal(gettext("Add a general item")),
            row_url("meeting_agenda_add", meeting.pk),
            csrf,
            crispy_static(context["general_form"]),
            _literal(gettext("Add the item")),
        )
    return html_format(
        '<section class="mb-4" id="agenda" aria-labelledby="agenda-heading">\n'
        '  <h2 class="h5" id="agenda-heading">{}</h2>\n'
        '  <div class="table-responsive"><table class="table table-sm align-middle">\n'
        '    <thead><tr><th scope="col">#</th><th scope="col">{}</th><th scope="col">{}</th>{}</tr></thead>\n'
        "    <tbody>\n    {}\n    </tbody>\n  </table></div>\n  {}\n</section>\n",
        _literal(gettext("Agenda")),
        _literal(gettext("Item")),
        _literal(gettext("Topic")),
        managed,
        rows,
        adding,
    )


def _picker(picker, results):
    """What cases/meetings/_picker.html writes on the meeting page (nothing searched yet)."""
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
        _literal(gettext("Search")),
        picker["target"],
        results,
    )


def _candidates(context, meeting):
    """What cases/meetings/_agenda_candidates.html writes on the meeting page (nothing searched yet)."""
    if context["candidates"]:
        rows = agenda_candidate_rows(context, context["candidates"], row_url("meeting_agenda_add", meeting.pk))
    else:
        none = _literal(gettext("No open cases."))
        rows = html_format('\n  <li class="list-group-item text-body-secondary">{}</li>\n', none)
    more = ""
    if context["more_candidates"]:
        more = html_format(
            '\n  <li class="list-group-item small text-body-secondary" data-testid="agenda-candidates-more">{}</li>\n',
            _literal(gettext("More open cases match: search by the case number or the young person's name.")),
        )
    return html_format('\n\n<ul class="list-group" data-testid="agenda-candidates">\n{}\n{}\n</ul>\n', rows, more)


def _suggestions(context, meeting, csrf):
    suggestions = context["suggestions"]
    if not suggestions:
        return ""
    invite_url = row_url("meeting_invitees_add", meeting.pk)
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
                    _literal(gettext("No representative of this municipality is in the directory yet.")),
                )
            )
        parts.append("\n  ")
        if more:
            parts.append(
                html_format(
                    '<p class="small mb-1">{}</p>',
                    _literal(
                        gettext(
                            "More partners of this municipality are in the directory: find them with the invitee "
                            "search below."
                        )
                    ),
                )
            )
        parts.append("\n  ")
    return html_format(
        '\n<section class="alert alert-info" aria-labelledby="suggest-heading">\n'
        '  <h2 class="h6" id="suggest-heading">{}</h2>\n  {}\n</section>\n',
        _literal(gettext("Invite the home municipality")),
        SafeString("".join(parts)),
    )


def _invitees(context, meeting, csrf):
    invitations = context["invitations"]
    if invitations:
        rows = invitee_rows(context, invitations, meeting)
    else:
        rows = html_format(
            '<tr><td colspan="5" class="text-body-secondary">{}</td></tr>\n    ',
            _literal(gettext("Nobody is invited yet.")),
        )
    changes = ""
    if not meeting.is_cancelled:
        changes = _inviting(context, meeting, csrf)
    return html_format(
        '<section class="mb-4" id="invitees" aria-labelledby="invitees-heading">\n'
        '  <h2 class="h5" id="invitees-heading">{}</h2>\n'
        '  <div class="table-responsive"><table class="table table-sm align-middle">\n'
        '    <thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th>'
        '<th scope="col"><span class="visually-hidden">{}</span></th></tr></thead>\n'
        "    <tbody>\n    {}\n    </tbody>\n  </table></div>\n  {}\n</section>\n",
        _literal(gettext("Invitees")),
        _literal(gettext("Name")),
        _literal(gettext("Institute")),
        _literal(gettext("Group")),
        _literal(gettext("Answer")),
        _literal(gettext("Remove")),
        rows,
        changes,
    )


def _inviting(context, meeting, csrf):
    """The invitees' forms of a meeting not cancelled: a saved group, the search, by e-mail, save, send."""
    groups, invitations = context["groups"], context["invitations"]
    kinds = {value: str(label) for value, label in InviteeGroup.Kind.choices}
    options = "".join(
        html_format('<option value="{}">{} ({})</option>', pk, name, kinds.get(kind, kind)) for pk, name, kind in groups
    )
    add_url = row_url("meeting_invitees_add", meeting.pk)
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
            row_url("meeting_invitees_save_group", meeting.pk),
            csrf,
            _literal(gettext("Save these invitees as a group")),
            _literal(gettext("Name of the group")),
            _literal(gettext("Kind")),
            _literal(gettext("Core group")),
            _literal(gettext("Occasional invitees")),
            _literal(gettext("Save the group")),
        )
    sent = ""
    if meeting.invitations_sent_at:
        sent = html_format(
            '<span class="small text-body-secondary ms-2">{}</span>',
            _blocktranslate("Last sent %(when)s", when=_datetime(meeting.invitations_sent_at, "SHORT_DATETIME_FORMAT")),
        )
    send = _literal(
        gettext("Send the invitations again") if meeting.invitations_sent_at else gettext("Send the invitations")
    )
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
        _literal(gettext("Saved group")),
        SafeString(options),  # made by html_format
        "" if groups else "disabled",
        _literal(gettext("Invite the group")),
        row_url("meeting_group_list"),
        _literal(gettext("Manage groups")),
        _picker(context["pickers"]["invitees"], "\n\n\n"),
        add_url,
        csrf,
        _literal(gettext("Someone else, by e-mail")),
        crispy_static(context["email_form"]),
        _literal(gettext("Invite")),
        save,
        row_url("meeting_invitations_send", meeting.pk),
        csrf,
        "" if invitations else "disabled",
        send,
        sent,
    )


def _after(context, meeting, csrf):
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
                row_url("meeting_detail", next_meeting.pk),
                date_format(next_meeting.date, "DATE_FORMAT"),
            )
            for next_meeting in context["following"]
        )
        following = html_format('<p class="mt-2">{} {}</p>', _literal(gettext("Next meeting:")), SafeString(links))
    return html_format(
        '<section class="mb-4" id="minutes" aria-labelledby="after-heading">\n'
        '  <h2 class="h5" id="after-heading">{}</h2>\n'
        '  <p class="small text-body-secondary">{}</p>\n'
        '  <form method="post" action="{}">{}\n'
        '    <button class="btn btn-outline-primary" type="submit">{}</button>\n    {}\n  </form>\n  {}\n'
        "</section>\n",
        _literal(gettext("After the meeting")),
        _literal(
            gettext(
                "Each participant of a case receives that case's summary with its action plan: a link for those with "
                "an account, otherwise an e-mail with the PDF. Nobody receives a case they did not take part in."
            )
        ),
        row_url("meeting_summaries_send", meeting.pk),
        csrf,
        _literal(gettext("Send the case summaries to the participants")),
        sent,
        following,
    )
