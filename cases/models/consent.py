from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.models import OutsidePartner, Sector

from .case import Case


class ConsentQuerySet(models.QuerySet):
    def valid(self):
        """Consents in force: given (not in the future) and not withdrawn."""
        return self.filter(withdrawn_at__isnull=True, given_on__lte=timezone.localdate())


def consent_upload_to(instance, filename):
    from crocoos.uploads import generated_name

    return generated_name("consents", filename)


class Consent(models.Model):
    """Written informed consent: nothing is shared with partners and no meeting discusses the case without it."""

    class GivenBy(models.TextChoices):
        YOUNG_PERSON = "young_person", _("The young person")
        GUARDIAN = "guardian", _("A parent or guardian")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents", verbose_name=_("case"))
    given_by = models.CharField(_("given by"), max_length=20, choices=GivenBy.choices)
    given_by_name = models.CharField(_("name of the person who consented"), max_length=150)
    given_on = models.DateField(_("date of consent"), default=timezone.localdate)
    sectors = models.ManyToManyField(
        Sector, blank=True, related_name="consents", verbose_name=_("sectors that may receive information")
    )
    partners = models.ManyToManyField(
        OutsidePartner, blank=True, related_name="consents", verbose_name=_("partners that may receive information")
    )
    document = models.FileField(_("signed consent"), upload_to=consent_upload_to, blank=True)
    document_content_type = models.CharField(max_length=100, blank=True, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_on", "-id"]
        constraints = [
            models.CheckConstraint(
                name="consent_withdrawal_has_reason",
                condition=Q(withdrawn_at__isnull=True) | ~Q(withdrawal_reason=""),
            ),
        ]
        indexes = [
            # consent checks of a case (visible_to, agenda gate): the case's consents not withdrawn
            models.Index(fields=["case", "withdrawn_at"], name="consent_case_withdrawn_idx"),
        ]

    def __str__(self):
        return f"{self.get_given_by_display()}: {self.given_by_name} ({self.given_on})"

    @property
    def is_valid(self):
        return self.valid_on(self.withdrawn_at, self.given_on, timezone.localdate())

    @staticmethod
    def valid_on(withdrawn_at, given_on, today):
        """is_valid from the row's values (lists read as values: the case page)."""
        return withdrawn_at is None and given_on <= today
