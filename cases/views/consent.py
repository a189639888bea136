from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.forms.consent import ConsentForm, WithdrawForm
from cases.services.consent import record_consent, withdraw_consent
from crocoos import audit
from crocoos.uploads import protected_download

from .cases import case_page_with_errors
from .helpers import get_case_for_user


@login_required
def consent_new(request, pk):
    case = get_case_for_user(request, pk, for_edit=True)
    if request.method == "POST":
        form = ConsentForm(request.POST, request.FILES, case=case)
        if form.is_valid():
            data = form.cleaned_data
            consent = record_consent(
                case=case,
                given_by=data["given_by"],
                given_by_name=data["given_by_name"],
                given_on=data["given_on"],
                sectors=data["sectors"],
                partners=data["partners"],
                document=data.get("document"),
                document_content_type=form.document_content_type,
                recorded_by=request.user,
                submission_key=data["submission_key"],
            )
            audit.record("consent.created", request=request, obj=consent, student=case.student_id)
            messages.success(request, _("The consent was recorded."))
            return redirect("case_detail", case.pk)
    else:
        form = ConsentForm(case=case, initial={"given_by_name": ""})
    return render(request, "cases/consent_new.html", {"case": case, "form": form})


def _get_consent(request, pk, consent_pk):
    case = get_case_for_user(request, pk, for_edit=True)
    return case, get_object_or_404(case.consents, pk=consent_pk)


@login_required
@require_POST
def consent_withdraw(request, pk, consent_pk):
    case, consent = _get_consent(request, pk, consent_pk)
    form = WithdrawForm(request.POST, auto_id=f"withdraw-{consent.pk}-%s")
    if form.is_valid():
        withdraw_consent(consent=consent, withdrawn_by=request.user, reason=form.cleaned_data["reason"])
        audit.record(
            "consent.withdrawn",
            request=request,
            obj=consent,
            student=case.student_id,
            changed_fields=["withdrawal_reason", "withdrawn_at"],
        )
        messages.success(request, _("The consent was withdrawn. Partners lost access at once."))
        return redirect("case_detail", case.pk)
    return case_page_with_errors(request, case.pk, withdraw_form=form, withdraw_consent=consent.pk)


@login_required
def consent_document(request, pk, consent_pk):
    case, consent = _get_consent(request, pk, consent_pk)
    if not consent.document:
        return redirect("case_detail", case.pk)
    audit.record("consent.downloaded", request=request, obj=consent, student=case.student_id)
    return protected_download(
        consent.document,
        download_name=f"{case.reference}-consent-{consent.pk}",
        content_type=consent.document_content_type,
    )
