"""Reading the lists: the filters of the list pages, shared by the pages, exports and PDFs."""

from django import forms
from django.contrib.postgres.expressions import ArraySubquery
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import IntegerField, OuterRef, Value
from django.utils.translation import gettext_lazy as _

from crocoos.compiled_rows import rows, user_key

from .models import HelpArea, Sector


class EntryFilterForm(forms.Form):
    q = forms.CharField(label=_("Who can help with …"), required=False)
    help_area = forms.ModelChoiceField(
        label=_("Help area"), queryset=HelpArea.objects.all(), to_field_name="code", required=False
    )
    sector = forms.ModelChoiceField(
        label=_("Sector"), queryset=Sector.objects.all(), to_field_name="code", required=False
    )
    stale = forms.BooleanField(label=_("Not verified for 12 months"), required=False)
    archived = forms.BooleanField(label=_("Show archived entries only"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, widget=forms.Select(attrs={"class": "form-select"}))

    SORT_LABELS = {
        "name": _("Name (A–Z)"),
        "-name": _("Name (Z–A)"),
        "position": _("Position"),
        "school": _("School"),
        "institute": _("Institute (A–Z)"),
        "-institute": _("Institute (Z–A)"),
        "sector": _("Sector"),
        "contact": _("Contact person"),
        "verified": _("Least recently verified"),
    }

    def __init__(self, data, *, kind):
        super().__init__(data)
        self.kind = kind
        self.fields["sort"].choices = [(key, self.SORT_LABELS[key]) for key in kind.sorts]
        if kind.target_field != "area":
            del self.fields["sector"]

    def filter(self, entries):
        """`entries` narrowed and sorted as asked; invalid values are ignored, never an error."""
        return narrowed(self.kind, entries, self.cleaned_data if self.is_valid() else {})


def narrowed(kind, entries, data, help_areas=None):
    """`entries` narrowed and sorted by the filter's cleaned `data`; `help_areas` as matching() takes it."""
    entries = entries.filter(archived_at__isnull=not data.get("archived"))
    if data.get("q"):
        entries = entries.matching(data["q"], help_areas)
    if data.get("help_area"):
        entries = entries.filter(help_areas=data["help_area"])
    if data.get("sector"):
        entries = entries.filter(sector=data["sector"])
    if data.get("stale"):
        entries = entries.stale()
    sort = data.get("sort") or next(iter(kind.sorts))
    return entries.order_by(*kind.sorts[sort]).prefetch_related("help_areas")


def filtered_entries(kind, user, params):
    form = EntryFilterForm(params, kind=kind)
    return form, form.filter(kind.visible(user))


def with_help_areas(groups, areas):
    """Each entry of `groups` ([(kind, entries)]) with `help_area_list`: its help areas in the
    order entry.help_areas.all() gives them (the help areas' own), from `areas`, every HelpArea as
    the caller read them (in that order). The links of all the lists are read in one query (a UNION
    of their link tables), not one query per list as prefetch_related("help_areas") does; entries
    read with the ids of their help areas (`help_area_ids`: search_preview on PostgreSQL) need none."""
    unread = [(kind, [entry for entry in entries if not hasattr(entry, "help_area_ids")]) for kind, entries in groups]
    unread = [(kind, entries) for kind, entries in unread if entries]
    links = []
    for number, (kind, entries) in enumerate(unread):
        entry_field = f"{kind.model._meta.model_name}_id"
        links.append(
            kind.model.help_areas.through.objects.filter(**{f"{entry_field}__in": [entry.pk for entry in entries]})
            .order_by()
            .values_list(Value(number, output_field=IntegerField()), entry_field, "helparea_id")
        )
    found = {}
    if links:
        for number, entry_id, area_id in links[0].union(*links[1:], all=True):
            found.setdefault((number, entry_id), set()).add(area_id)
    for number, (_kind, entries) in enumerate(unread):
        for entry in entries:
            entry.help_area_ids = found.get((number, entry.pk), ())
    for _kind, entries in groups:
        for entry in entries:
            ids = entry.help_area_ids
            entry.help_area_list = [area for area in areas if area.id in ids]


def _help_area_ids(kind):
    """On PostgreSQL, the ids of an entry's help areas as a column of its own row (an array), for
    with_help_areas; elsewhere nothing (with_help_areas reads them)."""
    if connections[DEFAULT_DB_ALIAS].vendor != "postgresql":
        return ()
    links = kind.model.help_areas.through.objects.filter(**{f"{kind.model._meta.model_name}_id": OuterRef("pk")})
    return (ArraySubquery(links.order_by().values("helparea_id")),)


def search_preview(kind, user, words, limit):
    """The first `limit` entries of `kind` that the list page shows for a search of `words`
    (words_with_areas(): the search's words and the help areas each names), as
    narrowed(kind, kind.for_table(kind.visible(user)), {"q": ...}) reads them: with the columns and
    related rows of the table of entries (kind.table_columns), made from values, the statement
    compiled once per user and shape of search (compiled_rows.rows: the words are its parameters;
    the help areas they name are in its SQL); on PostgreSQL each with the ids of its help areas
    (`help_area_ids`, for with_help_areas)."""
    fields, related = _table_values(kind)

    def build(*stand_ins):
        entries = kind.model.objects.visible_to(user).filter(archived_at__isnull=True)
        entries = entries.matching_words(zip(stand_ins, (area_ids for _word, area_ids in words), strict=True))
        ordered = entries.order_by(*kind.sorts[next(iter(kind.sorts))])
        return ordered.values_list(*fields, *related, *_help_area_ids(kind))[:limit]

    key = user_key(user, "directory search", kind.slug, limit, tuple(area_ids for _word, area_ids in words))
    values = rows(key, build, [word for word, _area_ids in words])
    entries = table_entries(kind, values)
    if values and len(values[0]) > len(fields) + len(related):  # the ids of the help areas last
        for entry, row in zip(entries, values, strict=True):
            entry.help_area_ids = set(row[-1])
    return entries


def _table_values(kind):
    """The entry's own columns of the table of entries (in the model's order, as from_db takes them,
    the related rows' keys included) and the related rows' columns ("school__name")."""
    wanted = {"id", *(name for name in kind.table_columns if "__" not in name)}
    wanted |= {f"{name}_id" for name in kind.table_related}
    fields = [field.attname for field in kind.model._meta.concrete_fields if field.attname in wanted]
    return fields, [name for name in kind.table_columns if "__" in name]


def table_entries(kind, values):
    """Entries of `kind` from rows of _table_values(kind)'s columns: what kind.for_table() reads, the
    related rows (kind.table_related) with their columns alone."""
    fields, related = _table_values(kind)
    own = len(fields)
    relations = [
        (kind.model._meta.get_field(name), [path.split("__", 1)[1] for path in related if path.startswith(f"{name}__")])
        for name in kind.table_related
    ]
    entries = []
    for row in values:
        entry = kind.model.from_db(DEFAULT_DB_ALIAS, fields, row[:own])
        position = own
        for field, columns in relations:
            key = getattr(entry, field.attname)
            values_of = row[position : position + len(columns)]
            position += len(columns)
            target = field.related_model.from_db(DEFAULT_DB_ALIAS, ["id", *columns], (key, *values_of))
            field.set_cached_value(entry, None if key is None else target)
        entries.append(entry)
    return entries
