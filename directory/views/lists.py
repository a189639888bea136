from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, Q
from django.shortcuts import render

from crocoos import page_cache
from crocoos.pagination import KeysetPaginator

from ..kinds import KINDS
from ..models import help_area_names, stale_cutoff, words_with_areas
from ..scope import directory_scope
from ..search import search_words
from ..selectors import filtered_entries, help_areas, search_preview, with_help_areas
from .common import directory_user_required, get_entry_for_user

PAGE_SIZE = 25
SEARCH_PREVIEW = 10


def _counts(kind, user):
    return (
        kind.visible(user)
        .active()
        .aggregate(
            total=Count("id"), stale=Count("id", filter=Q(verified_at__isnull=True) | Q(verified_at__lt=stale_cutoff()))
        )
    )


def _field_label(kind, name):
    try:
        return kind.model._meta.get_field(name).verbose_name
    except FieldDoesNotExist:
        return name


@directory_user_required
def directory_search(request):
    """One box across both lists: "who can help with addiction?"."""
    return page_cache.render(request, "directory/directory_search.html", lambda: _search_context(request))


def _search_context(request):
    query = request.GET.get("q", "").replace("\x00", "").strip()  # PostgreSQL refuses NUL in a query
    if not query:
        return {"query": query, "sections": [{"kind": kind, **_counts(kind, request.user)} for kind in KINDS.values()]}
    areas = help_areas()  # read once: matching both lists and the rows' help areas
    words = words_with_areas(search_words(query), help_area_names(areas))
    sections = []
    for kind in KINDS.values():
        # The list page's filter with the words alone (no form to build: `query` is clean).
        found = search_preview(kind, request.user, words, SEARCH_PREVIEW + 1)
        sections.append({"kind": kind, "entries": found[:SEARCH_PREVIEW], "more": len(found) > SEARCH_PREVIEW})
    with_help_areas([(section["kind"], section["entries"]) for section in sections], areas)
    return {"query": query, "sections": sections}


@directory_user_required
def directory_list(request, kind):
    form, entries = filtered_entries(kind, request.user, request.GET)
    rows = kind.for_table(entries).prefetch_related(None)
    page = KeysetPaginator(rows, PAGE_SIZE, entries.query.order_by).get_page(request.GET)
    # The form's help areas, which its select lists too (the template reuses this reading).
    areas = form.fields["help_area"].queryset
    page.object_list = list(page.object_list)
    with_help_areas([(kind, page.object_list)], list(areas))
    scope = directory_scope(request.user)
    return render(
        request,
        "directory/directory_list.html",
        {"kind": kind, "form": form, "page": page, "can_add": kind.targets(scope).exists()},
    )


@directory_user_required
def directory_detail(request, kind, pk):
    entry = get_entry_for_user(request, kind, pk)
    can_change = kind.editable(request.user).filter(pk=entry.pk).exists()
    history = list(entry.changes.select_related("actor")[:50])
    for change in history:
        change.field_labels = [_field_label(kind, name) for name in change.changed_fields]
    return render(
        request,
        "directory/directory_detail.html",
        {"kind": kind, "entry": entry, "can_change": can_change, "history": history},
    )
