from importlib import import_module

from django.core.management.base import BaseCommand

# Each app contributes its own fictional demo data, loaded in this order.
DEMO_MODULES = ["crocoos.demo", "directory.demo", "cases.demo", "cases.demo_meetings"]


class Command(BaseCommand):
    help = "Load fictional demo data (idempotent). All demo accounts use the password crocoos-demo."

    def handle(self, *args, **options):
        for name in DEMO_MODULES:
            try:
                module = import_module(name)
            except ModuleNotFoundError as error:
                if error.name != name:
                    raise
                continue
            module.load()
            self.stdout.write(f"Loaded {name}")
        self.stdout.write(self.style.SUCCESS("Demo data ready. Password for every demo account: crocoos-demo"))
