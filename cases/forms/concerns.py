from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.forms.fields import SubmissionKeyField
from cases.models import Case, ConcernCategory


def student_label(student):
    """The text a teacher types or picks in the type-ahead: unique enough within their classes."""
    class_name = student.school_class.name if student.school_class_id else None
    return label_of(student.full_name, class_name, student.date_of_birth)


# The columns label_of needs, for lists that read them without loading whole students.
LABEL_COLUMNS = ("first_name", "last_name", "school_class__name", "date_of_birth")


def label_of(full_name, class_name, date_of_birth):
    school_class = class_name if class_name is not None else _("outside school")
    born = date_of_birth.isoformat() if date_of_birth else ""
    return f"{full_name} ({school_class}{', ' + born if born else ''})"


class ConcernForm(forms.Form):
    student = forms.CharField(
        label=_("Student"),
        max_length=250,
        help_text=_("Start typing the name and pick the student from the list."),
        widget=forms.TextInput(attrs={"list": "concern-students", "autocomplete": "off"}),
    )
    date = forms.DateField(label=_("Date"), initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"}))
    categories = forms.MultipleChoiceField(
        label=_("What was observed"),
        choices=ConcernCategory.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    text = forms.CharField(label=_("Observed problem"), widget=forms.Textarea(attrs={"rows": 3}))
    observer_name = forms.CharField(label=_("Observer's name"), max_length=150)
    observer_position = forms.CharField(label=_("Observer's position"), max_length=150, required=False)
    submission_key = SubmissionKeyField()

    def __init__(self, *args, students, **kwargs):
        super().__init__(*args, **kwargs)
        self.students = list(students)
        self.labels = {student_label(student): student for student in self.students}

    def clean_student(self):
        typed = self.cleaned_data["student"].strip()
        if typed in self.labels:
            return self.labels[typed]
        matches = [s for s in self.students if s.full_name.casefold() == typed.casefold()]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise forms.ValidationError(_("Several students have this name: pick one from the list."))
        raise forms.ValidationError(_("No student of your classes has this name: pick one from the list."))

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return date


class NoCaseForm(forms.Form):
    reason = forms.CharField(label=_("Why is no case needed?"), widget=forms.Textarea(attrs={"rows": 2}))


class LinkForm(forms.Form):
    case = forms.ModelChoiceField(label=_("Open case"), queryset=Case.objects.none())

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases
