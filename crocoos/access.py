"""What may this user see? The one place that answers it.

Every queryset of personal data is built from an `Access` (via `access_for(user)`), and every
view that loads an object by id goes through a `visible_to(user)` queryset or a
`get_*_for_user` helper, so that anything outside the user's scope answers 404.

Scope by role (PRODUCT.md, "Who uses it"):
- class teacher: the students of their own classes in their school;
- EWS team member and EWS coordinator: everything of their school;
- follow-up service officer: every school of their area and the area's register of young
  people outside school;
- external partner: only cases they are involved in while consent allows (cases app);
- administrator: organisation data (users, schools, areas), not children's data.
"""

import functools
import operator
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Q

from .models import Membership, Role, School, SchoolClass

_CACHE_ATTR = "_crocoos_access"


@dataclass
class Access:
    user_id: int | None
    school_roles: dict[int, set[str]] = field(default_factory=dict)
    area_roles: dict[int, set[str]] = field(default_factory=dict)
    is_installation_admin: bool = False

    @property
    def is_authenticated(self):
        return self.user_id is not None

    def roles(self) -> set[str]:
        found = set()
        for roles in (*self.school_roles.values(), *self.area_roles.values()):
            found |= roles
        if self.is_installation_admin:
            found.add(Role.ADMINISTRATOR)
        return found

    def has_role(self, *roles) -> bool:
        return bool(self.roles() & set(roles))

    def school_ids_with(self, *roles) -> set[int]:
        return {school_id for school_id, held in self.school_roles.items() if held & set(roles)}

    def area_ids_with(self, *roles) -> set[int]:
        return {area_id for area_id, held in self.area_roles.items() if held & set(roles)}

    # --- schools -------------------------------------------------------------------------

    @property
    def whole_school_ids(self) -> set[int]:
        """Schools whose students and cases the user sees in full (EWS team, coordinator)."""
        return self.school_ids_with(Role.EWS_MEMBER, Role.EWS_COORDINATOR)

    @property
    def follow_up_area_ids(self) -> set[int]:
        return self.area_ids_with(Role.FOLLOW_UP_OFFICER)

    @property
    def staff_school_ids(self) -> set[int]:
        """Schools the user works at, in any school role."""
        return set(self.school_roles)

    def school_filter(self, prefix="") -> Q:
        """Q for rows of schools whose data the user sees in full."""
        return any_of((f"{prefix}id", self.whole_school_ids), (f"{prefix}area_id", self.follow_up_area_ids))

    def visible_schools(self):
        """Schools the user can open: where they work, or in their follow-up area."""
        if not self.is_authenticated:
            return School.objects.none()
        if self.is_installation_admin:
            return School.objects.all()
        return School.objects.filter(
            Q(id__in=self.staff_school_ids)
            | Q(area_id__in=self.follow_up_area_ids | self.area_ids_with(Role.ADMINISTRATOR))
        )

    def is_coordinator_of(self, school_id) -> bool:
        return Role.EWS_COORDINATOR in self.school_roles.get(school_id, set())

    # --- classes -------------------------------------------------------------------------

    @cached_property
    def taught_class_ids(self) -> set[int]:
        """Classes the user teaches at a school where they hold the class-teacher role."""
        teacher_schools = self.school_ids_with(Role.CLASS_TEACHER)
        if not teacher_schools:
            return set()
        # Unordered: a set, so SchoolClass's default ordering (by school name) would only add a
        # join of the schools and a sort to this query of every teacher's every page.
        return set(
            SchoolClass.objects.filter(teachers__id=self.user_id, school_id__in=teacher_schools)
            .order_by()
            .values_list("id", flat=True)
        )

    def visible_classes(self):
        return SchoolClass.objects.filter(
            any_of(("id", self.taught_class_ids), self.school_filter(prefix="school__"))
        ).select_related("school")

    # --- students ------------------------------------------------------------------------

    def student_filter(self, prefix="") -> Q:
        """Q selecting the students this user may see; `prefix` reaches Student from another model."""
        if not self.is_authenticated:
            return Q(pk__in=[])
        return any_of(
            (f"{prefix}school_class_id", self.taught_class_ids),
            (f"{prefix}school_id", self.whole_school_ids),
            (f"{prefix}area_id", self.follow_up_area_ids),
        )


def any_of(*conditions) -> Q:
    """Q for rows matching any of `conditions`: (column, ids) pairs, "column IN (ids)", or Q
    objects. Pairs without ids are left out (an empty "IN ()" matches nothing, but its branch and
    join still cost building and planning); matches nothing when nothing is left."""
    kept = []
    for condition in conditions:
        if not isinstance(condition, Q):
            column, ids = condition
            condition = Q(**{f"{column}__in": ids}) if ids else NOTHING
        if condition is not NOTHING:
            kept.append(condition)
    return functools.reduce(operator.or_, kept) if kept else NOTHING


# A Q no row matches (in any model).
NOTHING = Q(pk__in=[])


def access_for(user) -> Access:
    """The user's access, computed once per user object (one query for memberships)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Access(user_id=None)
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    access = Access(user_id=user.pk)
    for role, school_id, area_id in Membership.objects.filter(user=user).values_list("role", "school_id", "area_id"):
        if school_id:
            access.school_roles.setdefault(school_id, set()).add(role)
        elif area_id:
            access.area_roles.setdefault(area_id, set()).add(role)
        elif role == Role.ADMINISTRATOR:
            access.is_installation_admin = True
    setattr(user, _CACHE_ATTR, access)
    return access


def forget_access(user):
    """Drop the cached access after memberships change (tests, admin actions)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)
