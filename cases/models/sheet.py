from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .case import Case


def sheet_upload_to(instance, filename):
    from crocoos.uploads import generated_name

    return generated_name("case-sheets", filename)


class CaseSheetVersion(models.Model):
    """A printed case sheet that was signed and uploaded back: frozen, never changed afterwards."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="sheet_versions", verbose_name=_("case"))
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("signed sheet"), upload_to=sheet_upload_to)
    content_type = models.CharField(_("file type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    checksum = models.CharField(_("SHA-256 checksum"), max_length=64)
    # The case's version the signed sheet shows; a later edit of the case needs a new signed sheet.
    case_version = models.PositiveIntegerField(_("case version"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("signed case sheet")
        verbose_name_plural = _("signed case sheets")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="sheet_version_unique_number"),
        ]

    def __str__(self):
        return f"{self.case.reference} v{self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("A signed case sheet is frozen")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("A signed case sheet is frozen")


def batch_upload_to(instance, filename):
    from crocoos.uploads import generated_name

    return generated_name("sheet-batches", filename)


class SheetBatch(models.Model):
    """Case sheets of a selection of cases, printed in the background into one PDF.

    The selection is frozen when asked for; the file is served only to the person who asked,
    while they may still print every case in it.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Printing")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    language = models.CharField(max_length=10, blank=True)
    # What the user chose on the case list, as it reads on the page ("Open · Lőrincz").
    selection = models.CharField(max_length=200, blank=True)
    case_ids = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to=batch_upload_to, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} ({self.total})"

    @property
    def in_progress(self):
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def percent(self):
        return round(100 * self.processed / self.total) if self.total else 100
