from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrocoosConfig(AppConfig):
    name = "crocoos"
    verbose_name = _("Organisation and accounts")
