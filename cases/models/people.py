"""The people of a case: who was present, the involved professionals, and the targets."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from directory.models import InSchoolProfessional, OutsidePartner

from .case import Case


class ShownPersonMixin:
    """`display_name` and `display_institute`: what was typed, else the first linked record's.

    A model lists its linked records as (name, institute) pairs in `linked_people()`, in order of
    preference; `fallback_name` is shown when nothing is typed or linked.
    """

    fallback_name = ""

    def linked_people(self):
        return ()

    @property
    def display_name(self):
        return self.shown_name(self.name, self.linked_people(), self.fallback_name)

    @property
    def display_institute(self):
        return self.shown_institute(self.institute, self.linked_people())

    # The same from values (lists read as values: the case page).
    @staticmethod
    def shown_name(name, linked, fallback=""):
        return name or next((linked_name for linked_name, _institute in linked if linked_name), fallback)

    @staticmethod
    def shown_institute(institute, linked):
        return institute or next((linked_institute for _name, linked_institute in linked if linked_institute), "")


class CasePresence(models.Model):
    """The form's "Present: name, institute, signature" (the signature is on the printed sheet)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="presences", verbose_name=_("case"))
    name = models.CharField(_("name"), max_length=150)
    institute = models.CharField(_("institute"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    in_school_professional = models.ForeignKey(
        InSchoolProfessional, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    outside_partner = models.ForeignKey(
        OutsidePartner, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    position = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("person present")
        verbose_name_plural = _("present")
        ordering = ["position", "id"]

    def __str__(self):
        return self.name


class InvolvedProfessional(ShownPersonMixin, models.Model):
    """A professional involved in the case: from the directory, or typed in when not listed yet."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="professionals", verbose_name=_("case"))
    in_school_professional = models.ForeignKey(
        InSchoolProfessional,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="case_involvements",
        verbose_name=_("professional in school"),
    )
    outside_partner = models.ForeignKey(
        OutsidePartner,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="case_involvements",
        verbose_name=_("partner outside school"),
    )
    name = models.CharField(_("name"), max_length=150, blank=True)
    institute = models.CharField(_("institute"), max_length=200, blank=True)
    role = models.CharField(_("role in the case"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="case_involvements",
        verbose_name=_("user account"),
    )
    position = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("involved professional")
        verbose_name_plural = _("involved professionals")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                name="involved_professional_is_named",
                condition=Q(in_school_professional__isnull=False) | Q(outside_partner__isnull=False) | ~Q(name=""),
            ),
        ]
        indexes = [
            # Case.objects.visible_to(partner): is this user involved in the case?
            models.Index(fields=["user", "case"], name="involved_user_case_idx"),
        ]

    def __str__(self):
        return self.display_name

    def linked_people(self):
        if self.in_school_professional_id:
            yield self.in_school_professional.name, self.in_school_professional.position
        if self.outside_partner_id:
            yield self.outside_partner.contact_name or self.outside_partner.institute, self.outside_partner.institute


class Target(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="targets", verbose_name=_("case"))
    text = models.TextField(_("target"))
    position = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["position", "id"]

    def __str__(self):
        return self.text
