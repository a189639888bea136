from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crocoos.access import access_for

from .student import Student


class ConcernCategory(models.TextChoices):
    ATTENDANCE = "attendance", _("Attendance")
    LEARNING = "learning", _("Learning")
    BEHAVIOUR = "behaviour", _("Behaviour")
    FAMILY = "family", _("Family")
    HEALTH = "health", _("Health and wellbeing")
    SOCIAL = "social", _("Social")
    SUBSTANCE_USE = "substance_use", _("Substance use")
    OTHER = "other", _("Other")


class ConcernQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Concerns about students the user may see (a teacher: their classes' students)."""
        return self.filter(access_for(user).student_filter(prefix="student__"))


class Concern(models.Model):
    """An observed problem (distress signal) about a student, logged by a teacher or staff member."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        LINKED = "linked", _("Linked to an open case")
        CASE_OPENED = "case_opened", _("Case opened")
        NO_CASE = "no_case", _("No case needed")

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="concerns", verbose_name=_("student"))
    date = models.DateField(_("date"), default=timezone.localdate)
    categories = models.JSONField(_("what was observed"), default=list, blank=True)
    text = models.TextField(_("observed problem"))
    observer_name = models.CharField(_("observer's name"), max_length=150)
    observer_position = models.CharField(_("observer's position"), max_length=150, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="logged_concerns",
        verbose_name=_("logged by"),
    )
    logged_at = models.DateTimeField(_("logged"), default=timezone.now)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW)
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="concerns",
        verbose_name=_("case"),
    )
    no_case_reason = models.TextField(_("why no case is needed"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    # One record per submitted form, however often it is sent (double clicks, reloads).
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    objects = ConcernQuerySet.as_manager()

    class Meta:
        verbose_name = _("concern")
        verbose_name_plural = _("concerns")
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                name="concern_no_case_has_reason",
                condition=~Q(status="no_case") | ~Q(no_case_reason=""),
            ),
            models.CheckConstraint(
                name="concern_linked_has_case",
                condition=~Q(status__in=["linked", "case_opened"]) | Q(case__isnull=False),
            ),
        ]
        indexes = [
            # the coordinator's inbox: new concerns, newest first
            models.Index(fields=["status", "date"], name="concern_status_date_idx"),
            # the teacher's "my concerns"
            models.Index(fields=["logged_by", "date"], name="concern_logged_by_date_idx"),
            # new concerns per school or area (the inbox, the home page's counts): the new concerns'
            # student ids alone, read from the index and joined to the school's students (issue 7)
            models.Index(fields=["student"], condition=Q(status="new"), name="concern_new_student_idx"),
        ]

    def __str__(self):
        return f"{self.student} – {self.date}"

    def category_labels(self):
        labels = dict(ConcernCategory.choices)
        return [labels.get(code, code) for code in self.categories]
