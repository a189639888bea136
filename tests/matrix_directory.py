"""Permission-matrix entries for the partner directory.

`directory_world(w)` adds, once per `world`, a professional of school 1 (the most tightly scoped
kind: only school 1's staff and the area's follow-up service may read it) and an import batch
started by school 1's coordinator.
"""

from directory.models import ImportBatch, InSchoolProfessional


def directory_world(w):
    if getattr(w, "professional_1", None) is None:
        w.professional_1 = InSchoolProfessional.objects.create(
            school=w.school1, name="Ödön Kertész", position="Speech therapist", email="odon@example.org"
        )
        w.import_1 = ImportBatch.objects.create(
            kind=ImportBatch.Kind.PROFESSIONALS,
            created_by=w.coordinator,
            school=w.school1,
            file_name="list.csv",
            status=ImportBatch.Status.PREVIEW,
        )
    return w


def directory_matrix():
    from .test_permission_matrix import COORDINATOR, COORDINATOR2, PARTNER, SCHOOL1_PAGE, SIGNED_IN, Rule

    # Outside partners see nothing of the directory; every other signed-in user reads their scope.
    readers = SIGNED_IN - {PARTNER}
    # Who reads school 1's in-school list: its staff, the area's follow-up service, the administrator.
    school1_readers = SCHOOL1_PAGE
    coordinators = frozenset({COORDINATOR, COORDINATOR2})  # each for their own school

    def school_list(w):
        directory_world(w)
        return {"kind": "school"}

    def entry(w):
        return {"kind": "school", "pk": directory_world(w).professional_1.pk}

    def batch(w):
        return {"pk": directory_world(w).import_1.pk}

    def search_kertesz(w):
        directory_world(w)
        return {"q": "kertesz"}  # accent-insensitive: finds "Kertész"

    def shows_professional(w):
        return {("Kertész",): school1_readers}

    return {
        "directory_search": Rule(allow=readers, query=search_kertesz, rows=shows_professional),
        "directory_list": Rule(allow=readers, kwargs=school_list, rows=shows_professional),
        "directory_export": Rule(
            allow=readers, kwargs=lambda w: {**school_list(w), "fmt": "csv"}, rows=shows_professional
        ),
        "directory_hsds": Rule(allow=readers),
        "directory_create": Rule(allow=coordinators, kwargs=lambda w: {"kind": "school"}),
        "directory_import": Rule(allow=coordinators, kwargs=lambda w: {"kind": "school"}),
        "directory_detail": Rule(allow=school1_readers, kwargs=entry, rows=shows_professional),
        "directory_edit": Rule(allow={COORDINATOR}, kwargs=entry),
        "directory_verify": Rule(allow={COORDINATOR}, kwargs=entry, get=False, post=lambda w, persona: {}),
        "directory_archive": Rule(allow={COORDINATOR}, kwargs=entry, get=False, post=lambda w, persona: {}),
        "directory_import_batch": Rule(allow={COORDINATOR}, kwargs=batch),
        "directory_import_progress": Rule(allow={COORDINATOR}, kwargs=batch),
        "directory_import_confirm": Rule(allow={COORDINATOR}, kwargs=batch, get=False, post=lambda w, persona: {}),
    }
