"""Reading the lists: the filters of the list pages, shared by the pages, exports and PDFs."""

from django import forms
from django.db.models import IntegerField, Value
from django.utils.translation import gettext_lazy as _

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
    of their link tables), not one query per list as prefetch_related("help_areas") does."""
    groups = [(kind, entries) for kind, entries in groups if entries]
    links = []
    for number, (kind, entries) in enumerate(groups):
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
    for number, (_kind, entries) in enumerate(groups):
        for entry in entries:
            ids = found.get((number, entry.pk), ())
            entry.help_area_list = [area for area in areas if area.id in ids]
