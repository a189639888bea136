"""Action-plan follow-up: updates by the responsible person, overdue lists, reminders."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from cases.models import ActionItem, Case, CaseEvent
from cases.models.case import visible_filter

from .timeline import add_event

REMIND_DAYS_BEFORE = 3


def actions_for(user, entries=None):
    """The user's action rows on cases they may see (a partner's vanish with the consent).

    `entries`: the user's directory entries when the caller already read them (models.action.directory_entries)."""
    # Scoped on the joined case, the join the lists' select_related("case") needs anyway, not
    # "case IN (the user's visible cases)": one join instead of a subquery to build and plan.
    return ActionItem.objects.responsible(user, entries).filter(visible_filter(user, "case__"))


@transaction.atomic
def update_action(*, action, changed_by, status, result):
    changed = []
    if status != action.status:
        changed.append("status")
    if result != action.result:
        changed.append("result")
    if not changed:
        return action, changed
    action.status, action.result = status, result
    action.save(update_fields=["status", "result", "updated_at"])
    add_event(
        case=action.case,
        kind=CaseEvent.Kind.ACTION,
        actor=changed_by,
        message=gettext_noop("%(action)s: %(status)s"),
        params={"action": action.action[:200], "status": action.Status(action.status).label},
    )
    return action, changed


def due_reminders(*, today=None):
    """Rows that need a reminder today: (rows due soon, rows overdue), each reminded once."""
    today = today or timezone.localdate()
    rows = ActionItem.objects.open().filter(case__status=Case.Status.OPEN)
    soon = rows.filter(
        deadline__gte=today,
        deadline__lte=today + datetime.timedelta(days=REMIND_DAYS_BEFORE),
        reminder_before_sent_at__isnull=True,
    )
    overdue = rows.filter(deadline__lt=today, reminder_after_sent_at__isnull=True)
    return soon, overdue
