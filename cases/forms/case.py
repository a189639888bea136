"""The case documentation form: the case's own fields and its four lists of rows."""

from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from cases.forms.fields import SubmissionKeyField
from cases.models import ActionItem, Case, CasePresence, InvolvedProfessional, Target
from crocoos.models import User
from directory.models import InSchoolProfessional, OutsidePartner

TEXTAREA = {"rows": 3}
ROW_TEXTAREA = {"rows": 2}


class CaseForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    submission_key = SubmissionKeyField()

    class Meta:
        model = Case
        fields = list(Case.FORM_FIELDS)
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "observed_problem": forms.Textarea(attrs=TEXTAREA),
            "observers": forms.Textarea(attrs={"rows": 2}),
            "professionals_view": forms.Textarea(attrs=TEXTAREA),
            "result_of_intervention": forms.Textarea(attrs=TEXTAREA),
            "further_interventions": forms.Textarea(attrs=TEXTAREA),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The model's callable default would add a hidden "initial-date" input; compare with the saved date.
        self.fields["date"].show_hidden_initial = False


class NewCaseForm(forms.ModelForm):
    submission_key = SubmissionKeyField()

    class Meta:
        model = Case
        fields = ["date", "observed_problem", "observers"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "observed_problem": forms.Textarea(attrs=TEXTAREA),
            "observers": forms.Textarea(attrs={"rows": 2}),
        }


class OrderedFormSet(BaseInlineFormSet):
    """Rows with an order number; 'add row' re-renders the bound forms plus one empty row."""

    def __init__(self, *args, choices=None, querysets=None, people=None, **kwargs):
        self.choices = choices or {}
        self.querysets = querysets or {}
        self.people = people or {}  # the directory's entries and users read for the pickers (people_suggestions)
        super().__init__(*args, **kwargs)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["position"].widget = forms.NumberInput(attrs={"min": 0, "class": "form-control row-order"})
        form.fields["position"].required = False
        # Submitted rows may only point at the case's school and area ...
        for name, queryset in self.querysets.items():
            if name in form.fields:
                form.fields[name].queryset = queryset
        # ... and the choices are built once per page, not once per row (flat query count).
        for name, choices in self.choices.items():
            if name in form.fields:
                form.fields[name].choices = choices

    def save_ordered(self):
        """Save the rows; empty order numbers go to the end, then renumber 1..n."""
        for index, form in enumerate(self.forms):
            if form.instance.position is None:
                form.instance.position = 1_000_000 + index
        self.save()
        rows = [form for form in self.forms if form.instance.pk and form not in self.deleted_forms]
        rows.sort(key=lambda form: form.instance.position)
        for number, form in enumerate(rows, start=1):
            if form.instance.position != number:
                form.instance.position = number
                form.instance.save(update_fields=["position"])


def _formset(model, fields, widgets=None, labels=None):
    return inlineformset_factory(
        Case,
        model,
        formset=OrderedFormSet,
        fields=[*fields, "position"],
        widgets=widgets or {},
        labels=labels or {},
        extra=0,
        can_delete=True,
    )


def _suggested(fills=None):
    """A text input offered the case's people (fills: the same row's field that a pick fills when
    empty, static/js/app.js) or, without fills, their institutes (people_suggestions)."""
    if fills is None:
        return forms.TextInput(attrs={"list": "case-institutes", "autocomplete": "off"})
    return forms.TextInput(attrs={"list": "case-people", "data-fills": fills, "autocomplete": "off"})


# "Present": typed, with the people the case's school and area know as suggestions.
PresenceFormSet = _formset(
    CasePresence, ["name", "institute"], widgets={"name": _suggested("institute"), "institute": _suggested()}
)
TargetFormSet = _formset(Target, ["text"], widgets={"text": forms.Textarea(attrs=ROW_TEXTAREA)})


class ProfessionalForm(forms.ModelForm):
    class Meta:
        model = InvolvedProfessional
        fields = ["in_school_professional", "outside_partner", "name", "institute", "role", "position"]
        widgets = {"name": _suggested("institute"), "institute": _suggested()}

    def clean(self):
        data = super().clean()
        if self.cleaned_data.get("DELETE"):
            return data
        if not (data.get("in_school_professional") or data.get("outside_partner") or data.get("name")):
            raise forms.ValidationError(_("Choose a professional from the directory or type a name."))
        return data


ProfessionalFormSet = inlineformset_factory(
    Case, InvolvedProfessional, form=ProfessionalForm, formset=OrderedFormSet, extra=0, can_delete=True
)


class ActionForm(forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = [
            "action",
            "responsible_institute",
            "responsible_name",
            "responsible_user",
            "responsible_partner",
            "responsible_professional",
            "deadline",
            "expected_result",
            "result",
            "status",
            "position",
        ]
        widgets = {
            "action": forms.Textarea(attrs=ROW_TEXTAREA),
            "expected_result": forms.Textarea(attrs=ROW_TEXTAREA),
            "result": forms.Textarea(attrs=ROW_TEXTAREA),
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "responsible_name": _suggested("responsible_institute"),
            "responsible_institute": _suggested(),
        }
        labels = {"responsible_name": _("Responsible professional (typed)")}


ActionFormSet = inlineformset_factory(
    Case, ActionItem, form=ActionForm, formset=OrderedFormSet, extra=0, can_delete=True
)

FORMSETS = {
    "presences": PresenceFormSet,
    "professionals": ProfessionalFormSet,
    "targets": TargetFormSet,
    "actions": ActionFormSet,
}


def directory_pickers(case):
    """Querysets and choices for the directory and user pickers of every row, built once per page."""
    empty = [("", "---------")]
    professionals = InSchoolProfessional.objects.filter(school_id=case.school_id, archived_at__isnull=True)
    partners = OutsidePartner.objects.filter(area_id=case.area_id, archived_at__isnull=True)
    place = {"memberships__school_id": case.school_id} if case.school_id else {"memberships__area_id": case.area_id}
    users = User.objects.filter(is_active=True, pk__in=User.objects.filter(**place).values("pk")).order_by("full_name")
    professional_list, partner_list, user_list = list(professionals), list(partners), list(users)
    professional_choices = empty + [(p.pk, str(p)) for p in professional_list]
    partner_choices = empty + [(p.pk, str(p)) for p in partner_list]
    user_choices = empty + [(u.pk, f"{u.full_name} ({u.email})") for u in user_list]
    return {
        "presences": {"people": {"professionals": professional_list, "partners": partner_list, "users": user_list}},
        "targets": {},
        "professionals": {
            "querysets": {"in_school_professional": professionals, "outside_partner": partners},
            "choices": {"in_school_professional": professional_choices, "outside_partner": partner_choices},
        },
        "actions": {
            "querysets": {
                "responsible_professional": professionals,
                "responsible_partner": partners,
                "responsible_user": users,
            },
            "choices": {
                "responsible_professional": professional_choices,
                "responsible_partner": partner_choices,
                "responsible_user": user_choices,
            },
        },
    }


def people_suggestions(case, formsets):
    """[(name, institute)] offered as the names of the case form's rows ("Present", the typed
    professionals, the action plan's responsible), by name: the professionals involved in the case
    (as saved), the school's professionals in the directory and the users of the case's school (of
    its area for a case without a school), read for the pickers already (no query)."""
    people = formsets["presences"].people
    professionals = {p.pk: p for p in people.get("professionals", ())}
    partners = {p.pk: p for p in people.get("partners", ())}
    school = case.school.name if case.school_id else ""
    found = set()
    for row in formsets["professionals"].initial_forms:
        involved = row.instance
        if involved.in_school_professional_id in professionals:
            found.add((professionals[involved.in_school_professional_id].name, school))
        elif involved.outside_partner_id in partners:
            partner = partners[involved.outside_partner_id]
            found.add((partner.contact_name or partner.institute, partner.institute))
        if involved.name:
            found.add((involved.name, involved.institute))
    found.update((professional.name, school) for professional in professionals.values())
    found.update((user.full_name, school) for user in people.get("users", ()) if user.full_name)
    return sorted(found, key=lambda person: (person[0].casefold(), person[1].casefold()))


class CloseForm(forms.Form):
    outcome = forms.CharField(
        label=_("Outcome"),
        widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={"required": _("Write the outcome to close the case.")},
    )
