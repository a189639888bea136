"""Permission-matrix entries for the partner directory.

`directory_objects(w)` adds, once per `world`, a professional in each school, a partner of the area
and one of the other area, and a previewed import of school 1's coordinator.
"""

from types import SimpleNamespace

from directory.models import ImportBatch, InSchoolProfessional, OutsidePartner

_ATTR = "_directory_objects"


def directory_objects(w):
    """School 1's and school 2's professional, the area's and the other area's partner, and a
    previewed import of school 1's coordinator; the same objects for every cell of one test."""
    found = getattr(w, _ATTR, None)
    if found is None:
        found = SimpleNamespace(
            professional1=InSchoolProfessional.objects.create(
                school=w.school1, name="Ödön Matrix-Kertész", position="Speech therapist"
            ),
            professional2=InSchoolProfessional.objects.create(
                school=w.school2, name="Kari Matrix-Østby", position="School nurse"
            ),
            partner=OutsidePartner.objects.create(area=w.area, institute="Matrix Clinic Ózd"),
            other_partner=OutsidePartner.objects.create(area=w.other_area, institute="Matrix Faraway Centre"),
            batch=ImportBatch.objects.create(
                kind=ImportBatch.Kind.PROFESSIONALS,
                created_by=w.coordinator,
                school=w.school1,
                file_name="staff.csv",
                status=ImportBatch.Status.PREVIEW,
                rows=[{"line": 2, "values": {"position": "Mentor", "name": "Júlia Matrix"}}],
                total=1,
                processed=1,
            ),
        )
        setattr(w, _ATTR, found)
    return found


def shown(w, *, professional1=frozenset(), professional2=frozenset(), partner=frozenset(), other=frozenset()):
    """Rows of a directory page: each entry's name → the personas whose page shows it."""
    objects = directory_objects(w)
    return {
        (objects.professional1.name,): professional1,
        (objects.professional2.name,): professional2,
        (objects.partner.institute,): partner,
        (objects.other_partner.institute,): other,
    }


def with_objects(**kwargs):
    """URL kwargs for pages without an object in the URL (lists, exports): makes the objects first."""

    def build(w):
        directory_objects(w)
        return kwargs

    return build


def search_ozd(w):
    directory_objects(w)
    return {"q": "matrix ozd"}  # accent-insensitive: finds "Matrix Clinic Ózd"


def directory_matrix():
    # Imported here: test_permission_matrix imports this module to extend MATRIX.
    from .test_permission_matrix import (
        ADMIN,
        COORDINATOR,
        COORDINATOR2,
        EWS,
        FOLLOWUP,
        OTHER_FOLLOWUP,
        OTHER_TEACHER,
        PARTNERS,
        SIGNED_IN,
        TEACHER,
        Rule,
    )

    # Readers: staff of a school and follow-up officers (their area), administrators; partners see nothing.
    directory_readers = SIGNED_IN - PARTNERS
    school1_staff = frozenset({TEACHER, OTHER_TEACHER, EWS, COORDINATOR})
    area_readers = school1_staff | {COORDINATOR2, FOLLOWUP, ADMIN}
    area_editors = frozenset({COORDINATOR, COORDINATOR2, FOLLOWUP, ADMIN})
    partner_rows = {"partner": area_readers, "other": {OTHER_FOLLOWUP, ADMIN}}

    def professional_post(w, persona):
        school = w.school1 if persona == COORDINATOR else w.school2
        return {"school": school.pk, "position": "Mentor", "name": "Júlia Sárközi"}

    return {
        "directory_search": Rule(
            allow=directory_readers,
            query=search_ozd,
            rows=lambda w: shown(w, partner=area_readers),
        ),
        "directory_list": Rule(
            allow=directory_readers, kwargs=with_objects(kind="partners"), rows=lambda w: shown(w, **partner_rows)
        ),
        "directory_create": Rule(
            allow=frozenset({COORDINATOR, COORDINATOR2}), kwargs=lambda w: {"kind": "school"}, post=professional_post
        ),
        "directory_detail": Rule(
            allow=school1_staff | {FOLLOWUP, ADMIN},
            kwargs=lambda w: {"kind": "school", "pk": directory_objects(w).professional1.pk},
            rows=lambda w: shown(w, professional1=school1_staff | {FOLLOWUP, ADMIN}),
        ),
        "directory_edit": Rule(
            allow=frozenset({COORDINATOR}),
            kwargs=lambda w: {"kind": "school", "pk": directory_objects(w).professional1.pk},
            post=professional_post,
        ),
        "directory_verify": Rule(
            allow=area_editors,
            get=False,
            kwargs=lambda w: {"kind": "partners", "pk": directory_objects(w).partner.pk},
            post=lambda w, persona: {},
        ),
        "directory_archive": Rule(
            allow=frozenset({COORDINATOR}),
            get=False,
            kwargs=lambda w: {"kind": "school", "pk": directory_objects(w).professional1.pk},
            post=lambda w, persona: {},
        ),
        "directory_export": Rule(
            allow=directory_readers,
            kwargs=with_objects(kind="partners", fmt="csv"),
            rows=lambda w: shown(w, **partner_rows),
        ),
        "directory_hsds": Rule(allow=directory_readers, kwargs=with_objects(), rows=lambda w: shown(w, **partner_rows)),
        "directory_import": Rule(
            allow=area_editors | {OTHER_FOLLOWUP}, kwargs=lambda w: {"kind": "partners"}, post=lambda w, persona: {}
        ),
        "directory_import_batch": Rule(
            allow=frozenset({COORDINATOR}), kwargs=lambda w: {"pk": directory_objects(w).batch.pk}
        ),
        "directory_import_progress": Rule(
            allow=frozenset({COORDINATOR}), kwargs=lambda w: {"pk": directory_objects(w).batch.pk}
        ),
        "directory_import_confirm": Rule(
            allow=frozenset({COORDINATOR}),
            get=False,
            kwargs=lambda w: {"pk": directory_objects(w).batch.pk},
            post=lambda w, persona: {},
            post_status=(302,),
        ),
    }
