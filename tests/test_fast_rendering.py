"""Faster rendering, same markup: plain inputs in Python (crocoos.form_rendering), text_field for
crispy's field, the language switcher's options, row_url for {% url %}."""

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.template import engines
from django.utils.safestring import mark_safe

from cases.forms.concerns import ConcernForm
from crocoos.form_rendering import InputRenderer

WIDGETS = [
    forms.TextInput(attrs={"list": "x", "autocomplete": "off", "maxlength": 5, "data-x": "a\"<b>&'"}),
    forms.DateInput(attrs={"type": "date"}),
    forms.HiddenInput(),
    forms.Textarea(attrs={"rows": 3}),
    forms.EmailInput(),
    forms.NumberInput(),
    forms.TextInput(attrs={"disabled": True, "readonly": False}),
    forms.Select(choices=[("a", "Å"), ("b", "<b>")]),
]
VALUES = [None, "", "plain", "q\"uo<te>&'", mark_safe("<b>safe</b>"), datetime.date(2024, 1, 2), 0, 12.5]
ATTRS = [{}, {"required": True, "aria-invalid": "true", "class": "a b"}, {"id": "id_x"}]


@pytest.mark.parametrize("widget", WIDGETS, ids=lambda widget: type(widget).__name__)
def test_inputs_have_the_markup_of_djangos_templates(widget):
    for value in VALUES:
        for attrs in ATTRS:
            fast = widget.render("næme<", value, attrs=attrs, renderer=InputRenderer())
            assert fast == widget.render("næme<", value, attrs=attrs, renderer=DjangoTemplates())


def _crispy(form, name):
    return (
        engines["django"]
        .from_string("{% load crispy_forms_tags %}{{ field|as_crispy_field }}")
        .render({"field": form[name]})
    )


def _text_field(form, name):
    return engines["django"].from_string("{% load crocoos_tags %}{% text_field field %}").render({"field": form[name]})


def _tags(html):
    return " ".join(html.split()).replace("> <", "><").replace(" </", "</").replace("> ", ">")


@pytest.mark.parametrize("data", [None, {"student": "Nobody <b>", "date": "2999-01-01", "text": ""}])
def test_text_field_renders_what_crispy_renders(data):
    form = ConcernForm(data, students=[], initial={"observer_name": "O'Neil"})
    if data:
        form.is_valid()
    for name in ("student", "date", "text", "observer_name", "observer_position"):
        assert _tags(_text_field(form, name)) == _tags(_crispy(form, name)), name


@pytest.mark.parametrize("current", ["en", "hu", "sr-latn"])
def test_language_options_are_those_of_the_template_loop(current):
    loop = (
        "{% load i18n %}{% get_available_languages as LANGUAGES %}"
        "{% get_language_info_list for LANGUAGES as languages %}"
        '{% for language in languages %}<option value="{{ language.code }}" lang="{{ language.code }}"'
        "{% if language.code == current %} selected{% endif %}>{{ language.name_local|capfirst }}</option>{% endfor %}"
    )
    tag = "{% load crocoos_tags %}{% language_options current %}"
    assert _render(tag, current=current) == _render(loop, current=current)


def _render(source, **context):
    return engines["django"].from_string(source).render(context)


def test_row_url_is_the_url_tag():
    for name, arg in (("case_detail", 7), ("action_update", 12), ("school_detail", 3)):
        source = "{% load crocoos_tags %}{% url name arg %}|{% row_url name arg %}|{% row_url name arg %}"
        url, first, again = _render(source, name=name, arg=arg).split("|")
        assert url == first == again
