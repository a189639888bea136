from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, email):
        # Addresses are stored lower-cased (User.save); Python lowers non-ASCII letters too.
        return self.get(email=email.strip().lower())


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in. The e-mail address is the login."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    position = models.CharField(_("position"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(_("preferred language"), max_length=10, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("may use the technical admin site"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "email"]

    def __str__(self):
        return self.full_name or self.email

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Area(models.Model):
    """A municipality, county or school cluster: the unit a follow-up service covers."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        COUNTY = "county", _("County / region")
        CLUSTER = "cluster", _("School cluster")

    name = models.CharField(_("name"), max_length=150, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MUNICIPALITY)
    retention_years_after_close = models.PositiveSmallIntegerField(
        _("keep closed cases for (years)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=_("After this many years from closing, a case's personal data is deleted or anonymised."),
    )

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                name="area_retention_years_in_range",
                condition=Q(retention_years_after_close__gte=1, retention_years_after_close__lte=30),
            ),
        ]

    def __str__(self):
        return self.name


class Municipality(models.Model):
    """A municipality inside an area: a student's home municipality, a school's seat."""

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("area"))
    name = models.CharField(_("name"), max_length=150)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["area", "name"], name="municipality_unique_name_in_area"),
        ]

    def __str__(self):
        return self.name


class FollowUpService(models.Model):
    """The area's follow-up service: keeps the register of young people outside school."""

    area = models.OneToOneField(Area, on_delete=models.CASCADE, related_name="follow_up_service")
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=250, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        verbose_name = _("follow-up service")
        verbose_name_plural = _("follow-up services")

    def __str__(self):
        return self.name


class School(models.Model):
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="schools", verbose_name=_("area"))
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="schools",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=250, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["area", "name"], name="school_unique_name_in_area"),
        ]

    def __str__(self):
        return self.name


class SchoolClass(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="classes", verbose_name=_("school"))
    name = models.CharField(_("class"), max_length=50)
    school_year = models.CharField(_("school year"), max_length=9, help_text=_("For example 2026/2027"))
    teachers = models.ManyToManyField(User, blank=True, related_name="taught_classes", verbose_name=_("class teachers"))

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["school__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "school_year", "name"], name="class_unique_name_in_year"),
        ]

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    CLASS_TEACHER = "class_teacher", _("Class teacher")
    EWS_MEMBER = "ews_member", _("EWS team member")
    EWS_COORDINATOR = "ews_coordinator", _("EWS coordinator")
    FOLLOW_UP_OFFICER = "follow_up_officer", _("Follow-up service officer")
    EXTERNAL_PARTNER = "external_partner", _("External partner")
    ADMINISTRATOR = "administrator", _("Administrator")


SCHOOL_ROLES = (Role.CLASS_TEACHER, Role.EWS_MEMBER, Role.EWS_COORDINATOR)
AREA_ROLES = (Role.FOLLOW_UP_OFFICER, Role.EXTERNAL_PARTNER)


class Membership(models.Model):
    """Gives a user one role at a school (school roles) or in an area (area roles).

    An administrator membership with neither school nor area covers the whole installation.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user"))
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships", verbose_name=_("school")
    )
    area = models.ForeignKey(
        Area, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships", verbose_name=_("area")
    )
    organisation = models.CharField(
        _("organisation"), max_length=200, blank=True, help_text=_("For external partners: the institute they work for")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["role"]
        constraints = [
            models.CheckConstraint(
                name="membership_school_role_has_school",
                condition=~Q(role__in=SCHOOL_ROLES) | Q(school__isnull=False, area__isnull=True),
            ),
            models.CheckConstraint(
                name="membership_area_role_has_area",
                condition=~Q(role__in=AREA_ROLES) | Q(area__isnull=False, school__isnull=True),
            ),
            models.CheckConstraint(
                name="membership_administrator_has_no_school",
                condition=~Q(role=Role.ADMINISTRATOR) | Q(school__isnull=True),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "school"],
                condition=Q(school__isnull=False),
                name="membership_unique_school_role",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "area"],
                condition=Q(area__isnull=False),
                name="membership_unique_area_role",
            ),
        ]
        indexes = [
            # access_for(user) reads all memberships of one user on every request
            models.Index(fields=["user", "role"], name="membership_user_role_idx"),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.school or self.area or _('whole installation')}"


class AuditEventQuerySet(models.QuerySet):
    """Append-only on every database: the ORM refuses bulk updates and deletes of events
    (PostgreSQL's trigger refuses them in SQL as well, see migration 0002)."""

    def update(self, **kwargs):
        raise PermissionError("Audit events are append-only")

    def delete(self):
        raise PermissionError("Audit events are append-only")

    def bulk_update(self, objs, fields, batch_size=None):
        raise PermissionError("Audit events are append-only")

    def update_or_create(self, *args, **kwargs):
        raise PermissionError("Audit events are append-only")


class AuditEvent(models.Model):
    """One entry of the append-only audit trail (see crocoos.audit)."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("who")
    )
    action = models.CharField(_("action"), max_length=100)
    ip_address = models.GenericIPAddressField(_("from"), null=True, blank=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    # The student whose data was touched, for the right-of-access export and breach reports.
    student_id = models.BigIntegerField(_("student"), null=True, blank=True)
    changed_fields = models.JSONField(_("changed fields"), default=list, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [
            # "who has seen or changed this case/student" pages
            models.Index(fields=["object_type", "object_id", "at"], name="audit_object_at_idx"),
            # per-user access report between two times
            models.Index(fields=["actor", "at"], name="audit_actor_at_idx"),
            models.Index(fields=["student_id", "at"], name="audit_student_at_idx"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit events are append-only")
