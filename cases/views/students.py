from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from cases.models import Case, Student
from crocoos import audit
from crocoos.access import access_for
from crocoos.pagination import KeysetPaginator
from crocoos.right_of_access import may_export

STUDENT_SORTS = {
    "name": ("last_name", "first_name", "id"),
    "-name": ("-last_name", "-first_name", "-id"),
    "class": ("school_class__name", "last_name", "first_name", "id"),
    "school": ("school__name", "last_name", "first_name", "id"),
}


def get_student_for_user(request, pk):
    return get_object_or_404(
        Student.objects.visible_to(request.user).select_related("school", "school_class", "home_municipality", "area"),
        pk=pk,
    )


@login_required
def student_list(request):
    students = Student.objects.visible_to(request.user).select_related("school", "school_class")
    if request.GET.get("register"):
        students = students.filter(school__isnull=True)
    query = request.GET.get("q", "").strip()
    if query:
        students = students.matching(query)
    sort = request.GET.get("sort", "name")
    page = KeysetPaginator(students, 50, STUDENT_SORTS.get(sort, STUDENT_SORTS["name"])).get_page(request.GET)
    access = access_for(request.user)
    can_import = any(access.is_coordinator_of(school_id) for school_id in access.whole_school_ids)
    return render(
        request, "cases/student_list.html", {"page": page, "query": query, "sort": sort, "can_import": can_import}
    )


@login_required
def student_detail(request, pk):
    student = get_student_for_user(request, pk)
    audit.record("student.viewed", request=request, obj=student, student=student)
    access = access_for(request.user)
    can_open_case = student.school_id in access.whole_school_ids or student.area_id in access.follow_up_area_ids
    cases = Case.objects.visible_to(request.user).filter(student=student).order_by("-date")
    return render(
        request,
        "cases/student_detail.html",
        {
            "student": student,
            "cases": cases,
            "can_open_case": can_open_case,
            "may_export": may_export(request.user, student),
        },
    )
