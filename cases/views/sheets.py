from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from cases.services.sheets import freeze_signed_sheet, note_printed, render_case_sheet
from crocoos import audit
from crocoos.uploads import protected_download

from .helpers import can_edit_case, get_case_for_user, get_case_page_for_user, require


class SheetUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Signed case sheet (PDF, PNG or JPEG)"))


@login_required
def case_sheet_pdf(request, pk):
    case = get_case_page_for_user(request, pk)
    require(can_edit_case(request.user, case))
    pdf = render_case_sheet(case, language=get_language())
    note_printed(case=case, printed_by=request.user)
    audit.record("case.printed", request=request, obj=case, student=case.student_id)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{case.reference}.pdf"'
    return response


@login_required
def sheet_upload(request, pk):
    case = get_case_for_user(request, pk, for_edit=True)
    form = SheetUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            sheet = freeze_signed_sheet(case=case, file=form.cleaned_data["file"], uploaded_by=request.user)
        except ValidationError as error:
            form.add_error("file", error)
        else:
            audit.record("case.sheet_signed", request=request, obj=sheet, student=case.student_id)
            messages.success(request, _("Signed sheet version %(n)s was saved.") % {"n": sheet.number})
            return redirect("case_detail", case.pk)
    status = 400 if form.errors else 200
    return render(request, "cases/sheet_upload.html", {"case": case, "form": form}, status=status)


@login_required
def sheet_download(request, pk, number):
    case = get_case_for_user(request, pk, for_edit=True)
    sheet = get_object_or_404(case.sheet_versions, number=number)
    audit.record("case.sheet_downloaded", request=request, obj=sheet, student=case.student_id)
    return protected_download(
        sheet.file, download_name=f"{case.reference}-signed-v{sheet.number}", content_type=sheet.content_type
    )
