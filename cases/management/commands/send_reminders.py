from django.core.management.base import BaseCommand

from cases.services.actions import due_reminders
from cases.tasks import send_action_reminder


class Command(BaseCommand):
    help = "Enqueue reminder e-mails for action rows due soon or overdue (run daily)."

    def handle(self, *args, **options):
        soon, overdue = due_reminders()
        count = 0
        for kind, rows in (("before", soon), ("after", overdue)):
            for action_id in rows.values_list("pk", flat=True):
                send_action_reminder.enqueue(action_id, kind)
                count += 1
        self.stdout.write(f"Enqueued {count} reminders")
