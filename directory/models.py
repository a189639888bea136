"""The two CroCooS partner lists: professionals in school, partners outside school.

The directory issue builds the pages, import/export and PDFs on these models; other apps
link to entries wherever a person or institute is chosen.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crocoos.models import Area, Municipality, School


class SharedListItem(models.Model):
    """An item of a shared, ordered list; `name` is an English msgid shown through gettext."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=150)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class HelpArea(SharedListItem):
    """What a professional or partner can help with."""

    class Meta(SharedListItem.Meta):
        verbose_name = _("help area")
        verbose_name_plural = _("help areas")


class Sector(SharedListItem):
    class Meta(SharedListItem.Meta):
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")


class DirectoryEntry(models.Model):
    """Fields both lists share: contact details, help areas, verification, archive."""

    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    help_areas = models.ManyToManyField(HelpArea, blank=True, verbose_name=_("can help with"))
    help_text = models.TextField(_("what can he/she help with (free text)"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user account"),
    )
    verified_at = models.DateTimeField(_("last verified"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class InSchoolProfessional(DirectoryEntry):
    """Seed list "professionals available in school": position and responsibility, name, tel., e-mail."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="professionals", verbose_name=_("school"))
    position = models.CharField(_("position and responsibility"), max_length=200)
    name = models.CharField(_("name"), max_length=150)

    class Meta:
        verbose_name = _("professional in school")
        verbose_name_plural = _("professionals in school")
        ordering = ["name", "id"]
        indexes = [
            # the school's list, sorted by name
            models.Index(fields=["school", "name"], name="inschool_school_name_idx"),
        ]

    def __str__(self):
        return f"{self.name} ({self.position})"


class OutsidePartner(DirectoryEntry):
    """Seed list "professionals available outside of the school", shared by the area's schools."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="partners", verbose_name=_("area"))
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partners",
        verbose_name=_("municipality"),
        help_text=_("Set for a municipality's own representative or services"),
    )
    sector = models.ForeignKey(
        Sector, on_delete=models.PROTECT, null=True, blank=True, related_name="partners", verbose_name=_("sector")
    )
    institute = models.CharField(_("name of institute"), max_length=200)
    address = models.CharField(_("address"), max_length=250, blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_name = models.CharField(_("contact person's name"), max_length=150, blank=True)
    position = models.CharField(_("position, responsibility"), max_length=200, blank=True)
    direct_contact = models.CharField(_("direct contact"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("partner outside school")
        verbose_name_plural = _("partners outside school")
        ordering = ["institute", "contact_name", "id"]
        indexes = [
            # the area's list, sorted by institute
            models.Index(fields=["area", "institute"], name="partner_area_institute_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="partner_has_institute",
                condition=~Q(institute=""),
            ),
        ]

    def __str__(self):
        return f"{self.institute} – {self.contact_name}" if self.contact_name else self.institute
