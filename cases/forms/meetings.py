from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import ActionItem, Invitation, InviteeGroup, Meeting
from cases.services.meetings import invitable_users
from crocoos.models import Area
from directory.models import OutsidePartner

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class MeetingForm(forms.ModelForm):
    """Convene or change a meeting. `schools`: the schools the user may convene for."""

    class Meta:
        model = Meeting
        fields = ["kind", "title", "date", "start_time", "end_time", "place", "school"]
        widgets = {"date": DATE, "start_time": TIME, "end_time": TIME}

    def __init__(self, *args, schools, school_required=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        self.fields["school"].required = school_required
        self.fields["school"].help_text = _("Leave empty for a meeting of the whole area.")

    def clean(self):
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The meeting must end after it starts."))
        return data


class ConveneForm(MeetingForm):
    repeat_every_weeks = forms.IntegerField(label=_("Repeat every … weeks"), min_value=1, max_value=26, required=False)
    repeat_until = forms.DateField(label=_("Repeat until"), required=False, widget=DATE)

    def clean(self):
        data = super().clean()
        every, until = data.get("repeat_every_weeks"), data.get("repeat_until")
        if every and data.get("kind") != Meeting.Kind.REGULAR:
            self.add_error("repeat_every_weeks", _("Only regular partnership meetings repeat."))
        if every and not until:
            self.add_error("repeat_until", _("Say until when the meeting repeats."))
        if every and until and data.get("date") and until <= data["date"]:
            self.add_error("repeat_until", _("The last date must be after the first meeting."))
        return data


class GeneralItemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    topic = forms.CharField(label=_("Topic"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CaseItemForm(forms.Form):
    case = forms.IntegerField(widget=forms.HiddenInput)
    topic = forms.CharField(label=_("Topic"), required=False, max_length=500)


class FindForm(forms.Form):
    """The type-ahead searches of the meeting page (agenda candidates, people to invite)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)


class InviteEmailForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    name = forms.CharField(label=_("Name"), max_length=150, required=False)
    institute = forms.CharField(label=_("Institute"), max_length=200, required=False)
    is_core = forms.BooleanField(label=_("Core group"), required=False)


class ResponseForm(forms.Form):
    response = forms.ChoiceField(
        label=_("Your answer"),
        choices=[c for c in Invitation.Response.choices if c[0] != Invitation.Response.PENDING],
        widget=forms.RadioSelect,
    )
    substitute_name = forms.CharField(label=_("Who comes instead (name, position)"), max_length=150, required=False)

    def clean(self):
        data = super().clean()
        if data.get("response") == Invitation.Response.SUBSTITUTE and not data.get("substitute_name", "").strip():
            self.add_error("substitute_name", _("Say who comes instead of you."))
        return data


class MinutesForm(forms.Form):
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    professionals_view = forms.CharField(
        label=_("The problem according to involved professionals"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    targets = forms.CharField(label=_("Targets (one a line)"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ActionRowForm(forms.ModelForm):
    row = forms.IntegerField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = ActionItem
        fields = ["responsible_name", "responsible_institute", "action", "deadline", "expected_result"]
        labels = {"responsible_name": _("Who"), "action": _("Does what"), "deadline": _("When")}
        widgets = {
            "action": forms.Textarea(attrs={"rows": 2}),
            "expected_result": forms.Textarea(attrs={"rows": 2}),
            "deadline": DATE,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].required = False

    def clean(self):
        data = super().clean()
        filled = any(data.get(name) for name in ("responsible_name", "deadline", "expected_result"))
        if filled and not (data.get("action") or "").strip() and not data.get("DELETE"):
            self.add_error("action", _("Say what is to be done."))
        return data


ActionRowFormSet = forms.formset_factory(ActionRowForm, extra=2, can_delete=True)


class NextMeetingForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    start_time = forms.TimeField(label=_("Starts"), widget=TIME)
    end_time = forms.TimeField(label=_("Ends"), widget=TIME)

    def clean(self):
        data = super().clean()
        if data.get("start_time") and data.get("end_time") and data["end_time"] <= data["start_time"]:
            self.add_error("end_time", _("The meeting must end after it starts."))
        return data


class InviteeGroupForm(forms.ModelForm):
    """A saved group of invitees: its name, kind and members, chosen from its area's partners and staff.

    `areas`: the areas the user looks after; the area is asked only for a new group when there are several.
    """

    area = forms.ModelChoiceField(label=_("Area"), queryset=Area.objects.none())

    class Meta:
        model = InviteeGroup
        fields = ["name", "kind", "partners", "users"]
        widgets = {"partners": forms.CheckboxSelectMultiple, "users": forms.CheckboxSelectMultiple}

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk or len(areas) == 1:
            del self.fields["area"]
            area = self.instance.area if self.instance.pk else areas[0]
            self.instance.area = area
        else:
            self.fields["area"].queryset = Area.objects.filter(pk__in=[a.pk for a in areas])
            area = self._chosen_area(areas)
        partners = OutsidePartner.objects.filter(archived_at=None).select_related("sector")
        self.fields["partners"].queryset = partners.filter(area=area) if area else partners.none()
        self.fields["users"].queryset = invitable_users(area) if area else self.fields["users"].queryset.none()
        self.fields["partners"].label = _("Partners from the directory")
        self.fields["users"].label = _("Colleagues with an account")
        self.fields["users"].label_from_instance = lambda user: f"{user.full_name} ({user.email})"
        self.fields["partners"].label_from_instance = lambda p: f"{p} · {p.sector}" if p.sector_id else str(p)

    def _chosen_area(self, areas):
        chosen = self.data.get(self.add_prefix("area")) if self.is_bound else None
        return next((a for a in areas if str(a.pk) == chosen), None)

    def clean(self):
        data = super().clean()
        area = data.get("area") or getattr(self.instance, "area", None)
        name = (data.get("name") or "").strip()
        if area and name:
            others = InviteeGroup.objects.filter(area=area).exclude(pk=self.instance.pk).values_list("name", flat=True)
            if name.casefold() in {other.casefold() for other in others}:
                self.add_error("name", _("The area already has a group with this name."))
        if area:
            self.instance.area = area
        return data
