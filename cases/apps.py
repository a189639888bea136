from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Students and cases")

    def ready(self):
        # Plug the app's records into the audit trail pages, retention and right of access.
        from . import audit_trail, retention, right_of_access  # noqa: F401
