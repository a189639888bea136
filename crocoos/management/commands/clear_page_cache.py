from django.core.management.base import BaseCommand

from crocoos import page_cache


class Command(BaseCommand):
    help = (
        "Make every kept page out of date (crocoos/page_cache.py). Changes made through Django do this "
        "on their own; run it after changing the database by other means (psql, a restore)."
    )

    def handle(self, *args, **options):
        page_cache.bump()
        self.stdout.write("Every kept page is out of date.")
