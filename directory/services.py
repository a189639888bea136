"""Changes to directory entries. Each writes the entry's history and the audit trail."""

from django.db import transaction
from django.utils import timezone

from crocoos import audit

from .models import EntryChange, InSchoolProfessional


def _owner_field(entry):
    return "professional" if isinstance(entry, InSchoolProfessional) else "partner"


def history_line(*, entry, action, actor, changed_fields=()):
    """An unsaved history line for `entry` (bulk imports create many at once)."""
    return EntryChange(
        **{_owner_field(entry): entry}, action=action, actor=actor, changed_fields=sorted(changed_fields)
    )


def _record(*, entry, action, actor, request=None, changed_fields=()):
    history_line(entry=entry, action=action, actor=actor, changed_fields=changed_fields).save()
    audit.record(f"directory.{action}", request=request, actor=actor, obj=entry, changed_fields=changed_fields)


@transaction.atomic
def entry_create(*, form, actor, request=None):
    """Save a new entry from a valid form. Whoever types it in has just verified it."""
    entry = form.save(commit=False)
    entry.verified_at, entry.verified_by = timezone.now(), actor
    entry.save()
    form.save_m2m()
    _record(entry=entry, action=EntryChange.Action.CREATED, actor=actor, request=request)
    return entry


@transaction.atomic
def entry_update(*, form, actor, request=None):
    entry = form.save()
    if form.changed_data:
        _record(
            entry=entry,
            action=EntryChange.Action.CHANGED,
            actor=actor,
            request=request,
            changed_fields=form.changed_data,
        )
    return entry


@transaction.atomic
def entry_verify(*, entry, actor, request=None):
    """The details were checked and are still right."""
    entry.verified_at, entry.verified_by = timezone.now(), actor
    entry.save(update_fields=["verified_at", "verified_by", "updated_at"])
    _record(entry=entry, action=EntryChange.Action.VERIFIED, actor=actor, request=request)
    return entry


@transaction.atomic
def entry_set_archived(*, entry, archived, actor, request=None):
    """Archive (hide from lists, keep for history) or restore an entry."""
    if entry.is_archived == archived:
        return entry
    entry.archived_at = timezone.now() if archived else None
    entry.save(update_fields=["archived_at", "updated_at"])
    action = EntryChange.Action.ARCHIVED if archived else EntryChange.Action.RESTORED
    _record(entry=entry, action=action, actor=actor, request=request)
    return entry
