from django import forms
from django.utils.translation import gettext_lazy as _

from crocoos.models import Municipality

from .models import HelpArea, InSchoolProfessional, OutsidePartner, Sector

ENTRY_WIDGETS = {
    "help_areas": forms.CheckboxSelectMultiple,
    "help_text": forms.Textarea(attrs={"rows": 3}),
}


class ProfessionalForm(forms.ModelForm):
    class Meta:
        model = InSchoolProfessional
        fields = ["school", "position", "name", "phone", "email", "help_areas", "help_text"]
        widgets = ENTRY_WIDGETS

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = scope.editable_schools()
        self.fields["school"].empty_label = None
        self.fields["help_areas"].queryset = HelpArea.objects.all()


class PartnerForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = OutsidePartner
        fields = [
            "area",
            "institute",
            "sector",
            "municipality",
            "address",
            "phone",
            "email",
            "website",
            "contact_name",
            "position",
            "direct_contact",
            "help_areas",
            "help_text",
        ]
        widgets = ENTRY_WIDGETS

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        areas = scope.editable_areas()
        self.fields["area"].queryset = areas
        self.fields["area"].empty_label = None
        self.fields["municipality"].queryset = Municipality.objects.filter(area__in=areas).order_by("name")
        self.fields["sector"].queryset = Sector.objects.all()
        self.fields["help_areas"].queryset = HelpArea.objects.all()

    def clean(self):
        cleaned = super().clean()
        area, municipality = cleaned.get("area"), cleaned.get("municipality")
        if area and municipality and municipality.area_id != area.id:
            self.add_error("municipality", _("This municipality is not in the chosen area."))
        return cleaned


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("A CSV file (UTF-8) or an Excel workbook (.xlsx) with one entry per row and a header row."),
    )
    target = forms.ChoiceField(label=_("Import into"))

    MAX_SIZE = 10 * 1024 * 1024

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [(str(target.pk), str(target)) for target in targets]
        self.targets = {str(target.pk): target for target in targets}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        if upload.size > self.MAX_SIZE:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload

    def clean_target(self):
        return self.targets[self.cleaned_data["target"]]
