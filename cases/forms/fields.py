import uuid

from django import forms
from django.core.exceptions import ValidationError


class SubmissionKeyField(forms.UUIDField):
    """The form's one-time key: the same form sent twice saves once.

    A missing or damaged key is not something the user can see or fix, so it is never an error:
    the submission gets a fresh key (and is saved once, like any other).
    """

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("initial", uuid.uuid4)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        try:
            key = super().to_python(value)
        except ValidationError:
            key = None
        return key or uuid.uuid4()
