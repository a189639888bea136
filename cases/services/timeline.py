"""The case timeline. An entry's text is kept as a message and its values, not as a sentence in the
language of whoever acted: each reader sees it in their own language (a Hungarian coordinator and a
Norwegian partner read the same case). `summary` keeps the sentence as written, for entries made
before messages were kept and for anything that reads the table directly."""

from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext

from cases.models import CaseEvent


def add_event(*, case, kind, actor=None, summary="", message="", params=None):
    """Append one entry to the case timeline.

    `message`: an English msgid (marked with gettext_noop) with %(name)s placeholders; `params` its
    values: plain text, or translatable labels (gettext_lazy strings, or lists of them), which are
    kept as their msgids and translated when the entry is read.
    """
    stored = {name: _stored(value) for name, value in (params or {}).items()}
    if message:
        summary = render(message, stored)
    return CaseEvent.objects.create(
        case=case, kind=kind, actor=actor, summary=str(summary)[:300], message=message, params=stored
    )


def render(message, params):
    """`message` with `params` (as add_event stores them) in the active language; a placeholder
    without a value reads as nothing, and a translation that does not format falls back to English."""
    values = _Values({name: _shown(value) for name, value in params.items()})
    try:
        return gettext(message) % values
    except (TypeError, ValueError):
        return message % values


class _Values(dict):
    def __missing__(self, key):
        return ""


def _stored(value):
    if isinstance(value, Promise):
        return {"msgid": _msgid(value)}
    if isinstance(value, (list, tuple)):
        return {"msgids": [_msgid(item) if isinstance(item, Promise) else str(item) for item in value]}
    return str(value)


def _shown(value):
    if isinstance(value, dict) and "msgid" in value:
        return gettext(value["msgid"])
    if isinstance(value, dict) and "msgids" in value:
        return ", ".join(capfirst(gettext(msgid)) for msgid in value["msgids"])  # labels, as forms show them
    return value


def _msgid(label):
    """The English msgid of a lazy label (gettext_lazy, or capfirst of one)."""
    while isinstance(label, Promise):
        args = getattr(label, "_args", ())
        if len(args) != 1:
            break
        label = args[0]
    return str(label)
