from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, Window
from django.db.models.utils import create_namedtuple_class
from django.forms.utils import ErrorDict, ErrorList
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cases.forms.case import FORMSETS, CaseForm, CloseForm, NewCaseForm, directory_pickers, people_suggestions
from cases.models import Case, Student
from cases.services import case_page
from cases.services import cases as case_service
from cases.services.sheet_batches import may_print_batches
from crocoos import audit, page_cache
from crocoos.access import access_for
from crocoos.compiled_rows import PreparedRows, rows, user_key
from crocoos.pagination import KeysetPage, KeysetPaginator
from crocoos.search import search_words

from .helpers import can_edit_case, get_case_for_user, submission_key

FORMSET_LABELS = {
    "presences": gettext_lazy("Present"),
    "professionals": gettext_lazy("Involved professionals"),
    "targets": gettext_lazy("Targets"),
    "actions": gettext_lazy("Action plan"),
}

CASE_SORTS = {
    "-date": ("-date", "-id"),
    "date": ("date", "id"),
    "reference": ("reference",),
    "student": ("student__last_name", "student__first_name", "id"),
}


# What a row of the list shows (cases.templatetags.case_tags.case_rows), read as values: no model
# objects for the case, its student, class and school.
CASE_LIST_COLUMNS = (
    "pk",
    "reference",
    "date",
    "status",
    "student__first_name",
    "student__last_name",
    "student__school_class__name",
    "school__name",
)


def filter_case_list(cases, params):
    """The case list's filter (status, words, sort) from `params` (request.GET): the list shows it
    and a batch of case sheets prints it. Returns the cases and the filter as read."""
    chosen = _chosen_filter(params)
    return _filtered(cases, chosen["status"], search_words(chosen["query"]), chosen["sort"]), chosen


def _chosen_filter(params):
    status = params.get("status", "open")
    query = params.get("q", "").replace("\x00", "").strip()  # PostgreSQL refuses NUL in a query
    sort = params.get("sort", "-date")
    if sort not in CASE_SORTS:
        sort = "-date"
    return {"query": query, "status": status, "sort": sort}


def _filtered(cases, status, words, sort):
    """`cases` with the status (when one of Case.Status), matching the `words`, in the `sort`."""
    if status in Case.Status.values:
        cases = cases.filter(status=status)
    if words:
        cases = cases.matching_words(words)
    return cases.order_by(*CASE_SORTS[sort])


@login_required
def case_list(request):
    return page_cache.render(request, "cases/case_list.html", lambda: _case_list_context(request))


CASES_PER_PAGE = 25


def _case_list_context(request):
    chosen = _chosen_filter(request.GET)
    words = search_words(chosen["query"])
    shown = Case.objects.values_list(*CASE_LIST_COLUMNS, named=True)
    if any(name in request.GET for name in ("after", "before", "page")):
        cases = _filtered(Case.objects.visible_to(request.user), chosen["status"], words, chosen["sort"])
        page = KeysetPaginator(cases, CASES_PER_PAGE, CASE_SORTS[chosen["sort"]], read=shown).get_page(request.GET)
    else:
        page = _first_page(request.user, chosen, words, shown)
    return {
        "page": page,
        **chosen,
        "statuses": Case.Status.choices,
        "can_print_batch": may_print_batches(request.user),
    }


def _first_page(user, chosen, words, shown):
    """The first page as KeysetPaginator.get_page() reads it (the ids and the number of rows, then
    the rows by id), its first statement compiled once per user and shape of the list
    (compiled_rows.rows: the words of a search are its parameters)."""
    status = chosen["status"] if chosen["status"] in Case.Status.values else None
    ordering = CASE_SORTS[chosen["sort"]]

    def build(*stand_ins):
        cases = _filtered(Case.objects.visible_to(user), status, stand_ins, chosen["sort"])
        return cases.annotate(_total=Window(Count("pk"))).values_list("pk", "_total")[: CASES_PER_PAGE + 1]

    key = user_key(user, "case list", status, chosen["sort"], len(words))
    ids = rows(key, build, words)
    page_rows = rows_by_id([pk for pk, _total in ids], chosen["sort"])
    paginator = KeysetPaginator(Case.objects.none(), CASES_PER_PAGE, ordering, read=shown)
    paginator.count = ids[0][1] if ids else 0
    return KeysetPage(
        page_rows[:CASES_PER_PAGE],
        number=1,
        paginator=paginator,
        has_next=len(page_rows) > CASES_PER_PAGE,
        has_previous=False,
    )


CaseListRow = create_namedtuple_class(*CASE_LIST_COLUMNS)
# (number of ids, sort): the list's rows of those cases, compiled once per connection (PreparedRows)
_ROWS_BY_ID = {}


def rows_by_id(ids, sort):
    """The rows of the cases `ids` (CASE_LIST_COLUMNS, named) in the list's `sort`: what
    Case.objects.values_list(*CASE_LIST_COLUMNS, named=True).filter(pk__in=ids).order_by(…) reads,
    its statement compiled once per number of ids and sort (at most a page and one more)."""
    if not ids:
        return []
    read = _ROWS_BY_ID.get((len(ids), sort))
    if read is None:
        ordering = CASE_SORTS[sort]
        read = _ROWS_BY_ID[len(ids), sort] = PreparedRows(
            lambda *ids: Case.objects.filter(pk__in=ids).values_list(*CASE_LIST_COLUMNS).order_by(*ordering)
        )
    return [CaseListRow(*row) for row in read(*ids)]


def _student_for_new_case(request):
    access = access_for(request.user)
    students = Student.objects.visible_to(request.user).filter(
        Q(school_id__in=access.whole_school_ids) | Q(area_id__in=access.follow_up_area_ids)
    )
    pk = request.GET.get("student") or request.POST.get("student")
    return get_object_or_404(students.select_related("school_class", "school"), pk=pk if str(pk).isdigit() else None)


@login_required
def case_new(request):
    """Open a case directly (for a student with no concern logged, e.g. a register youth)."""
    student = _student_for_new_case(request)
    if request.method == "POST":
        form = NewCaseForm(request.POST)
        if form.is_valid():
            case = case_service.open_case(
                student=student,
                opened_by=request.user,
                date=form.cleaned_data["date"],
                observed_problem=form.cleaned_data["observed_problem"],
                observers=form.cleaned_data["observers"],
                submission_key=form.cleaned_data["submission_key"],
            )
            audit.record("case.created", request=request, obj=case, student=student)
            messages.success(request, _("Case %(reference)s opened.") % {"reference": case.reference})
            return redirect("case_detail", case.pk)
    else:
        form = NewCaseForm()
    return render(request, "cases/case_new.html", {"form": form, "student": student})


@login_required
def case_detail(request, pk):
    # The guard's queryset is built only when a kept page is served (_case_page checks on its own).
    viewing = audit.Viewing("case.viewed", request=request, obj=Case(pk=pk))
    html, student_id = page_cache.cached(
        request,
        lambda: _case_page(request, pk, viewing),
        guard=lambda: get_object_or_404(Case.objects.visible_to(request.user).only("pk"), pk=pk),
    )
    viewing.done([student_id])
    return HttpResponse(html)


def _case_page(request, pk, viewing, forms=None):
    """The case page's HTML and its young person (whose viewing is written while it is rendered).
    `forms`: a submitted form of the page that did not validate (close_form, withdraw_form), shown
    with its errors and what was typed in place of the empty one."""
    ctx = case_page_context(request.user, pk)
    ctx.update(forms or {})
    viewing.shows([ctx["case"].student_id])
    return render_to_string("cases/case_detail.html", ctx, request), ctx["case"].student_id


def case_page_with_errors(request, pk, **forms):
    """The case page again (400) after one of its forms did not validate (see _case_page): the
    message next to the field, the text as typed, the part of the page that holds it open."""
    viewing = audit.Viewing("case.viewed", request=request, obj=Case(pk=pk))
    html, student_id = _case_page(request, pk, viewing, forms)
    viewing.done([student_id])
    return HttpResponse(html, status=400)


def case_page_context(user, pk):
    """What cases/case_detail.html shows of case `pk` (Http404 when the user may not open it)."""
    # Only what the page shows, as plain values (the PDF sheet reads whole rows: with_sheet_data).
    case = case_page.case_for(user, pk)
    editable = can_edit_case(user, case)
    ctx = {
        "case": case,
        "student": case.student,
        "can_edit": editable,
        **case_page.page_data(case),
    }
    if editable:
        ctx["consents"] = case_page.consents(case.pk, case)
        ctx["sheet_versions"] = case_page.sheet_versions(case.pk, case)
        # From the consents the page lists anyway (services.consent.case_can_go_on_agenda asks the database).
        ctx["can_go_on_agenda"] = any(consent["is_valid"] for consent in ctx["consents"])
    return ctx


def _formsets(case, data=None, pickers=None):
    pickers = pickers or directory_pickers(case)
    return {
        name: formset_class(data, instance=case, prefix=name, **pickers[name])
        for name, formset_class in FORMSETS.items()
    }


def _with_added_row(data, name):
    """A copy of the posted data with one more (empty) row in formset `name`."""
    data = data.copy()
    key = f"{name}-TOTAL_FORMS"
    data[key] = str(int(data.get(key) or 0) + 1)
    return data


def _hide_errors(form, formsets):
    """After "add a row" the form is shown again as typed, without complaints: nothing was saved yet."""
    form._errors = ErrorDict()
    for formset in formsets.values():
        formset._errors, formset._non_form_errors = [], ErrorList()
        for row in formset.forms:
            row._errors = ErrorDict()


def _compare(form, current):
    """Field by field: what the user typed and what is saved now (shown on a conflict)."""
    rows = []
    for name in CaseForm.Meta.fields:
        mine = form.cleaned_data.get(name)
        saved = getattr(current, name)
        rows.append({"label": form.fields[name].label, "mine": mine, "saved": saved, "differs": mine != saved})
    return rows


@login_required
def case_edit(request, pk):
    case = get_case_for_user(request, pk, for_edit=True)
    status = 200
    conflict = None
    if request.method == "POST":
        key = submission_key(request)
        if key is not None and case.submission_key == key:
            # The same form sent twice: the first one was saved.
            return redirect("case_detail", case.pk)
        data = request.POST
        add_row = request.POST.get("add_row")
        if add_row in FORMSETS:
            data = _with_added_row(data, add_row)
            form, formsets = CaseForm(data, instance=case), _formsets(case, data)
            _hide_errors(form, formsets)
            return render(request, "cases/case_edit.html", _edit_context(case, form, formsets, focus=add_row))
        form, formsets = CaseForm(data, instance=case), _formsets(case, data)
        if form.is_valid() and all(formset.is_valid() for formset in formsets.values()):
            changed = [name for name in form.changed_data if name in CaseForm.Meta.fields]
            changed += [name for name, formset in formsets.items() if formset.has_changed()]
            labels = [form.fields[name].label if name in form.fields else FORMSET_LABELS[name] for name in changed]
            form.save(commit=False)
            try:
                case_service.save_case(
                    case=case,
                    expected_version=form.cleaned_data["version"],
                    changed_by=request.user,
                    changed_fields=labels,
                    save_related=lambda: [formset.save_ordered() for formset in formsets.values()],
                    submission_key=key,
                )
            except case_service.EditConflict as error:
                current = error.current
                if key is not None and current.submission_key == key:
                    return redirect("case_detail", case.pk)
                conflict = {"current": current, "rows": _compare(form, current)}
                # The next save is a deliberate choice made after seeing both versions.
                data = data.copy()
                data["version"] = str(current.version)
                form = CaseForm(data, instance=Case.objects.get(pk=case.pk))
                form.is_valid()
                status = 409
            else:
                audit.record("case.changed", request=request, obj=case, student=case.student_id, changed_fields=changed)
                messages.success(request, _("The case was saved."))
                return redirect("case_detail", case.pk)
        else:
            status = 400
    else:
        form = CaseForm(instance=case, initial={"version": case.version})
        formsets = _formsets(case)
        audit.record("case.edit_opened", request=request, obj=case, student=case.student_id)
    return render(
        request, "cases/case_edit.html", _edit_context(case, form, formsets, conflict=conflict), status=status
    )


def _edit_context(case, form, formsets, conflict=None, focus=None):
    people = people_suggestions(case, formsets)
    return {
        "case": case,
        "student": case.student,
        "form": form,
        "formsets": formsets,
        "case_people": people,
        "case_institutes": sorted({institute for _name, institute in people if institute}, key=str.casefold),
        "conflict": conflict,
        "focus": focus,
    }


@login_required
@require_POST
def case_close(request, pk):
    case = get_case_for_user(request, pk, for_edit=True)
    form = CloseForm(request.POST)
    if not case.is_open:
        return redirect("case_detail", case.pk)
    if form.is_valid():
        case_service.close_case(case=case, closed_by=request.user, outcome=form.cleaned_data["outcome"])
        audit.record(
            "case.closed", request=request, obj=case, student=case.student_id, changed_fields=["outcome", "status"]
        )
        messages.success(request, _("The case was closed."))
        return redirect("case_detail", case.pk)
    return case_page_with_errors(request, case.pk, close_form=form)


@login_required
@require_POST
def case_reopen(request, pk):
    case = get_case_for_user(request, pk, for_edit=True)
    if case.is_open:
        return redirect("case_detail", case.pk)
    case_service.reopen_case(case=case, reopened_by=request.user)
    audit.record("case.reopened", request=request, obj=case, student=case.student_id, changed_fields=["status"])
    messages.success(request, _("The case was reopened."))
    return redirect("case_detail", case.pk)
