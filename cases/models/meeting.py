"""Meetings of cross-sectoral cooperation (seed 000 levels a, b, c; seed 002 the CSC procedure).

A meeting has an ordered agenda (case items only with valid consent, and general items),
invitations (users, directory partners, or a bare e-mail address with a token link),
attendance with signatures, and minutes per agenda item whose action rows go straight into
the case's action plan (ActionItem.source_meeting).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from crocoos.access import access_for, any_of
from crocoos.models import Area, Role, School
from directory.models import OutsidePartner

from .case import Case
from .people import ShownPersonMixin


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user, partner_ids=None):
        """Meetings the user may open.

        - a school meeting: the school's EWS members and coordinators, the area's follow-up officers;
        - an area meeting (no school): the area's follow-up officers;
        - invited users: the meetings they are invited to.

        `partner_ids`: see InvitationQuerySet.addressed_to.
        """
        access = access_for(user)
        if not access.is_authenticated:
            return self.none()
        return self.filter(
            any_of(
                ("school_id", access.whole_school_ids),
                ("area_id", access.follow_up_area_ids),
                Q(pk__in=Invitation.objects.addressed_to(user, partner_ids).values("meeting_id")),
            )
        )

    def staff_of(self, user):
        """Meetings of the user's own school or area (PDFs, minutes): invitees are not staff."""
        return self.filter(_in_scope(staff_scope(user)))

    def manageable_by(self, user):
        """Meetings the user may change: the school's EWS coordinators and the area's follow-up officers."""
        return self.filter(_in_scope(manager_scope(user)))


# Who is a meeting's staff and who manages it, as (school ids, area ids): a meeting of one of those
# schools or areas. Read both as a queryset filter and, for a meeting already loaded, in Python.
def staff_scope(user):
    access = access_for(user)
    return access.whole_school_ids, access.follow_up_area_ids


def manager_scope(user):
    access = access_for(user)
    return access.school_ids_with(Role.EWS_COORDINATOR), access.follow_up_area_ids


def _in_scope(scope):
    school_ids, area_ids = scope
    return Q(school_id__in=school_ids) | Q(area_id__in=area_ids)


def new_uid():
    return f"{uuid.uuid4()}@crocoos-ews"


class Meeting(models.Model):
    class Kind(models.TextChoices):
        REGULAR = "regular", _("Regular partnership meeting")
        CLARIFICATION = "clarification", _("Case clarification meeting")
        WORKING_GROUP = "working_group", _("Case working group")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    kind = models.CharField(_("kind of meeting"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200, blank=True)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("starts"))
    end_time = models.TimeField(_("ends"))
    place = models.CharField(_("place"), max_length=250)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chair"),
    )
    convened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("convened by")
    )
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("area"))
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, null=True, blank=True, related_name="meetings", verbose_name=_("school")
    )
    repeat_every_weeks = models.PositiveSmallIntegerField(_("repeat every … weeks"), null=True, blank=True)
    repeat_until = models.DateField(_("repeat until"), null=True, blank=True)
    # The meeting this one follows: a repetition of a series, or "next meeting" set from the minutes.
    previous = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="following", verbose_name=_("follows")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    # Calendar identity: invitations, updates and the cancellation share the UID; SEQUENCE rises.
    uid = models.CharField(max_length=100, unique=True, default=new_uid, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    invitations_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    summaries_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["date", "start_time", "id"]
        constraints = [
            models.CheckConstraint(name="meeting_ends_after_start", condition=Q(end_time__gt=models.F("start_time"))),
            models.CheckConstraint(
                name="meeting_repeat_has_until",
                condition=Q(repeat_every_weeks__isnull=True) | Q(repeat_until__isnull=False),
            ),
        ]
        indexes = [
            # meeting list of the area's follow-up service, upcoming/past by date
            models.Index(fields=["area", "date"], name="meeting_area_date_idx"),
            # meeting list of a school's EWS team
            models.Index(fields=["school", "date"], name="meeting_school_date_idx"),
            # the next two months of meetings on the home page (of the school, the area or an
            # invitation: an OR no single index above answers), instead of reading every meeting held
            models.Index(fields=["date"], name="meeting_date_idx"),
        ]

    def __str__(self):
        return f"{self.display_title} ({self.date})"

    def is_managed_by(self, user):
        """MeetingQuerySet.manageable_by for this meeting, without a query."""
        school_ids, area_ids = manager_scope(user)
        return self.school_id in school_ids or self.area_id in area_ids

    def is_staffed_by(self, user):
        """MeetingQuerySet.staff_of for this meeting, without a query."""
        school_ids, area_ids = staff_scope(user)
        return self.school_id in school_ids or self.area_id in area_ids

    @property
    def title_label(self):
        """The title, or else the kind's label kept lazy (translated where it is read: the timeline)."""
        return self.title or self.Kind(self.kind).label

    @property
    def display_title(self):
        return str(self.title_label)

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED


class InviteeGroup(models.Model):
    """A saved list of invitees: the core group, or occasional invitees (seed 002)."""

    class Kind(models.TextChoices):
        CORE = "core", _("Core group")
        OCCASIONAL = "occasional", _("Occasional invitees")

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="invitee_groups", verbose_name=_("area"))
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.CORE)
    partners = models.ManyToManyField(OutsidePartner, blank=True, related_name="+", verbose_name=_("partners"))
    users = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("users"))

    class Meta:
        verbose_name = _("invitee group")
        verbose_name_plural = _("invitee groups")
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["area", "name"], name="invitee_group_unique_name")]

    def __str__(self):
        return self.name


class InvitationQuerySet(models.QuerySet):
    def addressed_to(self, user, partner_ids=None):
        """Invitations of the user, or of their directory entry: two index lookups, not a join.

        `partner_ids`: the ids of the user's outside-partner entries, when the caller has read them
        already (the home page): then a plain "user = … OR partner IN (ids)", with no subquery."""
        if partner_ids is not None:
            return self.filter(Q(user=user) | Q(partner_id__in=partner_ids))
        partners = OutsidePartner.objects.filter(user=user).values("pk").order_by()
        return self.filter(
            pk__in=self.filter(user=user)
            .values("pk")
            .order_by()
            .union(self.filter(partner__in=partners).values("pk").order_by())
        )


class Invitation(ShownPersonMixin, models.Model):
    class Response(models.TextChoices):
        PENDING = "pending", _("No answer yet")
        ATTEND = "attend", _("Will attend")
        DECLINE = "decline", _("Declines")
        SUBSTITUTE = "substitute", _("Sends someone")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="meeting_invitations"
    )
    partner = models.ForeignKey(OutsidePartner, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    name = models.CharField(_("name"), max_length=150, blank=True)
    institute = models.CharField(_("institute"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_core = models.BooleanField(_("core group"), default=True)
    response = models.CharField(_("answer"), max_length=12, choices=Response.choices, default=Response.PENDING)
    substitute_name = models.CharField(_("who comes instead"), max_length=150, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    # sha256 of the invitee's link token (the token itself is only in the e-mail).
    token_hash = models.CharField(max_length=64, blank=True, editable=False)
    sent_sequence = models.IntegerField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-is_core", "institute", "name", "id"]
        constraints = [
            models.CheckConstraint(
                name="invitation_has_someone",
                condition=Q(user__isnull=False) | Q(partner__isnull=False) | ~Q(email=""),
            ),
            models.UniqueConstraint(
                fields=["meeting", "user"], condition=Q(user__isnull=False), name="invitation_unique_user"
            ),
            models.UniqueConstraint(
                fields=["meeting", "partner"], condition=Q(partner__isnull=False), name="invitation_unique_partner"
            ),
            models.CheckConstraint(
                name="invitation_substitute_named",
                condition=~Q(response="substitute") | ~Q(substitute_name=""),
            ),
        ]
        indexes = [
            # the home page: a user's unanswered invitations; Meeting.visible_to's invited check
            models.Index(fields=["user", "response"], name="invitation_user_response_idx"),
            # the token link: find the invitation by the hash of its token
            models.Index(fields=["token_hash"], name="invitation_token_idx"),
        ]

    def __str__(self):
        return self.display_name

    def linked_people(self):
        if self.user_id:
            yield self.user.full_name or self.user.email, self.user.position
        if self.partner_id:
            yield self.partner.contact_name or self.partner.institute, self.partner.institute

    @property
    def fallback_name(self):
        return self.email

    @property
    def address(self):
        if self.email:
            return self.email
        if self.user_id:
            return self.user.email
        if self.partner_id:
            return self.partner.email or (self.partner.user.email if self.partner.user_id else "")
        return ""


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveIntegerField(_("order"), default=0)
    # CASCADE: when retention deletes a case, its agenda items and their minutes go with it.
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, null=True, blank=True, related_name="agenda_items", verbose_name=_("case")
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    topic = models.TextField(_("topic"), blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(name="agenda_item_has_subject", condition=Q(case__isnull=False) | ~Q(title="")),
            models.UniqueConstraint(
                fields=["meeting", "case"], condition=Q(case__isnull=False), name="agenda_case_once"
            ),
        ]

    def __str__(self):
        return self.case.reference if self.case_id else self.title

    @property
    def is_case(self):
        return self.case_id is not None


class Attendance(models.Model):
    """One line of the attendance sheet: name, institute, present, signature (on screen or on paper)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    invitation = models.ForeignKey(Invitation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    partner = models.ForeignKey(OutsidePartner, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    name = models.CharField(_("name"), max_length=150)
    institute = models.CharField(_("institute"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    present = models.BooleanField(_("present"), default=False)
    signature = models.BinaryField(null=True, blank=True, editable=False)  # PNG drawn on screen
    signed_on_paper = models.BooleanField(_("signed on paper"), default=False)
    # The agenda's case items this person took part in: they receive those cases' summaries.
    items = models.ManyToManyField(AgendaItem, blank=True, related_name="participants", verbose_name=_("took part in"))
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["position", "id"]

    def __str__(self):
        return self.name

    @property
    def has_signature(self):
        return bool(self.signature) or self.signed_on_paper


class MinutesItem(models.Model):
    """The minutes of one agenda item; action rows go to the case's action plan."""

    agenda_item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="minutes")
    notes = models.TextField(_("notes"), blank=True)
    professionals_view = models.TextField(_("the problem according to involved professionals"), blank=True)
    targets = models.TextField(_("targets (one a line)"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self):
        return str(self.agenda_item)
