"""The two CroCooS partner lists: professionals in school, partners outside school.

The directory issue builds the pages, import/export and PDFs on these models; other apps
link to entries wherever a person or institute is chosen.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from crocoos.models import Area, Municipality, School

from .scope import directory_scope
from .search import fold, search_words


class SharedListItem(models.Model):
    """An item of a shared, ordered list; `name` is an English msgid shown through gettext."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=150)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self):
        return gettext(self.name)


class HelpArea(SharedListItem):
    """What a professional or partner can help with."""

    class Meta(SharedListItem.Meta):
        verbose_name = _("help area")
        verbose_name_plural = _("help areas")


class Sector(SharedListItem):
    class Meta(SharedListItem.Meta):
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")


STALE_AFTER = datetime.timedelta(days=365)


def stale_cutoff():
    return timezone.now() - STALE_AFTER


# help_area_names() per language and help areas' (id, name) rows: folding every name in two languages
# cost the search page ~0.3 ms a request (issue 7). A renamed, added or removed help area is a new key.
_folded_names = {}


def help_area_names(areas=None):
    """(id, folded names in English and in the active language) of every help area, for matching();
    `areas`: every HelpArea when the caller already read them. Made once per language and rows."""
    areas = HelpArea.objects.all() if areas is None else areas
    key = (get_language(), tuple((area.id, area.name) for area in areas))
    names = _folded_names.get(key)
    if names is None:
        names = tuple((area_id, f"{fold(name)} {fold(gettext(name))}") for area_id, name in key[1])
        if len(_folded_names) >= 64:
            _folded_names.clear()
        _folded_names[key] = names
    return names


def words_with_areas(words, help_areas):
    """(word, ids of the help areas whose names contain it) for each of `words` (already folded),
    from help_area_names()."""
    return [(word, tuple(area_id for area_id, names in help_areas if word in names)) for word in words]


class DirectoryEntryQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)

    def stale(self):
        """Entries not verified in the last 12 months (or never)."""
        return self.filter(Q(verified_at__isnull=True) | Q(verified_at__lt=stale_cutoff()))

    def matching(self, query, help_areas=None):
        """Entries whose words or help areas match every word of `query`, accents ignored.

        Help areas match by their name in the user's language as well as in English, so
        "addiction" and its translation both find the partners tagged with that help area.
        `help_areas` is help_area_names() when the caller already has it (one search, two lists).
        """
        words = search_words(query)
        if not words:
            return self
        return self.matching_words(words_with_areas(words, help_area_names() if help_areas is None else help_areas))

    def matching_words(self, words):
        """matching() for `words`: (word, ids of the help areas it names) pairs, words_with_areas()."""
        result = self
        for word, area_ids in words:
            through = self.model.help_areas.through
            tagged = models.Exists(
                through.objects.filter(**{f"{self.model._meta.model_name}_id": models.OuterRef("pk")}).filter(
                    helparea_id__in=area_ids
                )
            )
            result = result.filter(Q(search_text__contains=word) | tagged)
        return result


class DirectoryEntry(models.Model):
    """Fields both lists share: contact details, help areas, verification, archive."""

    SEARCHED_FIELDS = ("phone", "email", "help_text")

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
    # fold()ed words of the searched fields, kept by save() (see directory.search)
    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.refresh_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def refresh_search_text(self):
        self.search_text = " ".join(fold(getattr(self, name)) for name in self.SEARCHED_FIELDS if getattr(self, name))

    @property
    def is_stale(self):
        return self.verified_at is None or self.verified_at < stale_cutoff()

    @property
    def is_archived(self):
        return self.archived_at is not None


class ProfessionalQuerySet(DirectoryEntryQuerySet):
    def visible_to(self, user):
        return self.filter(directory_scope(user).professional_filter())

    def editable_by(self, user):
        return self.filter(directory_scope(user).professional_filter(for_change=True))


class PartnerQuerySet(DirectoryEntryQuerySet):
    def visible_to(self, user):
        return self.filter(directory_scope(user).partner_filter())

    def editable_by(self, user):
        return self.filter(directory_scope(user).partner_filter(for_change=True))


class InSchoolProfessional(DirectoryEntry):
    """Seed list "professionals available in school": position and responsibility, name, tel., e-mail."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="professionals", verbose_name=_("school"))
    position = models.CharField(_("position and responsibility"), max_length=200)
    name = models.CharField(_("name"), max_length=150)

    SEARCHED_FIELDS = ("name", "position", *DirectoryEntry.SEARCHED_FIELDS)

    objects = ProfessionalQuerySet.as_manager()

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

    SEARCHED_FIELDS = (
        "institute",
        "contact_name",
        "position",
        "address",
        "direct_contact",
        "website",
        *DirectoryEntry.SEARCHED_FIELDS,
    )

    objects = PartnerQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner outside school")
        verbose_name_plural = _("partners outside school")
        ordering = ["institute", "contact_name", "id"]
        indexes = [
            # the area's list, sorted by institute
            models.Index(fields=["area", "institute"], name="partner_area_institute_idx"),
            # a meeting's suggested entries of a home municipality (cases.services.meetings._home_partners):
            # the area's and municipality's current entries in the directory's order, with their sector,
            # read from the index alone and stopped after the few shown
            models.Index(
                fields=["area", "municipality", "institute", "contact_name", "id"],
                include=["sector"],
                condition=Q(archived_at=None),
                name="partner_home_suggest_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                name="partner_has_institute",
                condition=~Q(institute=""),
            ),
        ]

    def __str__(self):
        return self.label(self.institute, self.contact_name)

    @staticmethod
    def label(institute, contact_name):
        """str() of a partner from its values (lists read as values: the case page)."""
        return f"{institute} – {contact_name}" if contact_name else institute

    @property
    def website_link(self):
        """The website as a link target, only when it is a web address: a stored "javascript:…" (an
        old row, the admin site) is shown as text, never made a link."""
        return self.website if self.website.lower().startswith(("https://", "http://")) else ""


class EntryChange(models.Model):
    """One line of an entry's history: who did what, when, and which fields changed (names only)."""

    class Action(models.TextChoices):
        CREATED = "created", _("Created")
        CHANGED = "changed", _("Changed")
        VERIFIED = "verified", _("Verified")
        ARCHIVED = "archived", _("Archived")
        RESTORED = "restored", _("Restored")
        IMPORTED = "imported", _("Imported")
        UPDATED_BY_IMPORT = "updated_by_import", _("Updated by import")

    professional = models.ForeignKey(
        InSchoolProfessional, on_delete=models.CASCADE, null=True, blank=True, related_name="changes"
    )
    partner = models.ForeignKey(OutsidePartner, on_delete=models.CASCADE, null=True, blank=True, related_name="changes")
    at = models.DateTimeField(_("when"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    action = models.CharField(_("what"), max_length=30, choices=Action.choices)
    changed_fields = models.JSONField(_("changed fields"), default=list, blank=True)

    class Meta:
        verbose_name = _("directory entry change")
        verbose_name_plural = _("directory entry changes")
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="entrychange_belongs_to_one_entry",
                condition=Q(professional__isnull=False, partner__isnull=True)
                | Q(professional__isnull=True, partner__isnull=False),
            ),
        ]
        # The detail page reads one entry's history through the foreign keys' own indexes.

    def __str__(self):
        return f"{self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"


class ImportBatch(models.Model):
    """An uploaded file on its way into a list: parsed, validated, previewed, then applied.

    Rows wait here until the user confirms; no entry is created or changed before that.
    """

    class Kind(models.TextChoices):
        PROFESSIONALS = "professionals", _("Professionals in school")
        PARTNERS = "partners", _("Partners outside school")

    class Status(models.TextChoices):
        VALIDATING = "validating", _("Checking the rows")
        PREVIEW = "preview", _("Ready for review")
        IMPORTING = "importing", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    school = models.ForeignKey(School, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    area = models.ForeignKey(Area, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    file_name = models.CharField(max_length=255)
    language = models.CharField(max_length=10, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.VALIDATING)
    # [{"line": 2, "values": {field: text}}, ...] as read from the file
    rows = models.JSONField(default=list)
    # {"line": {"column": ["message", ...]}} for rows with errors
    errors = models.JSONField(default=dict, blank=True)
    # {"line": entry id} for rows that look like an existing entry
    duplicates = models.JSONField(default=dict, blank=True)
    # {"line": "update" | "skip"}: the user's choice for each likely duplicate, on confirming
    decisions = models.JSONField(default=dict, blank=True)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    skipped_count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="importbatch_has_one_target",
                condition=Q(kind="professionals", school__isnull=False, area__isnull=True)
                | Q(kind="partners", area__isnull=False, school__isnull=True),
            ),
        ]

    def __str__(self):
        return self.file_name

    @property
    def percent(self):
        return round(100 * self.processed / self.total) if self.total else 100
