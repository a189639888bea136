"""`|crispy_static`: an empty form rendered once per language; anything else rendered every time."""

from django import forms
from django.template import Context, Template
from django.utils import translation

from cases.forms.meetings import GeneralItemForm, InviteEmailForm

TEMPLATE = Template("{% load crocoos_tags %}{{ form|crispy_static }}")


def render(form):
    return TEMPLATE.render(Context({"form": form}))


def test_an_empty_form_renders_as_crispy_does_in_each_language():
    from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form

    for language, label in (("en", "Title"), ("hu", "Cím"), ("nb", "Tittel")):
        with translation.override(language):
            html = render(GeneralItemForm())
            assert html == as_crispy_form(GeneralItemForm())
            assert f"{label}<span" in html and 'maxlength="200"' in html
            assert render(GeneralItemForm()) == html


def test_a_bound_form_keeps_what_was_typed_and_shows_its_errors():
    render(InviteEmailForm())  # the empty form is cached first
    form = InviteEmailForm({"email": "not-an-address", "name": "Ragnhild Sæther"})
    form.is_valid()
    html = render(form)
    assert 'value="Ragnhild Sæther"' in html and 'value="not-an-address"' in html and "is-invalid" in html
    assert 'value="Ragnhild Sæther"' not in render(InviteEmailForm())


def test_forms_with_choices_or_initial_values_are_not_cached():
    class Pick(forms.Form):
        who = forms.ChoiceField(choices=[])

        def __init__(self, names):
            super().__init__()
            self.fields["who"].choices = [(name, name) for name in names]

    assert "Åse" in render(Pick(["Åse"])) and "Åse" not in render(Pick(["Ödön"]))
    assert 'value="Kari"' in render(InviteEmailForm(initial={"name": "Kari"}))
    assert 'value="Kari"' not in render(InviteEmailForm())
