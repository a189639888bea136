from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrocoosConfig(AppConfig):
    name = "crocoos"
    verbose_name = _("Organisation and accounts")

    def ready(self):
        from django.contrib.auth import signals

        from . import audit, page_cache, search  # noqa: F401  (search registers crocoos_fold on SQLite connections)

        signals.user_logged_in.connect(audit.signed_in, dispatch_uid="crocoos_audit_signed_in")
        signals.user_logged_out.connect(audit.signed_out, dispatch_uid="crocoos_audit_signed_out")
        signals.user_login_failed.connect(audit.sign_in_failed, dispatch_uid="crocoos_audit_sign_in_failed")
        page_cache.install_on_all_connections()
