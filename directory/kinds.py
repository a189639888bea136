"""The two lists as configuration: columns, sorts and forms of each, so one set of views,
imports, exports and PDFs serves both.

Columns follow the seed (000_…, "List of professionals available in school / outside of the
school"); `SEED` marks the ones the printable list shows, in the seed's order.
"""

from dataclasses import dataclass, field

from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .forms import PartnerForm, ProfessionalForm
from .models import ImportBatch, InSchoolProfessional, OutsidePartner
from .search import fold


def header_key(text):
    """A header reduced to its letters and digits: "E-mail" and "email" are the same column."""
    return "".join(char for char in fold(text) if char.isalnum())


@dataclass(frozen=True)
class Column:
    key: str
    label: object
    aliases: tuple = ()

    def value(self, entry):
        if self.key in ("help_areas", "help"):
            names = "; ".join(str(area) for area in entry.help_areas.all())
            # "help" is the seed's single "what can he/she help with" column: list and free text
            return names if self.key == "help_areas" else "; ".join(filter(None, [names, entry.help_text]))
        if self.key in ("sector", "school", "area", "verified_by"):
            related = getattr(entry, self.key)
            return str(related) if related else ""
        if self.key == "verified_at":
            return formats.date_format(entry.verified_at, "SHORT_DATE_FORMAT") if entry.verified_at else ""
        return getattr(entry, self.key) or ""

    def header_keys(self):
        return {header_key(text) for text in (self.key, str(self.label), *self.aliases)}


POSITION = Column("position", _("Position and responsibility"), ("position, responsibility", "position"))
NAME = Column("name", _("Name"))
PHONE = Column("phone", _("Tel."), ("telephone", "phone"))
EMAIL = Column("email", _("E-mail"))
HELP = Column("help", _("What can he/she help with"))
HELP_AREAS = Column("help_areas", _("Help areas"), ("can help with",))
HELP_TEXT = Column("help_text", _("What can he/she help with (free text)"), ("what can he/she help with", "free text"))
VERIFIED_AT = Column("verified_at", _("Last verified"))
VERIFIED_BY = Column("verified_by", _("Verified by"))

# The columns of both lists that a row of the table of entries shows (Kind.table_columns).
TABLE_COLUMNS = ("phone", "email", "help_text", "verified_at", "archived_at")


@dataclass(frozen=True)
class Kind:
    slug: str
    model: type
    form_class: type
    batch_kind: str
    title: object
    singular: object
    target_field: str  # "school" or "area": what an entry belongs to
    sorts: dict
    data_columns: list  # import and export, in this order
    seed_columns: list  # the printable list
    required_columns: tuple
    select_related: tuple = field(default=())
    # what a row of the table of entries shows (directory.templatetags.directory_tags.entry_rows,
    # the list and the search): the related rows and the columns
    table_related: tuple = field(default=())
    table_columns: tuple = field(default=())

    @property
    def export_columns(self):
        target = Column(self.target_field, capfirst(self.model._meta.get_field(self.target_field).verbose_name))
        return [*self.data_columns, target, VERIFIED_AT, VERIFIED_BY]

    def visible(self, user):
        return self.model.objects.visible_to(user).select_related(*self.select_related)

    def for_table(self, entries):
        """`entries` reading only the related rows and the columns the table of entries shows."""
        return entries.select_related(None).select_related(*self.table_related).only(*self.table_columns)

    def editable(self, user):
        return self.model.objects.editable_by(user)

    def targets(self, scope):
        """Schools or areas the user may add entries to."""
        return scope.editable_schools() if self.target_field == "school" else scope.editable_areas()


PROFESSIONALS = Kind(
    slug="school",
    model=InSchoolProfessional,
    form_class=ProfessionalForm,
    batch_kind=ImportBatch.Kind.PROFESSIONALS,
    title=_("Professionals in school"),
    singular=_("professional in school"),
    target_field="school",
    sorts={
        "name": ("name", "id"),
        "-name": ("-name", "-id"),
        "position": ("position", "name", "id"),
        "school": ("school__name", "name", "id"),
        "verified": ("verified_at", "name", "id"),
    },
    data_columns=[POSITION, NAME, PHONE, EMAIL, HELP_AREAS, HELP_TEXT],
    seed_columns=[POSITION, NAME, PHONE, EMAIL, HELP],
    required_columns=("name", "position"),
    select_related=("school", "verified_by"),
    table_related=("school",),
    table_columns=(*TABLE_COLUMNS, "name", "position", "school__name"),
)

PARTNERS = Kind(
    slug="partners",
    model=OutsidePartner,
    form_class=PartnerForm,
    batch_kind=ImportBatch.Kind.PARTNERS,
    title=_("Partners outside school"),
    singular=_("partner outside school"),
    target_field="area",
    sorts={
        "institute": ("institute", "contact_name", "id"),
        "-institute": ("-institute", "-contact_name", "-id"),
        "sector": ("sector__position", "institute", "id"),
        "contact": ("contact_name", "institute", "id"),
        "verified": ("verified_at", "institute", "id"),
    },
    data_columns=[
        Column("institute", _("Name of institute"), ("institute",)),
        Column("sector", _("Sector")),
        Column("address", _("Address")),
        PHONE,
        EMAIL,
        Column("website", _("Website")),
        Column("contact_name", _("Contact person's name"), ("contact person", "contact")),
        Column("position", _("Position, responsibility"), ("position and responsibility", "position")),
        Column("direct_contact", _("Direct contact")),
        HELP_AREAS,
        HELP_TEXT,
    ],
    seed_columns=[
        Column("institute", _("Name of institute")),
        Column("address", _("Address")),
        PHONE,
        EMAIL,
        Column("contact_name", _("Contact person's name")),
        Column("position", _("Position, responsibility")),
        Column("direct_contact", _("Direct contact")),
        HELP,
    ],
    required_columns=("institute",),
    select_related=("area", "sector", "verified_by"),
    table_related=("sector",),
    table_columns=(*TABLE_COLUMNS, "institute", "address", "contact_name", "position", "sector__name"),
)

KINDS = {kind.slug: kind for kind in (PROFESSIONALS, PARTNERS)}
KIND_BY_BATCH = {kind.batch_kind: kind for kind in KINDS.values()}
