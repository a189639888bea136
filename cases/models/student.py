from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _

from crocoos.access import access_for
from crocoos.models import Area, Municipality, School, SchoolClass
from crocoos.search import Fold, search_words


def name_matches(word, prefix=""):
    """Q: the student's first or last name contains `word` (already folded), accents ignored.

    A word has no spaces, so it is in "first last" exactly when it is in one of the two names.
    """
    return Q(**{f"{prefix}search_name__contains": word})


class StudentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(access_for(user).student_filter())

    def matching(self, query):
        """Students whose names contain every word of `query`: "lorincz" finds "Lőrincz"."""
        result = self
        for word in search_words(query):
            result = result.filter(name_matches(word))
        return result


class Student(models.Model):
    """A student of a school, or a young person on the follow-up service's register (no school)."""

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    place_of_birth = models.CharField(_("place of birth"), max_length=150, blank=True)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="students", verbose_name=_("area"))
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, null=True, blank=True, related_name="students", verbose_name=_("school")
    )
    school_class = models.ForeignKey(
        SchoolClass,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="students",
        verbose_name=_("class"),
    )
    home_municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="residents",
        verbose_name=_("home municipality"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # "first last" folded (crocoos.search), kept by the database, for name_matches(): one trigram
    # index whose rechecks compare plain text instead of calling crocoos_fold() twice a row (issue 7).
    search_name = models.GeneratedField(
        expression=Fold(Concat("first_name", Value(" "), "last_name")),
        output_field=models.TextField(),
        db_persist=True,
    )

    objects = StudentQuerySet.as_manager()

    class Meta:
        verbose_name = _("student")
        verbose_name_plural = _("students")
        ordering = ["last_name", "first_name", "id"]
        constraints = [
            # A class belongs to the student's school; no class without a school.
            models.CheckConstraint(
                name="student_class_needs_school",
                condition=Q(school_class__isnull=True) | Q(school__isnull=False),
            ),
        ]
        indexes = [
            # student lists of a school sorted by name
            models.Index(fields=["school", "last_name", "first_name"], name="student_school_name_idx"),
            # the follow-up service's register: students of an area without a school
            models.Index(fields=["area", "school"], name="student_area_school_idx"),
            # a school's student ids from the index alone (no heap row each), joined to its concerns
            models.Index(fields=["school", "id"], name="student_school_id_idx"),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def is_outside_school(self):
        return self.school_id is None

    @property
    def class_teachers(self):
        return self.school_class.teachers.all() if self.school_class_id else []


class SchoolStudentCount(models.Model):
    """The number of students of a school, kept by database triggers on cases_student (migration
    0016) whatever writes them: bulk inserts, QuerySet.update(), raw SQL. The home page lists every
    school of a follow-up area with its students; counting them each time reads ~500 index entries
    a school. A school with no student has no row."""

    school = models.OneToOneField(School, on_delete=models.CASCADE, primary_key=True, related_name="+")
    students = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.school_id}: {self.students}"
