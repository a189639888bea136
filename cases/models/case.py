from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.lookups import Contains
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crocoos.access import access_for
from crocoos.models import Area, Role, School
from crocoos.search import Fold, search_words

from .student import Student, name_matches


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Cases the user may open.

        - class teacher: cases of the students of their classes (read only);
        - EWS member and coordinator: every case of their school;
        - follow-up officer: every case of their area, the register's young people included;
        - anyone else (external partners): only cases they are involved in, and only while a
          valid consent covers them (their directory entry or its sector).
        """
        access = access_for(user)
        if not access.is_authenticated:
            return self.none()
        staff = (
            Q(student__school_class_id__in=access.taught_class_ids)
            | Q(school_id__in=access.whole_school_ids)
            | Q(area_id__in=access.follow_up_area_ids)
        )
        if not access.has_role(Role.EXTERNAL_PARTNER):
            # Consent can only name outside partners: the EXISTS checks below are for them alone.
            return self.filter(staff)
        involved, responsible = _involvement(user)
        partner = (Exists(involved) | Exists(responsible)) & Exists(_consented(user))
        return self.filter(staff | partner)

    def matching(self, query):
        """Cases whose reference or student's name contains every word of `query`, accents ignored."""
        result = self
        for word in search_words(query):
            result = result.filter(Q(Contains(Fold("reference"), word)) | name_matches(word, prefix="student__"))
        return result

    def editable_by(self, user):
        """Cases the user may change: the school's EWS team and the area's follow-up service."""
        access = access_for(user)
        if not access.is_authenticated:
            return self.none()
        return self.filter(Q(school_id__in=access.whole_school_ids) | Q(area_id__in=access.follow_up_area_ids))


def _involvement(user):
    """Subqueries: the user is an involved professional, or responsible for an action row."""
    from .action import ActionItem
    from .people import InvolvedProfessional

    involved = InvolvedProfessional.objects.filter(case=OuterRef("pk")).filter(
        Q(user=user) | Q(outside_partner__user=user)
    )
    responsible = ActionItem.objects.filter(case=OuterRef("pk")).filter(
        Q(responsible_user=user) | Q(responsible_partner__user=user)
    )
    return involved, responsible


def _consented(user):
    """Subquery: a consent not withdrawn whose scope names the user's partner entry, or its sector
    (for partners of the case's area)."""
    from .consent import Consent

    return (
        Consent.objects.valid()
        .filter(case=OuterRef("pk"))
        .filter(
            Q(partners__user=user) | Q(sectors__partners__user=user, sectors__partners__area_id=OuterRef("area_id"))
        )
    )


class Case(models.Model):
    """One young person's case: the CroCooS case documentation form, kept up to date."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    reference = models.CharField(_("case reference"), max_length=30, unique=True)
    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="cases", verbose_name=_("student"))
    # The school for school cases; the area always (a register youth's case has only the area).
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, null=True, blank=True, related_name="cases", verbose_name=_("school")
    )
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="cases", verbose_name=_("area"))
    date = models.DateField(_("date"), default=timezone.localdate)
    observed_problem = models.TextField(_("observed problem with the student"), blank=True)
    observers = models.TextField(_("observers' name, position"), blank=True)
    professionals_view = models.TextField(_("the problem according to involved professionals"), blank=True)
    result_of_intervention = models.TextField(_("result of intervention"), blank=True)
    further_interventions = models.TextField(_("further interventions"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    outcome = models.TextField(_("outcome"), blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("opened by")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Optimistic locking: every save of the form raises it; a save from an older version is refused.
    version = models.PositiveIntegerField(_("version"), default=1)
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                name="case_closed_has_outcome",
                condition=Q(status="open") | ~Q(outcome=""),
            ),
        ]
        indexes = [
            # the school's case list by status, newest first
            models.Index(fields=["school", "status", "date"], name="case_school_status_date_idx"),
            # the follow-up service's case list of its area
            models.Index(fields=["area", "status", "date"], name="case_area_status_date_idx"),
        ]

    def __str__(self):
        return f"{self.reference} – {self.student}"

    @property
    def is_open(self):
        return self.status == self.Status.OPEN
