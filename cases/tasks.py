"""Background tasks (django-tasks): reminder e-mails about action-plan deadlines, batches of case sheets.

`manage.py send_reminders` (daily, from cron) enqueues them; `manage.py db_worker` runs them.
E-mails carry no personal data of the student: only the case reference and a link.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from cases.models import ActionItem, Case, SheetBatch
from cases.services.sheet_batches import print_batch

logger = logging.getLogger(__name__)


def _recipients(action):
    """The responsible people who may open the case now (a partner only while consent allows)."""
    users = [action.responsible_user] if action.responsible_user_id else []
    users += [
        entry.user for entry in (action.responsible_partner, action.responsible_professional) if entry and entry.user_id
    ]
    return sorted(
        {
            user.email
            for user in users
            if user.is_active and Case.objects.visible_to(user).filter(pk=action.case_id).exists()
        }
    )


@task()
def send_action_reminder(action_id, kind):
    """E-mail the people responsible for one action row; `kind` is "before" or "after" the deadline."""
    field = "reminder_before_sent_at" if kind == "before" else "reminder_after_sent_at"
    with transaction.atomic():
        action = (
            ActionItem.objects.select_for_update(of=("self",))
            .select_related("case", "responsible_user", "responsible_partner__user", "responsible_professional__user")
            .filter(pk=action_id, **{f"{field}__isnull": True})
            .first()
        )
        if action is None:
            return 0
        recipients = _recipients(action)
        if recipients:
            language = getattr(action.responsible_user, "language", "") or settings.LANGUAGE_CODE
            with translation.override(language):
                context = {
                    "action": action,
                    "kind": kind,
                    "url": settings.SITE_URL.rstrip("/") + reverse("action_update", args=[action.pk]),
                }
                subject = render_to_string("cases/email/action_reminder_subject.txt", context).strip()
                body = render_to_string("cases/email/action_reminder.txt", context)
            send_mail(subject, body, None, recipients)
        setattr(action, field, timezone.now())
        action.save(update_fields=[field])
        return len(recipients)


@task()
def print_sheet_batch(batch_id):
    """Render a batch of case sheets into one PDF; a failure marks the batch failed for its page."""
    batch = SheetBatch.objects.select_related("created_by").get(pk=batch_id)
    try:
        with translation.override(batch.language or settings.LANGUAGE_CODE):
            print_batch(batch)
    except Exception:
        logger.exception("case sheet batch %s failed", batch_id)
        SheetBatch.objects.filter(pk=batch_id).update(status=SheetBatch.Status.FAILED)
        raise
    return batch.processed
