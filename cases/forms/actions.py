from django import forms

from cases.models import ActionItem


class ActionUpdateForm(forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = ["status", "result"]
        widgets = {"result": forms.Textarea(attrs={"rows": 3})}
