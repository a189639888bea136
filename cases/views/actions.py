from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.forms.actions import ActionUpdateForm
from cases.models import ActionItem, Case
from cases.models.case import editable_filter
from cases.services.actions import actions_for, update_action
from crocoos import audit, page_cache
from crocoos.compiled_rows import rows, user_key

from .helpers import can_edit_case

ACTION_RELATED = ("case__student", "case__school", "responsible_user", "responsible_partner")
MINE_PER_PAGE = 25
# What a row of "my actions" shows (the table without the student): its case's reference and the
# responsible person's name, whichever way they are named (ActionItem.responsible_display).
MINE_COLUMNS = (
    *("action", "deadline", "status", "responsible_name", "responsible_institute", "case", "case__reference"),
    *("responsible_user", "responsible_user__full_name"),
    *("responsible_partner", "responsible_partner__contact_name"),
    *("responsible_professional", "responsible_professional__name"),
)


@login_required
def action_mine(request):
    return page_cache.render(request, "cases/action_mine.html", lambda: _mine_context(request))


def _mine_context(request):
    show = request.GET.get("show", "open")
    number = request.GET.get("page")
    if number in (None, "", "1"):
        # The first page (nearly always the only one): plain rows, their SQL built once per user
        # and day (crocoos.compiled_rows), made into what the table reads of an ActionItem.
        from cases.home import directory_entries_of  # not at the top: cases.home imports this module

        entries = directory_entries_of(request.user)
        first = rows(
            ("action_mine", show == "all", *user_key(request.user, *map(tuple, entries))),
            lambda: _mine(request.user, show, entries).values_list(*MINE_ROW)[: MINE_PER_PAGE + 1],
        )
        today = timezone.localdate()
        paginator = Paginator([_mine_row(row, today) for row in first[:MINE_PER_PAGE]], MINE_PER_PAGE)
        if len(first) > MINE_PER_PAGE:
            # More than a page: counted, as FirstPagePaginator does.
            paginator.__dict__["count"] = _mine(request.user, show, entries).count()
        return {"page": paginator.get_page(1), "show": show}
    related = ("case", "responsible_user", "responsible_partner", "responsible_professional")
    actions = _mine(request.user, show).select_related(*related).only(*MINE_COLUMNS)
    page = FirstPagePaginator(actions, MINE_PER_PAGE).get_page(number)
    return {"page": page, "show": show}


def _mine(user, show, entries=None):
    actions = actions_for(user, entries)
    if show != "all":
        actions = actions.open()
    return actions.order_by("deadline", "id")


# A row of "my actions" as values_list() reads it, and as cases/_action_table.html reads it.
MINE_ROW = (
    *("id", "deadline", "status", "action", "case_id", "case__reference", "responsible_institute"),
    *("responsible_name", "responsible_user_id", "responsible_user__full_name"),
    *("responsible_partner_id", "responsible_partner__contact_name"),
    *("responsible_professional_id", "responsible_professional__name"),
)


def _mine_row(row, today):
    pk, deadline, status, action, case_id, reference, institute, *responsible = row
    name, user_id, user_name, partner_id, partner_name, professional_id, professional_name = responsible
    name = ActionItem.responsible_of(
        name, user_id and user_name, partner_id and partner_name, professional_id and professional_name
    )
    return {
        "pk": pk,
        "deadline": deadline,
        "is_overdue": ActionItem.overdue_on(status, deadline, today),
        "case_id": case_id,
        "case": {"reference": reference},
        "action": action,
        "responsible_display": name,
        "responsible_institute": institute,
        "get_status_display": ActionItem.Status(status).label,
    }


class FirstPagePaginator(Paginator):
    """Django's Paginator that reads the first page without counting first: when that page holds
    every row, their number is the count (most people's list of actions fits on one page), so
    the COUNT query is left out; otherwise it counts, as Django's does."""

    def get_page(self, number):
        if number not in (None, "", "1", 1):
            return super().get_page(number)
        rows = list(self.object_list[: self.per_page + 1])
        if len(rows) <= self.per_page:
            self.__dict__["count"] = len(rows)
        return self._get_page(rows[: self.per_page], 1, self)


def overdue_for(user):
    """Overdue rows of the open cases the user looks after (coordinators, follow-up service)."""
    # Filtered on the joined case (not "case IN (subquery)"), so the join that select_related adds
    # is the same one and the database starts from the case index of the school or area.
    return ActionItem.objects.overdue().filter(case__status=Case.Status.OPEN).filter(editable_filter(user, "case__"))


@login_required
def action_overdue(request):
    actions = overdue_for(request.user).select_related(*ACTION_RELATED).order_by("deadline", "id")
    page = Paginator(actions, 25).get_page(request.GET.get("page"))
    return render(request, "cases/action_overdue.html", {"page": page})


def _get_action_for_user(request, pk):
    """An action row the user is responsible for, or one of a case they may edit."""
    visible = Case.objects.visible_to(request.user).values("pk")
    editable = Case.objects.editable_by(request.user).values("pk")
    rows = ActionItem.objects.filter(case__in=visible).filter(
        Q(pk__in=ActionItem.objects.responsible(request.user).values("pk")) | Q(case__in=editable)
    )
    return get_object_or_404(rows.select_related("case__student", "case__school"), pk=pk)


@login_required
def action_update(request, pk):
    action = _get_action_for_user(request, pk)
    form = ActionUpdateForm(request.POST or None, instance=ActionItem.objects.get(pk=action.pk))
    if request.method == "POST" and form.is_valid():
        _row, changed = update_action(
            action=action,
            changed_by=request.user,
            status=form.cleaned_data["status"],
            result=form.cleaned_data["result"],
        )
        audit.record(
            "action.changed", request=request, obj=action, student=action.case.student_id, changed_fields=changed
        )
        messages.success(request, _("The action was updated."))
        return redirect("action_mine")
    audit.record("action.viewed", request=request, obj=action, student=action.case.student_id)
    return render(
        request,
        "cases/action_update.html",
        {"action": action, "form": form, "can_edit_case": can_edit_case(request.user, action.case)},
    )
