"""Reading the lists: the filters of the list pages, shared by the pages, exports and PDFs."""

from django import forms
from django.contrib.postgres.expressions import ArraySubquery
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import IntegerField, OuterRef, Value
from django.utils.translation import gettext_lazy as _

from crocoos.compiled_rows import rows, user_key

from .models import HelpArea, Sector, stale_cutoff


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


HELP_AREA_COLUMNS = ("id", "code", "name", "position")


def help_areas():
    """Every HelpArea, in their order, as HelpArea.objects.all() reads them; the statement compiled
    once (compiled_rows.rows: it reads nothing of the user, the day or the request)."""
    values = rows(("directory help areas",), lambda: HelpArea.objects.values_list(*HELP_AREA_COLUMNS))
    return [HelpArea.from_db(DEFAULT_DB_ALIAS, HELP_AREA_COLUMNS, row) for row in values]


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
    related rows of the table of entries (kind.table_columns), as SearchRow (plain values, no model
    instance: they are only shown), the statement compiled once per user and shape of search
    (compiled_rows.rows: the words are its parameters; the help areas they name are in its SQL;
    the queryset is built only then); on PostgreSQL each with the ids of its help areas
    (`help_area_ids`, for with_help_areas)."""
    fields, related = _table_values(kind)

    def build(*stand_ins):
        entries = kind.model.objects.visible_to(user).filter(archived_at__isnull=True)
        entries = entries.matching_words(zip(stand_ins, (area_ids for _word, area_ids in words), strict=True))
        ordered = entries.order_by(*kind.sorts[next(iter(kind.sorts))])
        return ordered.values_list(*fields, *related, *_help_area_ids(kind))[:limit]

    key = user_key(user, "directory search", kind.slug, limit, tuple(area_ids for _word, area_ids in words))
    return search_rows(kind, rows(key, build, [word for word, _area_ids in words]))


class SearchRow:
    """An entry of the search's lists as the table of entries shows it (directory_tags.entry_rows):
    its columns of _table_values (`pk` its id), its related rows (RelatedRow, or None), `is_stale`,
    `is_archived`, and on PostgreSQL `help_area_ids`."""

    @property
    def pk(self):
        return self.id


class RelatedRow:
    """A related row of a SearchRow (an entry's school, sector): its id and the columns the table
    shows, printed as its model prints itself (a sector's name through gettext)."""

    def __init__(self, model, values):
        self._model = model
        self.__dict__.update(values)

    @property
    def pk(self):
        return self.id

    def __str__(self):
        return self._model.__str__(self)


def search_rows(kind, values):
    """SearchRow of rows of _table_values(kind)'s columns (then, on PostgreSQL, the ids of the help
    areas): what table_entries() makes, without model instances."""
    fields, related = _table_values(kind)
    own = len(fields)
    relations = _relations(kind)
    ids_column = own + len(related)
    cutoff = stale_cutoff()
    entries = []
    for row in values:
        entry = SearchRow()
        attributes = entry.__dict__
        attributes.update(zip(fields, row[:own], strict=True))
        position = own
        for field, columns in relations:
            key = attributes[field.attname]
            shown = row[position : position + len(columns)]
            position += len(columns)
            shown = dict(zip(("id", *columns), (key, *shown), strict=True))
            attributes[field.name] = None if key is None else RelatedRow(field.related_model, shown)
        verified_at = attributes["verified_at"]
        attributes["is_stale"] = verified_at is None or verified_at < cutoff
        attributes["is_archived"] = attributes["archived_at"] is not None
        if len(row) > ids_column:  # the ids of the help areas last
            attributes["help_area_ids"] = set(row[ids_column])
        entries.append(entry)
    return entries


_table_values_of = {}


def _table_values(kind):
    """The entry's own columns of the table of entries (in the model's order, as from_db takes them,
    the related rows' keys included) and the related rows' columns ("school__name"); kept per kind."""
    found = _table_values_of.get(kind.slug)
    if found is None:
        wanted = {"id", *(name for name in kind.table_columns if "__" not in name)}
        wanted |= {f"{name}_id" for name in kind.table_related}
        fields = [field.attname for field in kind.model._meta.concrete_fields if field.attname in wanted]
        found = _table_values_of[kind.slug] = (fields, [name for name in kind.table_columns if "__" in name])
    return found


def _relations(kind):
    """(the foreign key, its related row's columns) of each of kind.table_related."""
    _fields, related = _table_values(kind)
    return [
        (kind.model._meta.get_field(name), [path.split("__", 1)[1] for path in related if path.startswith(f"{name}__")])
        for name in kind.table_related
    ]
