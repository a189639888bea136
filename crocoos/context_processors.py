from django.utils.translation import gettext_lazy as _

from .access import access_for
from .models import Role
from .templatetags.crocoos_tags import row_url


def navigation(request):
    """Role-aware navigation: each link appears only for roles that can use it."""
    user = getattr(request, "user", None)
    access = access_for(user)
    if not access.is_authenticated:
        return {"access": access, "nav_items": []}
    # row_url: reverse() kept per URL name, not run again on every request.
    items = [(_("Home"), row_url("home"), "home")]
    if access.has_role(Role.CLASS_TEACHER, Role.EWS_MEMBER, Role.EWS_COORDINATOR, Role.FOLLOW_UP_OFFICER):
        items.append((_("Students"), row_url("student_list"), "student_list"))
        items.append((_("Cases"), row_url("case_list"), "case_list"))
    if access.has_role(
        Role.CLASS_TEACHER, Role.EWS_MEMBER, Role.EWS_COORDINATOR, Role.FOLLOW_UP_OFFICER, Role.ADMINISTRATOR
    ):
        items.append((_("Directory"), row_url("directory_search"), "directory_search"))
    if access.has_role(Role.EWS_MEMBER, Role.EWS_COORDINATOR, Role.FOLLOW_UP_OFFICER, Role.EXTERNAL_PARTNER):
        items.append((_("Meetings"), row_url("meeting_list"), "meeting_list"))
    if access.has_role(Role.ADMINISTRATOR) and user.is_staff:
        items.append((_("Administration"), row_url("admin:index"), "admin"))
    current = getattr(getattr(request, "resolver_match", None), "url_name", None)
    return {
        "access": access,
        "nav_items": [{"label": label, "url": url, "active": name == current} for label, url, name in items],
    }
