"""Who may read and who may change which part of the directory.

- In-school professionals: read by the school's staff (class teachers, EWS team, coordinator), the
  follow-up officers of its area and administrators of its area; changed by the school's coordinators.
- Outside partners: read by staff of any school of the area, its follow-up officers and administrators;
  changed by coordinators of the area's schools, its follow-up officers and administrators.
- External partners see nothing of the directory (yet): they are neither school staff nor officers.
"""

from dataclasses import dataclass
from functools import cached_property

from django.db.models import Q

from crocoos.access import access_for
from crocoos.models import Role, School

_CACHE_ATTR = "_crocoos_directory_scope"


@dataclass
class DirectoryScope:
    staff_school_ids: set[int]
    coordinator_school_ids: set[int]
    officer_area_ids: set[int]
    admin_area_ids: set[int]
    is_installation_admin: bool

    @cached_property
    def _school_areas(self) -> dict[int, int]:
        if not self.staff_school_ids:
            return {}
        return dict(School.objects.filter(id__in=self.staff_school_ids).values_list("id", "area_id"))

    @property
    def can_use(self) -> bool:
        return bool(self.staff_school_ids or self.officer_area_ids or self.admin_area_ids or self.is_installation_admin)

    # --- in-school professionals --------------------------------------------------------------

    def professional_filter(self, *, for_change=False) -> Q:
        if for_change:
            return Q(school_id__in=self.coordinator_school_ids)
        if self.is_installation_admin:
            return Q()
        return Q(school_id__in=self.staff_school_ids) | Q(
            school__area_id__in=self.officer_area_ids | self.admin_area_ids
        )

    def editable_schools(self):
        return School.objects.filter(id__in=self.coordinator_school_ids).order_by("name")

    # --- outside partners ---------------------------------------------------------------------

    @property
    def readable_area_ids(self) -> set[int]:
        return set(self._school_areas.values()) | self.officer_area_ids | self.admin_area_ids

    @property
    def editable_area_ids(self) -> set[int]:
        coordinator_areas = {self._school_areas[school_id] for school_id in self.coordinator_school_ids}
        return coordinator_areas | self.officer_area_ids | self.admin_area_ids

    def partner_filter(self, *, for_change=False) -> Q:
        if self.is_installation_admin:
            return Q()
        return Q(area_id__in=self.editable_area_ids if for_change else self.readable_area_ids)

    def editable_areas(self):
        from crocoos.models import Area

        areas = Area.objects.order_by("name")
        return areas if self.is_installation_admin else areas.filter(id__in=self.editable_area_ids)


def directory_scope(user) -> DirectoryScope:
    """The user's directory scope, computed once per user object."""
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    access = access_for(user)
    scope = DirectoryScope(
        staff_school_ids=access.staff_school_ids,
        coordinator_school_ids=access.school_ids_with(Role.EWS_COORDINATOR),
        officer_area_ids=access.follow_up_area_ids,
        admin_area_ids=access.area_ids_with(Role.ADMINISTRATOR),
        is_installation_admin=access.is_installation_admin,
    )
    if access.is_authenticated:
        setattr(user, _CACHE_ATTR, scope)
    return scope
