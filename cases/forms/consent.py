from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.forms.fields import SubmissionKeyField
from cases.models import Consent
from crocoos.uploads import validate_document
from directory.models import OutsidePartner, Sector


class ConsentForm(forms.ModelForm):
    submission_key = SubmissionKeyField()

    class Meta:
        model = Consent
        fields = ["given_by", "given_by_name", "given_on", "sectors", "partners", "document"]
        widgets = {
            "given_by": forms.RadioSelect,
            "given_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "sectors": forms.CheckboxSelectMultiple,
            "partners": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "sectors": _("Partners of these sectors may receive information about the case."),
            "partners": _("Or name the partners one by one."),
            "document": _("The signed consent: PDF, PNG or JPEG."),
        }

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["given_by"].choices = Consent.GivenBy.choices
        self.fields["sectors"].queryset = Sector.objects.all()
        # Shared list names are English msgids, shown in the user's language.
        self.fields["sectors"].label_from_instance = lambda sector: gettext(sector.name)
        self.fields["partners"].queryset = OutsidePartner.objects.filter(area_id=case.area_id, archived_at__isnull=True)
        self.document_content_type = ""

    def clean_given_on(self):
        given_on = self.cleaned_data["given_on"]
        if given_on > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return given_on

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if document:
            self.document_content_type = validate_document(document)
        return document

    def clean(self):
        data = super().clean()
        if not data.get("sectors") and not data.get("partners"):
            self.add_error(None, _("Choose at least one sector or partner the consent covers."))
        return data


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawal"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write the reason for the withdrawal.")},
    )
