from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The e-mail address or the password is not right. Both are case-sensitive."),
    }


class OneTimeCodeForm(forms.Form):
    """A six-digit code from an authenticator app, or a one-time recovery code."""

    token = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "one-time-code", "spellcheck": "false"}),
    )

    def clean_token(self):
        return "".join(self.cleaned_data["token"].split())


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class AccessReportForm(forms.Form):
    """Which students did this user open between two times? (breach investigation)"""

    email = forms.EmailField(label=_("User's e-mail address"))
    start = forms.DateTimeField(label=_("From"), widget=DateTimeLocalInput())
    end = forms.DateTimeField(label=_("Until"), widget=DateTimeLocalInput())

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        self.actor = get_user_model().objects.filter(email=email).first()
        if self.actor is None:
            raise forms.ValidationError(_("There is no user with this e-mail address."))
        return email

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", _("The end must come after the start."))
        return data
