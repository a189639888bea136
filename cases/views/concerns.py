from functools import cached_property

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.db.models.utils import create_namedtuple_class
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.forms.concerns import LABEL_COLUMNS, ConcernForm, LinkForm, NoCaseForm, label_of, student_label
from cases.models import Case, Concern, Student
from cases.services import concerns as concern_service
from crocoos import audit, compiled_rows, page_cache
from crocoos.access import access_for
from crocoos.pagination import KeysetPage, KeysetPaginator, _int

from .helpers import can_triage, get_concern_for_user, require

# Above this many visible students the type-ahead list is not sent; the exact name still works.
DATALIST_LIMIT = 1000


def concern_students(user):
    return Student.objects.visible_to(user).select_related("school_class").order_by("last_name", "first_name")


def concern_form(user, data=None, student=None):
    students = concern_students(user)
    initial = {"observer_name": user.full_name, "observer_position": user.position}
    if student is not None:
        initial["student"] = student_label(student)
    return ConcernForm(data, students=students if data is not None else [], initial=initial)


def datalist_options(user):
    # Only the label's columns: the list is a few hundred rows on a teacher's every home page.
    rows = list(concern_students(user).values_list(*LABEL_COLUMNS)[: DATALIST_LIMIT + 1])
    if len(rows) > DATALIST_LIMIT:
        return []
    return [label_of(f"{first} {last}", class_name, born) for first, last, class_name, born in rows]


@login_required
def concern_new(request):
    """Log a concern: the teacher's one-minute form (also shown on the home page)."""
    student = None
    if request.GET.get("student", "").isdigit():
        student = concern_students(request.user).filter(pk=request.GET["student"]).first()
    if request.method == "POST":
        form = concern_form(request.user, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            concern = concern_service.log_concern(
                student=data["student"],
                logged_by=request.user,
                text=data["text"],
                categories=data["categories"],
                observer_name=data["observer_name"],
                observer_position=data["observer_position"],
                date=data["date"],
                submission_key=data["submission_key"],
            )
            audit.record("concern.created", request=request, obj=concern, student=concern.student)
            messages.success(request, _("Your concern about %(name)s was logged.") % {"name": concern.student})
            return redirect("concern_mine")
    else:
        form = concern_form(request.user, student=student)
    return render(request, "cases/concern_new.html", {"form": form, "student_options": datalist_options(request.user)})


@login_required
def concern_mine(request):
    concerns = (
        Concern.objects.visible_to(request.user)
        .filter(logged_by=request.user)
        .select_related("student__school_class", "case")
        .order_by("-date", "-id")
    )
    page = Paginator(concerns, 25).get_page(request.GET.get("page"))
    return render(request, "cases/concern_mine.html", {"page": page})


def inbox_concerns(user):
    """New concerns the user triages: coordinator's schools, follow-up service's register."""
    access = access_for(user)
    coordinated = [school_id for school_id in access.whole_school_ids if access.is_coordinator_of(school_id)]
    return (
        Concern.objects.visible_to(user)
        .filter(status=Concern.Status.NEW)
        .filter(
            Q(student__school_id__in=coordinated)
            | Q(student__school__isnull=True, student__area_id__in=access.follow_up_area_ids)
        )
    )


@login_required
def concern_inbox(request):
    return page_cache.render(request, "cases/concern_inbox.html", lambda: _inbox_context(request))


# What a row of the inbox shows (cases.templatetags.case_tags.concern_rows), read as values: no
# concern, student or class objects.
INBOX_COLUMNS = (
    "pk",
    "date",
    "categories",
    "text",
    "observer_name",
    "student__first_name",
    "student__last_name",
    "student__school_class__name",
)


INBOX_PER_PAGE = 25
INBOX_ORDERING = ("date", "id")
InboxRow = create_namedtuple_class(*INBOX_COLUMNS)


class _InboxPaginator(KeysetPaginator):
    """The inbox's KeysetPaginator, its queryset built only when read (a later page, the count of
    a first page that does not hold every row): building it costs ~0.4 ms (issue 7)."""

    def __init__(self, user):
        self.user = user
        self.per_page, self.ordering, self.read = INBOX_PER_PAGE, INBOX_ORDERING, None

    @cached_property
    def queryset(self):
        return inbox_concerns(self.user).values_list(*INBOX_COLUMNS, named=True).order_by(*INBOX_ORDERING)


def _inbox_context(request):
    paginator = _InboxPaginator(request.user)
    params = request.GET
    first_page = _int(params.get("after")) is None and _int(params.get("before")) is None
    if not first_page or (_int(params.get("page"), 1) or 1) != 1:
        return {"page": paginator.get_page(params)}
    # The first page, as KeysetPaginator.get_page reads it, its SQL built once per user and day
    # (crocoos.compiled_rows): the inbox is most often opened at its first page (issue 7).
    user = request.user
    found = compiled_rows.rows(
        ("concern_inbox", *compiled_rows.user_key(user)),
        lambda: inbox_concerns(user).order_by(*INBOX_ORDERING).values_list(*INBOX_COLUMNS)[: INBOX_PER_PAGE + 1],
    )
    more = len(found) > INBOX_PER_PAGE
    found = [InboxRow(*row) for row in found[:INBOX_PER_PAGE]]
    if not more:
        # Every row is on the first page: that is the count (no COUNT query), as get_page.
        paginator.__dict__["count"] = len(found)
    return {"page": KeysetPage(found, number=1, paginator=paginator, has_next=more, has_previous=False)}


@login_required
def concern_detail(request, pk):
    concern = get_concern_for_user(request, pk)
    audit.record("concern.viewed", request=request, obj=concern, student=concern.student)
    ctx = {"concern": concern, "can_triage": False}
    if concern.status == Concern.Status.NEW and can_triage(request.user, concern.student):
        ctx.update(_triage_forms(request.user, concern))
    return render(request, "cases/concern_detail.html", ctx)


def _triage_forms(user, concern, **bound):
    open_cases = Case.objects.visible_to(user).filter(student=concern.student, status=Case.Status.OPEN)
    return {
        "can_triage": True,
        "link_form": bound.get("link_form") or LinkForm(cases=open_cases),
        "no_case_form": bound.get("no_case_form") or NoCaseForm(),
        "has_open_cases": open_cases.exists(),
    }


@login_required
@require_POST
def concern_decide(request, pk):
    concern = get_concern_for_user(request, pk)
    require(can_triage(request.user, concern.student))
    if concern.status != Concern.Status.NEW:
        # Sent twice, or someone else was quicker: show what became of it.
        messages.info(request, _("This concern was already dealt with."))
        return redirect("concern_detail", concern.pk)
    decision = request.POST.get("decision")
    if decision == "open":
        case = concern_service.open_case_from_concern(concern=concern, opened_by=request.user)
        audit.record("case.created", request=request, obj=case, student=case.student)
        messages.success(request, _("Case %(reference)s opened.") % {"reference": case.reference})
        return redirect("case_detail", case.pk)
    if decision == "link":
        open_cases = Case.objects.visible_to(request.user).filter(student=concern.student, status=Case.Status.OPEN)
        form = LinkForm(request.POST, cases=open_cases)
        if form.is_valid():
            concern_service.link_concern(concern=concern, case=form.cleaned_data["case"], linked_by=request.user)
            audit.record(
                "concern.linked",
                request=request,
                obj=concern,
                student=concern.student,
                changed_fields=["case", "status"],
            )
            messages.success(request, _("The concern was added to the case."))
            return redirect("case_detail", form.cleaned_data["case"].pk)
        ctx = {"concern": concern, **_triage_forms(request.user, concern, link_form=form)}
        return render(request, "cases/concern_detail.html", ctx, status=400)
    if decision == "no_case":
        form = NoCaseForm(request.POST)
        if form.is_valid():
            concern_service.close_concern(concern=concern, closed_by=request.user, reason=form.cleaned_data["reason"])
            audit.record(
                "concern.closed",
                request=request,
                obj=concern,
                student=concern.student,
                changed_fields=["no_case_reason", "status"],
            )
            messages.success(request, _("The concern was closed without a case."))
            return redirect("concern_inbox")
        ctx = {"concern": concern, **_triage_forms(request.user, concern, no_case_form=form)}
        return render(request, "cases/concern_detail.html", ctx, status=400)
    return redirect("concern_detail", concern.pk)
