from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from crocoos.retention import apply_retention


class Command(BaseCommand):
    help = "Delete or anonymise personal data whose retention period is over (run it daily)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only report what would be done.")
        parser.add_argument("--now", help="Pretend it is this moment (ISO 8601), to check a schedule in advance.")

    def handle(self, *args, dry_run=False, now=None, **options):
        moment = timezone.now()
        if now:
            try:
                moment = datetime.fromisoformat(now)
            except ValueError as error:
                raise CommandError(f"--now: {error}") from error
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment)
        results = apply_retention(now=moment, dry_run=dry_run)
        prefix = "[dry run] " if dry_run else ""
        if not results:
            self.stdout.write(f"{prefix}No retention handlers are registered.")
        for name, counts in results.items():
            summary = ", ".join(f"{label}: {count}" for label, count in counts.items()) or "nothing due"
            self.stdout.write(f"{prefix}{name}: {summary}")
