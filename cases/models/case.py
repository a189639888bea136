from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crocoos.access import access_for, any_of
from crocoos.models import Area, Role, School
from crocoos.search import search_words

from .student import Student


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Cases the user may open.

        - class teacher: cases of the students of their classes (read only);
        - EWS member and coordinator: every case of their school;
        - follow-up officer: every case of their area, the register's young people included;
        - anyone else (external partners): only cases they are involved in, and only while a
          valid consent covers them (their directory entry or its sector).
        """
        return self.filter(visible_filter(user))

    def matching(self, query, each_case=True):
        """Cases whose reference or student's name contains every word of `query`, accents ignored.

        The student's name is the case's copy of it (Case.student_search_name), whose trigram index
        the database combines with the scope's index for a school's or an area's cases alike.
        `each_case` is no longer needed (it chose between two ways to read the students' names).
        """
        return self.matching_words(search_words(query))

    def matching_words(self, words):
        """matching() for the query's `words` (search_words(): folded, without duplicates)."""
        result = self
        for word in words:
            result = result.filter(Q(reference__icontains=word) | Q(student_search_name__contains=word))
        return result

    def editable_by(self, user):
        """Cases the user may change: the school's EWS team and the area's follow-up service."""
        return self.filter(editable_filter(user))


def editable_filter(user, prefix=""):
    """Q for the cases the user may change (the school's EWS team, the area's follow-up service);
    `prefix` reaches Case from another model ("case__")."""
    access = access_for(user)
    return any_of((f"{prefix}school_id", access.whole_school_ids), (f"{prefix}area_id", access.follow_up_area_ids))


def visible_filter(user, prefix="", partner_ids=None):
    """Q for the cases the user may open (see CaseQuerySet.visible_to); `prefix` reaches Case from
    another model ("case__"), so that a query already joining the case filters on that join;
    `partner_ids`: the ids of the user's outside-partner entries when the caller has read them."""
    access = access_for(user)
    if not access.is_authenticated:
        return Q(pk__in=[])
    partner = ()
    if access.has_role(Role.EXTERNAL_PARTNER):
        # Consent can only name outside partners: the checks below are for them alone.
        entries = _partner_entries(user) if partner_ids is None else partner_ids
        partner = (Q(**{f"{prefix}pk__in": _partner_involved(user, entries)}) & _partner_consented(entries, prefix),)
    return any_of(*((f"{prefix}{path}", ids) for path, ids in _staff_scopes(access)), *partner)


def _staff_scopes(access):
    """(path from Case, ids) pairs: the case is visible to the user's classes, schools or areas."""
    return (
        ("student__school_class_id", access.taught_class_ids),
        ("school_id", access.whole_school_ids),
        ("area_id", access.follow_up_area_ids),
    )


def staff_may_open(access, case):
    """visible_filter's conditions without the external partners' part, checked on a case already
    read with its student (the case page reads it by key): the same pairs, one source."""
    for path, ids in _staff_scopes(access):
        value = case
        for name in path.split("__"):
            value = getattr(value, name)
        if value in ids:
            return True
    return False


# The partner's conditions are "case id IN (…)" over the partner's own rows, not EXISTS per case:
# the database reads the few rows that name this user once (by the user and foreign-key indexes)
# instead of probing every case of the installation (issue 7: 8 s for a partner's home page at 100×).


def _partner_entries(user):
    from directory.models import OutsidePartner

    return OutsidePartner.objects.filter(user=user).values("pk").order_by()


def _partner_involved(user, entries):
    """Case ids (a subquery): the user is an involved professional, or responsible for an action
    row (as themself or through their directory entry: `entries`, ids or a subquery)."""
    from .action import ActionItem
    from .people import InvolvedProfessional

    case_ids = (
        InvolvedProfessional.objects.filter(user=user)
        .values("case_id")
        .order_by()
        .union(
            InvolvedProfessional.objects.filter(outside_partner__in=entries).values("case_id").order_by(),
            ActionItem.objects.filter(responsible_user=user).values("case_id").order_by(),
            ActionItem.objects.filter(responsible_partner__in=entries).values("case_id").order_by(),
        )
    )
    return case_ids


def _partner_consented(entries, prefix=""):
    """Q: the case has a consent not withdrawn whose scope names the user's partner entry (case id
    in a subquery), or its sector, for partners of the case's area (EXISTS: checked on the few
    cases left by _partner_involved, rather than reading every consent of the sector in the
    installation with its case, ~1 ms at 100x; issue 7)."""
    from directory.models import OutsidePartner

    from .consent import Consent

    valid = Consent.objects.valid()
    by_partner = valid.filter(partners__in=entries).values("case_id").order_by()
    by_sector = OutsidePartner.objects.filter(
        pk__in=entries,
        area_id=OuterRef(f"{prefix}area_id"),
        sector__consents__case_id=OuterRef(f"{prefix}pk"),
        sector__consents__withdrawn_at__isnull=True,
        sector__consents__given_on__lte=timezone.localdate(),  # Consent.objects.valid()
    )
    return Q(**{f"{prefix}pk__in": by_partner}) | Q(Exists(by_sector))


class Case(models.Model):
    """One young person's case: the CroCooS case documentation form, kept up to date."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    # The case documentation form's own text fields, in its order (the case form, the case page).
    FORM_FIELDS = (
        "date",
        "observed_problem",
        "observers",
        "professionals_view",
        "result_of_intervention",
        "further_interventions",
    )

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
    # The student's search_name, kept by the database (triggers of migration 0013, whatever writes
    # the case or renames the student) for CaseQuerySet.matching(): a search of an area's cases reads
    # one trigram index of the cases instead of every student whose name matches (issue 7: 4.1 ->
    # 0.4 ms for an area at 100x). What the application writes here is replaced.
    student_search_name = models.TextField(default="", editable=False)

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
            # the open cases of an area holding their id, for the home page's overdue count per
            # area (crocoos.views.home): an index-only scan instead of a heap read per open case
            # (the id a key column rather than INCLUDEd: the same index on SQLite)
            models.Index(fields=["area", "id"], name="case_open_area_id_idx", condition=Q(status="open")),
        ]

    def __str__(self):
        return f"{self.reference} – {self.student}"

    @property
    def is_open(self):
        return self.status == self.Status.OPEN
