import functools

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Func, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, render
from django.utils.translation import check_for_language, get_language, ngettext
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from cases.home import Part, new_concerns_of, overdue_of
from cases.home import home_context as cases_home_context

from . import compiled_rows, page_cache
from .access import access_for
from .compiled_rows import user_key
from .models import Area, Role, School, SchoolClass, User
from .templatetags.crocoos_tags import html_format, row_urls


def students_of(column, **conditions):
    """The number of students per school (or area), as a subquery per row: each count reads that
    school's entries of the student index, where Count over a join reads every student of the area."""
    from cases.models import Student

    counts = Student.objects.filter(**{column: OuterRef("pk")}, **conditions).order_by().values(column)
    # COUNT(*) over the index alone (no heap row read for an id).
    return Coalesce(Subquery(counts.annotate(count=Count("*")).values("count")), 0)


def school_students():
    """The number of students per school, as a subquery per row of School: read from
    cases.SchoolStudentCount, which database triggers keep (one row a school, by its key)."""
    from cases.models import SchoolStudentCount

    count = SchoolStudentCount.objects.filter(school_id=OuterRef("pk")).values("students")
    return Coalesce(Subquery(count), 0)


ROLE_LABELS = dict(Role.choices)


@login_required
def home(request):
    return page_cache.render(request, "crocoos/home.html", lambda: _home_context(request))


def _home_context(request):
    access = access_for(request.user)
    ctx = {"roles": access.roles()}
    # The concern inbox's count (cases.views.concerns.inbox_concerns) is the new concerns of the
    # schools the user coordinates plus those of their areas' register: read with the lists of
    # schools and areas below, per row, instead of in a query of its own.
    coordinated = {school_id for school_id in access.whole_school_ids if access.is_coordinator_of(school_id)}
    # Likewise the overdue action rows (cases.views.actions.overdue_for: of the cases of the
    # user's whole schools or follow-up areas), per school or per area: not both, as the cases of
    # a school of the area would count twice (such a user's count is a query of its own).
    overdue_per = None
    if access.whole_school_ids and not access.follow_up_area_ids:
        overdue_per = "schools"
    elif access.follow_up_area_ids and not access.whole_school_ids:
        overdue_per = "areas"
    # The lists of this page, read with those of cases.home in one statement (cases.home.in_one).
    parts = _home_parts(request.user, access, overdue_per, bool(coordinated))

    def read(found):
        """This page's part of the context from the rows of `parts`; the counts and class names
        cases.home needs from them."""
        # Names of schools and areas the lists read anyway, for the roles line.
        school_names, area_names, class_names = {}, {}, {}
        inbox_count = 0 if (coordinated or access.follow_up_area_ids) else None
        overdue_count = 0 if overdue_per else None
        if "my_classes" in found:
            ctx["my_classes"] = []
            class_url, language = row_urls("class_detail"), get_language()
            for pk, name, school_id, school, count in found["my_classes"]:
                url = class_url(pk)
                row = {"url": url, "name": name, "school_name": school, "count_label": _students(count, language)}
                row["html"] = _badge_row(url, f"{name} – {school}", row["count_label"])
                ctx["my_classes"].append(row)
                school_names[school_id] = school
                class_names[pk] = name
        if "my_schools" in found:
            ctx["my_schools"] = []
            school_url, language = row_urls("school_detail"), get_language()
            # Each school with its students, overdue rows and new concerns as counted below.
            for pk, name, _area, count, overdue, new_concerns in found["my_schools"]:
                url = school_url(pk)
                row = {"url": url, "name": name, "count_label": _students(count, language)}
                row["html"] = _badge_row(url, name, row["count_label"])
                ctx["my_schools"].append(row)
                school_names[pk] = name
                if pk in coordinated:
                    inbox_count += new_concerns
                if overdue_per == "schools":
                    overdue_count += overdue
        if "follow_up_areas" in found:
            ctx["follow_up_areas"] = []
            for pk, name, count, overdue, new_concerns in found["follow_up_areas"]:
                label = ngettext("%(counter)s young person", "%(counter)s young people", count) % {"counter": count}
                ctx["follow_up_areas"].append({"name": name, "count_label": label})
                area_names[pk] = name
                inbox_count += new_concerns
                if overdue_per == "areas":
                    overdue_count += overdue
        ctx["memberships"] = _membership_names(request.user, access, school_names, area_names)
        if "admin_counts" in found:
            ((areas, schools, users),) = found["admin_counts"]
            ctx["admin_counts"] = {"areas": areas, "schools": schools, "users": users}
        return {"inbox_count": inbox_count, "overdue_count": overdue_count, "class_names": class_names}

    ctx.update(cases_home_context(request, parts, read))
    return ctx


def _home_parts(user, access, overdue_per, coordinated):
    """The lists of the home page made here (cases.home.Part): the classes the user teaches with
    their number of students; their schools (by area and name) with their number of students and,
    when `overdue_per` is "schools", their overdue action rows, and when `coordinated` their new
    concerns; their follow-up areas (by name) with the young people of the area's register, its
    new concerns and when `overdue_per` is "areas" its overdue rows; the administrator's counts.
    Students, concerns and rows are counted per row (subqueries: students_of, cases.home)."""
    zero = Value(0, output_field=IntegerField())
    parts = {}
    if access.taught_class_ids:
        parts["my_classes"] = Part(
            lambda: SchoolClass.objects.filter(id__in=access.taught_class_ids),
            ("id", "name", "school_id", "school__name", ("student_count", lambda: students_of("school_class_id"))),
            ("school__name", "name"),
            None,
        )
    if access.whole_school_ids or access.follow_up_area_ids:
        parts["my_schools"] = Part(
            lambda: School.objects.filter(access.school_filter()),
            (
                "id",
                "name",
                "area__name",
                ("student_count", school_students),
                ("overdue", lambda: overdue_of("case__school_id") if overdue_per == "schools" else zero),
                ("new_concerns", lambda: new_concerns_of("student__school_id") if coordinated else zero),
            ),
            ("area__name", "name"),
            None,
        )
    if access.follow_up_area_ids:
        parts["follow_up_areas"] = Part(
            lambda: Area.objects.filter(id__in=access.follow_up_area_ids),
            (
                "id",
                "name",
                ("register_count", lambda: students_of("area_id", school__isnull=True)),
                ("overdue", lambda: overdue_of("case__area_id") if overdue_per == "areas" else zero),
                ("new_concerns", lambda: new_concerns_of("student__area_id", student__school__isnull=True)),
            ),
            ("name",),
            None,
        )
    if access.has_role(Role.ADMINISTRATOR):
        # The three counts in one row (each a subquery).
        parts["admin_counts"] = Part(
            lambda: User.objects.filter(pk=user.pk),
            (
                ("areas", lambda: _count_of(Area.objects.all())),
                ("schools", lambda: _count_of(access.visible_schools())),
                ("users", lambda: _count_of(User.objects.filter(is_active=True))),
            ),
            (),
            None,
        )
    return parts


def _count_of(queryset):
    """queryset.count() as a subquery: SELECT COUNT(*) FROM … (no GROUP BY)."""
    count = Func(template="COUNT(*)", output_field=IntegerField())
    return Subquery(queryset.order_by().annotate(count=count).values("count"))


def _badge_row(url, text, badge):
    """A row of the home page's classes and schools: the list item of the loops of
    crocoos/_home_classes.html and _home_schools.html (tests/test_home.py renders them beside it)."""
    return html_format(
        '<li class="list-group-item d-flex justify-content-between align-items-center gap-2">\n'
        '          <a href="{}">{}</a>\n'
        '          <span class="badge text-bg-secondary">{}</span>\n'
        "        </li>",
        url,
        text,
        badge,
    )


@functools.lru_cache(maxsize=4096)
def _students(count, language):
    """ "N students" in `language`, the active language (ngettext costs a few µs a row: once per
    number and language)."""
    return ngettext("%(counter)s student", "%(counter)s students", count) % {"counter": count}


def _membership_names(user, access, school_names, area_names):
    """(role, its school or area) of each membership, by role: the names alone, not the rows.

    The memberships are those of `access` (read once per request); their schools' and areas' names
    come from the home page's own lists when those hold them all, else from one query."""
    if set(access.school_roles) <= set(school_names) and set(access.area_roles) <= set(area_names):
        rows = [(role, school_names[pk]) for pk, roles in access.school_roles.items() for role in roles]
        rows += [(role, area_names[pk]) for pk, roles in access.area_roles.items() for role in roles]
        if access.is_installation_admin:
            rows.append((Role.ADMINISTRATOR, ""))
        rows.sort()
    else:
        rows = [
            (role, school or area or "")
            for role, school, area in compiled_rows.rows(
                ("memberships", *user_key(user)),
                lambda: user.memberships.values_list("role", "school__name", "area__name"),
            )
        ]
    return [(str(ROLE_LABELS.get(role, role)), place) for role, place in rows]


def _get_school_for_user(request, pk):
    return get_object_or_404(access_for(request.user).visible_schools().select_related("area"), pk=pk)


@login_required
def school_detail(request, pk):
    school = _get_school_for_user(request, pk)
    access = access_for(request.user)
    classes = access.visible_classes().filter(school=school).annotate(student_count=Count("students"))
    return render(request, "crocoos/school_detail.html", {"school": school, "classes": classes})


@login_required
def class_detail(request, pk):
    access = access_for(request.user)
    school_class = get_object_or_404(access.visible_classes(), pk=pk)
    students = (
        school_class.students.filter(access.student_filter())
        .select_related("school", "school_class")
        .order_by("last_name", "first_name")
    )
    return render(
        request,
        "crocoos/class_detail.html",
        {"school_class": school_class, "students": students, "teachers": school_class.teachers.all()},
    )


@require_POST
def set_language(request):
    """Switch the interface language; signed-in users keep the choice on their account."""
    language = request.POST.get("language", "")
    if request.user.is_authenticated and check_for_language(language) and language in dict(settings.LANGUAGES):
        request.user.language = language
        request.user.save(update_fields=["language"])
    return django_set_language(request)
