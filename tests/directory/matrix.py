"""Directory objects for the permission matrix, made on first use from the `world` fixture."""

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
