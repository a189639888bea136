from django.conf import settings
from django.db import models
from django.db.models import Q, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.models import InSchoolProfessional, OutsidePartner

from .case import Case


class ActionItemQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=ActionItem.OPEN_STATUSES)

    def overdue(self, today=None):
        return self.open().filter(deadline__lt=today or timezone.localdate())

    def responsible(self, user, entries=None):
        """Rows the user answers for: named as the user, or through their directory entry.

        `entries` is `directory_entries(user)` when the caller already read it (the home page)."""
        # The user's directory entries are read first (one small query) so that each branch is a
        # plain "column IN (ids)" the database answers from that column's index, not a join or a
        # subquery over every open row (issue 7: "my actions" at 100x).
        partner_ids, professional_ids = entries or directory_entries(user)
        condition = Q(responsible_user=user)
        # An empty list is left out: "IN ()" would still cost a compiled branch.
        if partner_ids:
            condition |= Q(responsible_partner_id__in=partner_ids)
        if professional_ids:
            condition |= Q(responsible_professional_id__in=professional_ids)
        return self.filter(condition)


def directory_entries(user):
    """(ids of the user's outside-partner entries, ids of their in-school professional entries): one query."""
    partners = OutsidePartner.objects.filter(user=user).annotate(kind=Value("partner")).values_list("kind", "pk")
    professionals = InSchoolProfessional.objects.filter(user=user).annotate(kind=Value("professional"))
    entries = list(partners.order_by().union(professionals.order_by().values_list("kind", "pk")))
    return (
        [pk for kind, pk in entries if kind == "partner"],
        [pk for kind, pk in entries if kind == "professional"],
    )


class ActionItem(models.Model):
    """A row of the action plan: who does what by when, and what is the expected result."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    OPEN_STATUSES = (Status.PLANNED, Status.IN_PROGRESS)

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="actions", verbose_name=_("case"))
    action = models.TextField(_("action"))
    responsible_institute = models.CharField(_("responsible institute"), max_length=200, blank=True)
    responsible_name = models.CharField(_("responsible professional"), max_length=150, blank=True)
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responsible_actions",
        verbose_name=_("responsible user"),
    )
    responsible_partner = models.ForeignKey(
        OutsidePartner,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responsible_actions",
        verbose_name=_("responsible partner outside school"),
    )
    responsible_professional = models.ForeignKey(
        InSchoolProfessional,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responsible_actions",
        verbose_name=_("responsible professional in school"),
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    expected_result = models.TextField(_("expected result"), blank=True)
    result = models.TextField(_("result"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    position = models.PositiveIntegerField(_("order"), default=0)
    # The meeting whose minutes created the row (None for rows typed on the case page).
    source_meeting = models.ForeignKey(
        "cases.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_rows",
        verbose_name=_("from meeting"),
    )
    reminder_before_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminder_after_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("action plan")
        ordering = ["position", "id"]
        indexes = [
            # overdue lists and the daily reminder run: open rows by deadline
            models.Index(fields=["status", "deadline"], name="action_status_deadline_idx"),
            # "my actions" of a user
            models.Index(fields=["responsible_user", "status"], name="action_user_status_idx"),
            # overdue rows of the open cases of a school or area (home page, overdue list): from the
            # few hundred cases of the scope to their open rows, instead of every overdue row in town
            models.Index(fields=["case", "status", "deadline"], name="action_case_deadline_idx"),
            # the first overdue rows of a follow-up area (home page, overdue list): open rows in
            # deadline order, read until five belong to the area's open cases, instead of every
            # overdue row in town sorted (issue 7: 25 ms -> 0.4 ms at 100x)
            models.Index(
                fields=["deadline", "id"],
                name="action_open_deadline_idx",
                condition=Q(status__in=["planned", "in_progress"]),
            ),
            # the overdue count per area or school of the home page (crocoos.views.home): each open
            # case's open rows before today, without stepping over its done and cancelled rows
            models.Index(
                fields=["case", "deadline"],
                name="action_open_case_deadline_idx",
                condition=Q(status__in=["planned", "in_progress"]),
            ),
        ]

    def __str__(self):
        return self.action

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES

    @property
    def is_overdue(self):
        return self.overdue_on(self.status, self.deadline, timezone.localdate())

    @classmethod
    def overdue_on(cls, status, deadline, today):
        """is_overdue from the row's values (lists read as values: the case page)."""
        return status in cls.OPEN_STATUSES and deadline is not None and deadline < today

    @property
    def responsible_display(self):
        """The name given by hand, else the first named: the account, the partner, the professional
        (each related row read only when it is the one shown)."""
        return self.responsible_of(
            self.responsible_name,
            self.responsible_user_id and (lambda: self.responsible_user.full_name),
            self.responsible_partner_id and (lambda: self.responsible_partner.contact_name),
            self.responsible_professional_id and (lambda: self.responsible_professional.name),
        )

    @staticmethod
    def responsible_of(name, *named):
        """responsible_display from the row's values (lists read as values: the case page, my
        actions): `name` typed by hand, then for the account, the partner and the professional in
        that order, their name (or a function that reads it) where the row names one, else None."""
        if name:
            return name
        for other in named:
            if other is not None:
                return other() if callable(other) else other
        return ""
