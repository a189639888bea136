import secrets

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.services.class_list import import_class_list, read_class_list
from crocoos.access import access_for
from crocoos.models import School
from directory.importing import ImportFileError

from .helpers import require

SESSION_KEY = "cases_class_list_preview"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class ClassListForm(forms.Form):
    school = forms.ModelChoiceField(label=gettext_lazy("School"), queryset=School.objects.none())
    file = forms.FileField(
        label=gettext_lazy("Class list (.csv or .xlsx)"),
        help_text=gettext_lazy("First row: last name, first name, class, date of birth, place of birth."),
    )

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = School.objects.filter(pk__in=[school.pk for school in schools])
        if len(schools) == 1:
            self.fields["school"].initial = schools[0].pk

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is too large; the limit is 5 MB."))
        return upload


def _coordinated_schools(user):
    access = access_for(user)
    return School.objects.filter(pk__in=[pk for pk in access.whole_school_ids if access.is_coordinator_of(pk)])


@login_required
def student_import(request):
    """Upload → preview with every row's errors → confirm. Nothing is saved before the confirmation."""
    schools = list(_coordinated_schools(request.user))
    require(schools)
    if request.method == "POST" and request.POST.get("confirm"):
        preview = request.session.get(SESSION_KEY) or {}
        school = next((s for s in schools if s.pk == preview.get("school")), None)
        if school is None or preview.get("token") != request.POST["confirm"]:
            messages.error(request, _("This preview has expired or was already imported. Upload the file again."))
            return redirect("student_import")
        created, updated = import_class_list(
            school=school, rows=preview["rows"], imported_by=request.user, request=request
        )
        del request.session[SESSION_KEY]
        messages.success(
            request, _("%(created)s students added, %(updated)s updated.") % {"created": created, "updated": updated}
        )
        return redirect("student_list")
    form = ClassListForm(request.POST or None, request.FILES or None, schools=schools)
    if request.method == "POST" and form.is_valid():
        school = form.cleaned_data["school"]
        try:
            rows = read_class_list(form.cleaned_data["file"], school=school)
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            token = secrets.token_urlsafe(16)
            request.session[SESSION_KEY] = {"token": token, "school": school.pk, "rows": rows}
            return render(
                request,
                "cases/student_import_preview.html",
                {
                    "school": school,
                    "rows": rows,
                    "token": token,
                    "valid_count": sum(1 for row in rows if not row["errors"]),
                    "error_count": sum(1 for row in rows if row["errors"]),
                },
            )
    return render(request, "cases/student_import.html", {"form": form}, status=400 if form.errors else 200)
