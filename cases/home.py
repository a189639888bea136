"""What the cases app adds to the home page (crocoos.views.home)."""

from cases.models import Case, Concern
from crocoos.access import access_for
from crocoos.models import Role

from .services.actions import actions_for
from .views.actions import overdue_for
from .views.concerns import concern_form, datalist_options, inbox_concerns

HOME_ROWS = 5


def home_context(request):
    user = request.user
    access = access_for(user)
    ctx = {}
    if access.taught_class_ids:
        ctx["concern_form"] = concern_form(user)
        ctx["concern_student_options"] = datalist_options(user)
        ctx["my_concerns"] = list(
            Concern.objects.visible_to(user)
            .filter(logged_by=user)
            .select_related("student__school_class", "case")
            .order_by("-date", "-id")[:HOME_ROWS]
        )
    coordinates = any(access.is_coordinator_of(school_id) for school_id in access.whole_school_ids)
    if coordinates or access.follow_up_area_ids:
        ctx["inbox_count"] = inbox_concerns(user).count()
    if access.whole_school_ids or access.follow_up_area_ids:
        overdue = overdue_for(user)
        ctx["overdue_actions"] = list(overdue.select_related("case").order_by("deadline", "id")[:HOME_ROWS])
        ctx["overdue_count"] = _count(ctx["overdue_actions"], overdue)
    mine = actions_for(user).open()
    ctx["my_actions"] = list(mine.select_related("case").order_by("deadline", "id")[:HOME_ROWS])
    ctx["my_actions_count"] = _count(ctx["my_actions"], mine)
    ctx["is_partner"] = access.has_role(Role.EXTERNAL_PARTNER)
    if ctx["is_partner"]:
        ctx["shared_cases"] = list(
            Case.objects.visible_to(user).filter(status=Case.Status.OPEN).select_related("student")[: HOME_ROWS * 2]
        )
    return ctx


def _count(first_rows, queryset):
    """The total, without a COUNT query when the first rows are all there is."""
    return len(first_rows) if len(first_rows) < HOME_ROWS else queryset.count()
