from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrocoosConfig(AppConfig):
    name = "crocoos"
    verbose_name = _("Organisation and accounts")

    def ready(self):
        from . import search  # noqa: F401  (registers crocoos_fold on SQLite connections)
