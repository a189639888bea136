from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Partner directory")

    def ready(self):
        from crocoos.audit import register_action

        for action, label in {
            "directory.created": _("Added a directory entry"),
            "directory.changed": _("Changed a directory entry"),
            "directory.verified": _("Verified a directory entry"),
            "directory.archived": _("Archived a directory entry"),
            "directory.restored": _("Restored a directory entry"),
            "directory.imported": _("Imported a directory list"),
            "directory.exported": _("Exported a directory list"),
        }.items():
            register_action(action, label)
