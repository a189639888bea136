"""Keyset pagination: the next page is "the rows after this one", not "skip N rows".

OFFSET makes the database read and throw away every row before the page, so page 200 of a
follow-up officer's 10,000 students costs 200 pages' work. Here the links carry the id of the
last (or first) row shown, `after=` / `before=`; the page reads that row's sort values (one
lookup by primary key, inside the same scoped queryset, so a forged id outside it is ignored)
and asks for rows beyond them, which an index on the sort columns serves directly.

The page object answers what templates/_pagination.html asks of Django's `Page`
(number, has_previous, has_next, previous/next_page_number, paginator.num_pages and .count)
and adds `previous_cursor` / `next_cursor`. The ordering must end with a unique column ("id").
A sort on a column that can be NULL (a student's class, an entry's last verification) cannot
be continued by comparison, as databases place NULLs differently: such sorts keep numbered
OFFSET pages (Django's Paginator), which is what `get_page` returns for them.
"""

from functools import cached_property

from django.core.paginator import Paginator
from django.db.models import Count, Q, Window


def _int(value, default=None):
    return int(value) if str(value or "").isdigit() else default


def can_be_null(model, path):
    """Can the ordering column `path` ("student__last_name") be NULL for some row?"""
    for name in path.split("__"):
        field = model._meta.get_field("id" if name == "pk" else name)
        if field.null:
            return True
        model = field.related_model
    return False


def rows_beyond(ordering, values, *, forward=True):
    """Q for the rows after (or, with forward=False, before) the row whose sort values are `values`."""
    beyond = Q(pk__in=[])
    equal = Q()
    for field in ordering:
        name = field.lstrip("-")
        ascending = not field.startswith("-")
        lookup = "gt" if ascending == forward else "lt"
        beyond |= equal & Q(**{f"{name}__{lookup}": values[name]})
        equal &= Q(**{name: values[name]})
    first = ordering[0].lstrip("-")
    # The same condition on the first column alone lets the database start the index range there.
    bound = Q(**{f"{first}__{'gte' if (not ordering[0].startswith('-')) == forward else 'lte'}": values[first]})
    return bound & beyond


class KeysetPaginator:
    def __init__(self, queryset, per_page, ordering, read=None):
        """`read`, when given, is the queryset the page's rows are read from once chosen (by primary
        key, in one query with a subquery): `queryset` then only chooses them, on its own tables.
        A search whose matches the planner overestimates would otherwise join the related rows of
        every candidate before the LIMIT (issue 7: the case search joined every student)."""
        self.queryset = queryset.order_by(*ordering)
        self.per_page = per_page
        self.ordering = ordering
        self.read = read

    @cached_property
    def count(self):
        return self.queryset.count()

    @property
    def num_pages(self):
        return max(1, -(-self.count // self.per_page))

    def get_page(self, params):
        """The page the query parameters ask for: `after`/`before` a row, numbered by `page`."""
        number = _int(params.get("page"), 1) or 1
        if any(can_be_null(self.queryset.model, field.lstrip("-")) for field in self.ordering):
            return Paginator(self._numbered_rows(), self.per_page).get_page(number)
        for key, forward in (("after", True), ("before", False)):
            pk = _int(params.get(key))
            if pk is None:
                continue
            names = [field.lstrip("-") for field in self.ordering]
            values = self.queryset.filter(pk=pk).values(*names).first()
            if values is None:
                break
            return self._page(rows_beyond(self.ordering, values, forward=forward), number, forward)
        if number > 1:
            # A numbered link without a cursor (typed, or from an older page): count the rows once.
            return Paginator(self._numbered_rows(), self.per_page).get_page(number)
        return self._page(Q(), 1, True)

    def _page(self, condition, number, forward):
        rows = self._in_order(self.queryset.filter(condition), forward)[: self.per_page + 1]
        if self.read is not None and not condition:
            # The first page: its ids and the number of rows in one query (COUNT(*) OVER (), which
            # the database takes from the rows it sorted anyway), then the rows by id.
            chosen = list(rows.annotate(_total=Window(Count("pk"))).values_list("pk", "_total"))
            self.__dict__["count"] = chosen[0][1] if chosen else 0
            rows = self._in_order(self.read.filter(pk__in=[pk for pk, _total in chosen]), forward)
        elif self.read is not None:
            rows = self._in_order(self.read.filter(pk__in=rows.values("pk")), forward)
        rows = list(rows)
        more = len(rows) > self.per_page
        rows = rows[: self.per_page]
        if number == 1 and forward and not more and not condition:
            # The first page holds every row: that is the count, no COUNT query needed (a search
            # with few results, a small list). Otherwise "Page n of m" counts, as Django's Paginator.
            self.__dict__["count"] = len(rows)
        if not forward:
            rows.reverse()
        return KeysetPage(
            rows,
            number=max(number, 1),
            paginator=self,
            has_next=more if forward else True,
            has_previous=(number > 1) if forward else more,
        )

    def _in_order(self, rows, forward):
        """`rows` in the list's order, or the other way round to read the rows before a cursor."""
        rows = rows.order_by(*self.ordering)
        return rows if forward else rows.reverse()

    def _numbered_rows(self):
        """The rows for Django's Paginator (numbered OFFSET pages), read as `read` says."""
        if self.read is None:
            return self.queryset
        return self._in_order(self.read.filter(pk__in=self.queryset.values("pk")), True)


class KeysetPage:
    def __init__(self, object_list, *, number, paginator, has_next, has_previous):
        self.object_list = object_list
        self.number = number
        self.paginator = paginator
        self._has_next = has_next and bool(object_list)
        self._has_previous = has_previous and bool(object_list)

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def has_next(self):
        return self._has_next

    def has_previous(self):
        return self._has_previous

    def has_other_pages(self):
        return self._has_next or self._has_previous

    def next_page_number(self):
        return self.number + 1

    def previous_page_number(self):
        return max(self.number - 1, 1)

    @property
    def next_cursor(self):
        return self.object_list[-1].pk if self._has_next else ""

    @property
    def previous_cursor(self):
        return self.object_list[0].pk if self._has_previous else ""
