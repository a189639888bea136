"""The meeting page's rows (agenda, invitees, agenda candidates) made in Python, once per row, with
the markup the templates had (issue 7: a template loop with forms, links and translations per row
cost more than the page's queries). tests/meetings/test_meeting_rows.py renders the old template
loops next to these."""

from django import template
from django.core.exceptions import ObjectDoesNotExist
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from cases.models import Invitation
from crocoos.templatetags.crocoos_tags import row_url

register = template.Library()


def _csrf_input(context):
    """What {% csrf_token %} writes."""
    token = context.get("csrf_token")
    if not token:
        return ""
    if token == "NOTPROVIDED":  # noqa: S105 (Django's marker, not a secret)
        return format_html("")
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)


def _has_minutes(item):
    """{% if item.minutes %}: a missing one-to-one row reads as nothing in a template."""
    try:
        return bool(item.minutes)
    except ObjectDoesNotExist:
        return False


@register.simple_tag(takes_context=True)
def agenda_rows(context, items, meeting, manage):
    """The rows of the agenda table (meeting_detail.html), the convenor's buttons with `manage`."""
    if manage:
        csrf = _csrf_input(context)
        edit, write = gettext("Edit minutes"), gettext("Write minutes")
        up, down, remove = gettext("Move up"), gettext("Move down"), gettext("Remove")
    rows = []
    for number, item in enumerate(items, start=1):
        if item.case_id:
            case = item.case
            shown = format_html(
                '<a href="{}">{}</a> – {}', row_url("case_detail", item.case_id), case.reference, case.student.full_name
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
                edit if _has_minutes(item) else write,
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
    """The rows of the invitees table (meeting_detail.html), for those who manage the meeting."""
    csrf = _csrf_input(context)
    core, occasional, sent, remove = gettext("core group"), gettext("occasional"), gettext("sent"), gettext("Remove")
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
    topic, add = gettext("Topic"), gettext("Add")
    no_consent = gettext("No valid written consent: the case cannot be discussed.")
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
