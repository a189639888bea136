from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .case import Case


class CaseEvent(models.Model):
    """One entry of the case timeline. Append-only; `summary` is what the timeline shows."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("Case opened")
        CONCERN = "concern", _("Concern")
        CHANGED = "changed", _("Case changed")
        CONSENT = "consent", _("Consent recorded")
        CONSENT_WITHDRAWN = "consent_withdrawn", _("Consent withdrawn")
        ACTION = "action", _("Action changed")
        MEETING = "meeting", _("Meeting")
        SHEET_PRINTED = "sheet_printed", _("Case sheet printed")
        SHEET_SIGNED = "sheet_signed", _("Signed case sheet uploaded")
        CLOSED = "closed", _("Case closed")
        REOPENED = "reopened", _("Case reopened")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events", verbose_name=_("case"))
    at = models.DateTimeField(_("when"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    kind = models.CharField(_("what"), max_length=30, choices=Kind.choices)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    # The summary as a msgid and its values, read in the reader's language (services/timeline.py).
    message = models.CharField(max_length=200, blank=True, default="", editable=False)
    params = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case timeline")
        ordering = ["at", "id"]
        indexes = [
            # the case timeline in order
            models.Index(fields=["case", "at"], name="case_event_case_at_idx"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()}"

    @property
    def text(self):
        """What the timeline shows, in the reader's language when the entry kept its message."""
        if not self.message:
            return self.summary
        from cases.services.timeline import render

        return render(self.message, self.params)
